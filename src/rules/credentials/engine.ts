/**
 * The credential engine: which tiers of 140.453(b) a staff member holds on a date, by which route,
 * whether their QMHP supervision is in place, whether they may administer medication, and which written
 * prescriber designations are in force. Pure: facts in, answer out.
 *
 * Supervision. A person holds a tier by qualifications; supervision is reported separately.
 * `requiresQmhpSupervision` is true when the person holds at least one tier and none through a route the
 * text leaves unsupervised: (b)(5)(A)(ii) and (b)(6)(B) say "delivering services under the supervision of
 * a QMHP", (b)(3), (b)(4), (b)(5)(A)(i) and (b)(6)(A) do not, and (b)(5)(B) (MHP designated before
 * 2011-07-01, kept through the continual course of the employment) attaches no supervision either, so an
 * MHP by (b)(5)(B) alone does not need it. Someone holding no tier is not reported as needing
 * supervision: the claim engine reports the missing tier. The supervisor is checked without recursing into
 * their own supervisor (a QMHP needs none).
 */
import { addDays, assertDateOnly, type DateOnly } from '../dates';
import type { StaffFacts } from '../facts';
import type { ActiveDesignation, CredentialContext, CredentialResult, MedicationAdministration } from './types';
import { isMalformedPeriod } from './experience';
import { missingForNextTier } from './missing';
import { peerWindowWarning } from './peer';
import {
  evaluateTiers,
  isEmployed,
  isValidOn,
  MEDICATION_LICENCES,
  MHP_DESIGNATION_CUTOFF,
  OT_42CFR_NUMBER,
  prepare,
  prescribingLicence,
  TIER_BIT,
  tiersOfMask,
  validLicence,
  type Prepared,
} from './routes';
import { CERTIFICATION_NAMES, LICENSE_NAMES, lapseText, licenceText } from './text';

/** Prepared facts shared within one call (a roster, a supervisor used by many). */
export class PreparedCache {
  private readonly map = new Map<StaffFacts, Prepared>();
  get(staff: StaffFacts): Prepared {
    let p = this.map.get(staff);
    if (!p) {
      p = prepare(staff);
      this.map.set(staff, p);
    }
    return p;
  }
}

interface SupervisionCheck {
  ok: boolean;
  reason: string;
}

function supervisionAt(staff: StaffFacts, sup: Prepared | undefined, date: DateOnly): SupervisionCheck {
  const id = staff.supervisorStaffId;
  if (!id) return { ok: false, reason: `no QMHP supervisor is recorded (needed on ${date}).` };
  if (!sup) return { ok: false, reason: `supervisor ${id} is not a registered staff member.` };
  const s = sup.staff;
  const who = `${s.name} (${s.id})`;
  if (s.id === staff.id) return { ok: false, reason: 'a person cannot be their own supervisor.' };
  if (s.providerId !== staff.providerId) return { ok: false, reason: `supervisor ${who} is staff of another provider (${s.providerId}).` };
  if (!isEmployed(s, date)) {
    const why = date < s.hireDate ? `hired only on ${s.hireDate}` : `employment ended ${s.endDate}`;
    return { ok: false, reason: `supervisor ${who} is not employed on ${date} (${why}).` };
  }
  const out = evaluateTiers(sup, date, true);
  if (!(out.mask & TIER_BIT.QMHP)) {
    const held = tiersOfMask(out.mask)[0];
    return { ok: false, reason: `supervisor ${who} does not hold QMHP on ${date} (${held ? `highest tier ${held}` : 'holds no tier'}).` };
  }
  const qmhp = out.basis?.find((b) => b.tier === 'QMHP');
  return { ok: true, reason: `supervised by ${who}, QMHP${qmhp ? ` by ${qmhp.citation}` : ''} on ${date}, employed by the same provider.` };
}

function mayAdminister(staff: StaffFacts, date: DateOnly): boolean {
  return MEDICATION_LICENCES.some((k) => validLicence(staff, k, date) != null);
}

function medicationAt(staff: StaffFacts, date: DateOnly): MedicationAdministration {
  for (const k of MEDICATION_LICENCES) {
    const l = validLicence(staff, k, date);
    if (l) return { allowed: true, citation: '140.453(d)(2)(C)(v)', reason: `may administer medication: ${licenceText(l)}.` };
  }
  const lapsed = staff.licenses.filter((l) => MEDICATION_LICENCES.includes(l.kind));
  const detail = lapsed.length
    ? `; ${lapsed.map((l) => `${LICENSE_NAMES[l.kind]} licence ${l.state} ${l.number} ${lapseText(l, date)}`).join('; ')}`
    : '';
  return {
    allowed: false,
    citation: '140.453(d)(2)(C)(v)',
    reason: `no physician, advanced practice nurse, registered nurse or practical nurse licence is valid on ${date}${detail}.`,
  };
}

function designationActive(d: { designatedOn: DateOnly; endsOn: DateOnly | null }, date: DateOnly): boolean {
  return d.designatedOn <= date && (d.endsOn == null || d.endsOn >= date);
}

function designationsAt(staff: StaffFacts, date: DateOnly, ctx: CredentialContext): ActiveDesignation[] {
  const out: ActiveDesignation[] = [];
  for (const d of staff.prescriberDesignations) {
    if (!designationActive(d, date)) continue;
    const by = ctx.staffById(d.designatedByStaffId);
    const services = d.services.map((s) => s.toLowerCase().replace('_', ' ')).join(' and ');
    const base = `designated in writing on ${d.designatedOn} to provide ${services}${d.endsOn ? ` until ${d.endsOn}` : ''}`;
    let prescriberLicensed = false;
    let reason: string;
    if (!by) reason = `${base} by ${d.designatedByStaffId}, who is not a registered staff member: a prescribing licence cannot be confirmed.`;
    else {
      const lic = prescribingLicence(by, d.designatedOn);
      prescriberLicensed = lic != null;
      reason = lic
        ? `${base} by ${by.name} (${by.id}), who held a ${licenceText(lic)} on ${d.designatedOn}.`
        : `${base} by ${by.name} (${by.id}), who held no valid physician or advanced practice nurse licence on ${d.designatedOn}.`;
    }
    out.push({ designatedByStaffId: d.designatedByStaffId, designatedOn: d.designatedOn, services: [...d.services], prescriberLicensed, reason });
  }
  return out;
}

function warningsFor(staff: StaffFacts, asOf: DateOnly, employed: boolean, designations: ActiveDesignation[]): string[] {
  const w: string[] = [];
  if (!employed)
    w.push(
      `not employed by provider ${staff.providerId} on ${asOf} (hired ${staff.hireDate}${staff.endDate ? `, last day ${staff.endDate}` : ''}); tiers are from qualifications only.`,
    );
  for (const l of staff.licenses)
    if (l.expiresOn == null && l.issuedOn <= asOf && l.number !== OT_42CFR_NUMBER)
      w.push(`${LICENSE_NAMES[l.kind]} licence ${l.state} ${l.number} has no expiry date recorded: treated as valid on ${asOf}; record its expiry.`);
  for (const c of staff.certifications)
    if (c.expiresOn == null && c.issuedOn <= asOf && c.kind !== 'PSYCH_REHAB')
      w.push(`${CERTIFICATION_NAMES[c.kind]} has no expiry date recorded: treated as current on ${asOf}; record its expiry.`);
  if (staff.mhpDesignatedBefore2011) {
    if (staff.hireDate >= MHP_DESIGNATION_CUTOFF)
      w.push(
        `mhpDesignatedBefore2011 is recorded, but this employment began ${staff.hireDate} (on or after ${MHP_DESIGNATION_CUTOFF}): the designation is no longer valid once the person leaves the employer that designated them (140.453(b)(5)(B)).`,
      );
    else if (!employed) w.push(`the MHP designation of 140.453(b)(5)(B) holds only during the continual course of employment; not employed on ${asOf}.`);
  }
  if (staff.rsaAbilitiesAttestedOn && !staff.birthDate)
    w.push('rsaAbilitiesAttestedOn is recorded but birthDate is not: age 21 cannot be confirmed for 140.453(b)(6)(B)(ii).');
  for (const e of staff.experience)
    if (isMalformedPeriod(e)) w.push(`experience ${e.kind} from ${e.from} to ${e.to} ends before it starts: ignored.`);
  for (const d of designations) if (!d.prescriberLicensed) w.push(d.reason);
  const peer = peerWindowWarning(staff, asOf);
  if (peer) w.push(peer);
  return w;
}

/** Every date on which something about this person can change: starts, and the day after each end. */
function changeDates(p: Prepared, out: DateOnly[]): void {
  const s = p.staff;
  out.push(s.hireDate);
  if (s.endDate) out.push(addDays(s.endDate, 1));
  for (const l of s.licenses) {
    out.push(l.issuedOn);
    if (l.expiresOn) out.push(addDays(l.expiresOn, 1));
  }
  for (const c of s.certifications) {
    out.push(c.issuedOn);
    if (c.expiresOn) out.push(addDays(c.expiresOn, 1));
  }
  for (const d of s.degrees) if (d.conferredOn) out.push(d.conferredOn);
  for (const t of s.trainings) out.push(t.completedOn);
  for (const k in p.done) {
    const c = p.done[k as keyof typeof p.done];
    if (c) out.push(c);
  }
  if (p.turns21) out.push(p.turns21);
  if (s.rsaAbilitiesAttestedOn) out.push(s.rsaAbilitiesAttestedOn);
  for (const d of s.prescriberDesignations) {
    out.push(d.designatedOn);
    if (d.endsOn) out.push(addDays(d.endsOn, 1));
  }
}

/** supervisionAt without the sentence, for the validUntil scan. */
function supervisorOkOn(staff: StaffFacts, sup: Prepared | undefined, date: DateOnly): boolean {
  if (!sup || sup.staff.id === staff.id || sup.staff.providerId !== staff.providerId || !isEmployed(sup.staff, date)) return false;
  return (evaluateTiers(sup, date, false).mask & TIER_BIT.QMHP) !== 0;
}

/**
 * What validUntil compares, packed in a number: tiers, supervision needed and in place, medication,
 * employment, and which designations are in force (a string past 40 designations).
 */
function signature(p: Prepared, sup: Prepared | undefined, date: DateOnly): number | string {
  const s = p.staff;
  const o = evaluateTiers(p, date, false);
  const requires = o.mask !== 0 && !o.unsupervised;
  const supOk = requires ? (supervisorOkOn(s, sup, date) ? 2 : 1) : 0;
  const base = o.mask | (supOk << 4) | ((mayAdminister(s, date) ? 1 : 0) << 6) | ((isEmployed(s, date) ? 1 : 0) << 7);
  const list = s.prescriberDesignations;
  if (list.length <= 40) {
    let bits = 0;
    for (let i = 0; i < list.length; i++) if (designationActive(list[i], date)) bits += 2 ** i;
    return base + bits * 256;
  }
  let active = '';
  for (let i = 0; i < list.length; i++) if (designationActive(list[i], date)) active += `${i},`;
  return `${base}|${active}`;
}

function validUntilOf(p: Prepared, sup: Prepared | undefined, asOf: DateOnly, current: number | string): DateOnly | null {
  const dates: DateOnly[] = [];
  changeDates(p, dates);
  if (sup && sup !== p) changeDates(sup, dates);
  const later = [...new Set(dates.filter((d) => d > asOf))].sort();
  for (const d of later) if (signature(p, sup, d) !== current) return d;
  return null;
}

export function resolveSupervisor(p: Prepared, ctx: CredentialContext, cache: PreparedCache): Prepared | undefined {
  const id = p.staff.supervisorStaffId;
  if (!id) return undefined;
  const s = ctx.staffById(id);
  return s ? cache.get(s) : undefined;
}

/** The answer for a prepared person (used by evaluateCredential and rosterExpirations). */
export function evaluatePrepared(p: Prepared, asOf: DateOnly, ctx: CredentialContext, cache: PreparedCache): CredentialResult {
  const staff = p.staff;
  const employed = isEmployed(staff, asOf);
  const outcome = evaluateTiers(p, asOf, true);
  const tiers = tiersOfMask(outcome.mask);
  const tier = tiers[0] ?? null;
  const requiresQmhpSupervision = outcome.mask !== 0 && !outcome.unsupervised;
  const sup = resolveSupervisor(p, ctx, cache);

  let supervisorOk: boolean | null = null;
  let supervisorReason: string;
  if (requiresQmhpSupervision) {
    const check = supervisionAt(staff, sup, asOf);
    supervisorOk = check.ok;
    supervisorReason = check.reason;
  } else if (outcome.mask === 0) supervisorReason = `holds no tier on ${asOf}: supervision does not apply.`;
  else if (outcome.mask & TIER_BIT.QMHP) supervisorReason = 'holds QMHP: no supervision required.';
  else supervisorReason = 'MHP by 140.453(b)(5)(B): the designation carries no supervision requirement.';

  const designations = designationsAt(staff, asOf, ctx);
  const current = signature(p, sup, asOf);
  return {
    staffId: staff.id,
    asOf,
    employed,
    tier,
    tiers,
    basis: outcome.basis ?? [],
    requiresQmhpSupervision,
    supervisorOk,
    supervisorReason,
    mayAdministerMedication: medicationAt(staff, asOf),
    designations,
    validUntil: validUntilOf(p, sup, asOf, current),
    missingForNextTier: missingForNextTier(p, asOf, tier),
    warnings: warningsFor(staff, asOf, employed, designations),
  };
}

/** Which tiers of 140.453(b) `staff` holds on `asOf`, by which routes, and what goes with them. */
export function evaluateCredential(staff: StaffFacts, asOf: DateOnly, ctx: CredentialContext): CredentialResult {
  assertDateOnly(asOf, 'asOf');
  return evaluatePrepared(prepare(staff), asOf, ctx, new PreparedCache());
}

/** Only the tiers held on a date (no text), for callers that evaluate many dates. */
export function tiersOn(p: Prepared, date: DateOnly): ReturnType<typeof tiersOfMask> {
  return tiersOfMask(evaluateTiers(p, date, false).mask);
}

export { isValidOn, mayAdminister };

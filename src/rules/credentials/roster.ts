/**
 * A provider's roster: each person's tier today and the licences and certifications that lapse soon,
 * with the tier they would hold the day after the lapse.
 *
 * "Lapse within N days": a credential valid on asOf whose expiresOn is on or before asOf + N (it lapses
 * on expiresOn + 1). A credential renewed in advance (another of the same kind, and for licences the same
 * state, valid on the lapse day) does not lapse and is not listed. The tier after is evaluated on the
 * lapse day with every fact as recorded, so other changes falling on that day count too.
 */
import { addDays, assertDateOnly, type DateOnly } from '../dates';
import type { StaffFacts } from '../facts';
import type { CertificationKind, LicenseKind, Tier } from '../vocabulary';
import type { CredentialContext } from './types';
import { evaluatePrepared, mayAdminister, PreparedCache } from './engine';
import { evaluateTiers, isValidOn, TIER_ORDER, tiersOfMask } from './routes';
import { certificationText, licenceText } from './text';

export interface ExpiringCredential {
  type: 'LICENSE' | 'CERTIFICATION';
  kind: LicenseKind | CertificationKind;
  /** licences only */
  state: string | null;
  number: string | null;
  expiresOn: DateOnly;
  /** expiresOn + 1: the first day it is not valid, when the tier after is evaluated */
  lapsesOn: DateOnly;
  tierAfter: Tier | null;
  tiersAfter: Tier[];
  /** the highest tier on lapsesOn is lower than on asOf */
  dropsTier: boolean;
  mayAdministerMedicationAfter: boolean;
  /** e.g. "registered nurse licence IL 041.1 valid through 2026-03-31 lapses on 2026-04-01: QMHP → MHP" */
  description: string;
}

export interface RosterEntry {
  staffId: string;
  name: string;
  providerId: string;
  employed: boolean;
  tier: Tier | null;
  tiers: Tier[];
  /** how the highest tier is held: its citation and the sentence saying why (null without a tier) */
  route: { citation: string; reason: string } | null;
  requiresQmhpSupervision: boolean;
  supervisorOk: boolean | null;
  validUntil: DateOnly | null;
  /** soonest first */
  expiring: ExpiringCredential[];
}

function rank(t: Tier | null): number {
  return t == null ? TIER_ORDER.length : TIER_ORDER.indexOf(t);
}

function routeOf(result: { tier: Tier | null; basis: { tier: Tier; citation: string; reason: string }[] }): RosterEntry['route'] {
  const held = result.basis.find((b) => b.tier === result.tier);
  return held ? { citation: held.citation, reason: held.reason } : null;
}

export function rosterExpirations(staffList: readonly StaffFacts[], asOf: DateOnly, withinDays: number, ctx: CredentialContext): RosterEntry[] {
  assertDateOnly(asOf, 'asOf');
  if (!Number.isInteger(withinDays) || withinDays < 0) throw new RangeError(`withinDays must be a whole number of days >= 0, got ${withinDays}`);
  const horizon = addDays(asOf, withinDays);
  const cache = new PreparedCache();
  return staffList.map((staff) => {
    const p = cache.get(staff);
    const now = evaluatePrepared(p, asOf, ctx, cache);
    const candidates: { type: ExpiringCredential['type']; kind: LicenseKind | CertificationKind; state: string | null; number: string | null; expiresOn: DateOnly; text: string }[] = [];
    for (const l of staff.licenses) {
      if (!l.expiresOn || !isValidOn(l, asOf) || l.expiresOn > horizon) continue;
      const lapsesOn = addDays(l.expiresOn, 1);
      if (staff.licenses.some((o) => o !== l && o.kind === l.kind && o.state === l.state && isValidOn(o, lapsesOn))) continue;
      candidates.push({ type: 'LICENSE', kind: l.kind, state: l.state, number: l.number, expiresOn: l.expiresOn, text: licenceText(l) });
    }
    for (const c of staff.certifications) {
      if (!c.expiresOn || !isValidOn(c, asOf) || c.expiresOn > horizon) continue;
      const lapsesOn = addDays(c.expiresOn, 1);
      if (staff.certifications.some((o) => o !== c && o.kind === c.kind && isValidOn(o, lapsesOn))) continue;
      candidates.push({ type: 'CERTIFICATION', kind: c.kind, state: null, number: null, expiresOn: c.expiresOn, text: certificationText(c) });
    }
    candidates.sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : a.expiresOn > b.expiresOn ? 1 : 0));
    const expiring = candidates.map((c): ExpiringCredential => {
      const lapsesOn = addDays(c.expiresOn, 1);
      const tiersAfter = tiersOfMask(evaluateTiers(p, lapsesOn, false).mask);
      const tierAfter = tiersAfter[0] ?? null;
      const dropsTier = rank(tierAfter) > rank(now.tier);
      const change = dropsTier ? `${now.tier} → ${tierAfter ?? 'no tier'}` : `remains ${tierAfter ?? 'without a tier'}`;
      const medicationAfter = mayAdminister(staff, lapsesOn);
      const med = now.mayAdministerMedication.allowed && !medicationAfter ? '; may no longer administer medication' : '';
      return {
        type: c.type,
        kind: c.kind,
        state: c.state,
        number: c.number,
        expiresOn: c.expiresOn,
        lapsesOn,
        tierAfter,
        tiersAfter,
        dropsTier,
        mayAdministerMedicationAfter: medicationAfter,
        description: `${c.text} lapses on ${lapsesOn}: ${change}${med}.`,
      };
    });
    return {
      staffId: staff.id,
      name: staff.name,
      providerId: staff.providerId,
      employed: now.employed,
      tier: now.tier,
      tiers: now.tiers,
      route: routeOf(now),
      requiresQmhpSupervision: now.requiresQmhpSupervision,
      supervisorOk: now.supervisorOk,
      validUntil: now.validUntil,
      expiring,
    };
  });
}

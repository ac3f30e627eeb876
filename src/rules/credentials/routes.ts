/**
 * The routes of 140.453(b)(3)-(6) to each tier, as predicates over the facts on one date.
 *
 * A route's `test` answers the readable facts it used (for the basis sentence) or null. Nothing is
 * assumed: a fact that is not recorded never qualifies anyone.
 */
import { addDays, addMonths, ageOn, type DateOnly } from '../dates';
import type { CertificationFact, DegreeFact, LicenseFact, StaffFacts, TrainingFact } from '../facts';
import type { CertificationKind, DegreeField, DegreeLevel, LicenseKind, Tier, TrainingKind } from '../vocabulary';
import type { CredentialBasis } from './types';
import { mergePeriods, completionDate, REQUIREMENTS, REQUIREMENT_KEYS, type DayRange, type RequirementKey } from './experience';
import { certificationText, degreeText, hours, licenceText } from './text';

/**
 * Convention for the 42 CFR 484.4 alternative of 140.453(b)(4)(C) (and the same clause in the
 * occupational therapy assistant bullet of (b)(5)(A)(ii)): where the state of practice does not license
 * occupational therapists, the registry records that the person meets 42 CFR 484.4 as an
 * OCCUPATIONAL_THERAPIST (or OCCUPATIONAL_THERAPY_ASSISTANT) licence whose `number` is the literal string
 * '42CFR484.4', `issuedOn` the date the requirements were met, and usually no expiry (no "no expiry
 * recorded" warning is raised for it). The reason then says the 42 CFR route was used.
 */
export const OT_42CFR_NUMBER = '42CFR484.4';

/** 140.453(b)(5)(B): designated as an MHP prior to July 1, 2011. */
export const MHP_DESIGNATION_CUTOFF: DateOnly = '2011-07-01';

/** The fields of 140.453(b)(4)(D). */
export const QMHP_DEGREE_FIELDS: readonly DegreeField[] = [
  'COUNSELING_AND_GUIDANCE',
  'REHABILITATION_COUNSELING',
  'SOCIAL_WORK',
  'PSYCHOLOGY',
  'PASTORAL_COUNSELING',
  'FAMILY_THERAPY',
  'RELATED_HUMAN_SERVICE',
];

/** The fields of the first bullet of 140.453(b)(5)(A)(ii). */
export const MHP_BACHELOR_FIELDS: readonly DegreeField[] = [
  'COUNSELING_AND_GUIDANCE',
  'REHABILITATION_COUNSELING',
  'SOCIAL_WORK',
  'EDUCATION',
  'VOCATIONAL_COUNSELING',
  'PSYCHOLOGY',
  'PASTORAL_COUNSELING',
  'FAMILY_THERAPY',
  'RELATED_HUMAN_SERVICE',
];

/** Licences that allow administering medication (140.453(d)(2)(C)(v)). */
export const MEDICATION_LICENCES: readonly LicenseKind[] = ['PHYSICIAN', 'ADVANCED_PRACTICE_NURSE', 'REGISTERED_NURSE', 'PRACTICAL_NURSE'];
/** Licences that allow prescribing (140.453(d)(2)(D)(iv), (E)(v)). */
export const PRESCRIBING_LICENCES: readonly LicenseKind[] = ['PHYSICIAN', 'ADVANCED_PRACTICE_NURSE'];

export const TIER_BIT: Record<Tier, number> = { LPHA: 1, QMHP: 2, MHP: 4, RSA: 8 };
export const TIER_ORDER: readonly Tier[] = ['LPHA', 'QMHP', 'MHP', 'RSA'];

export function tiersOfMask(mask: number): Tier[] {
  return TIER_ORDER.filter((t) => (mask & TIER_BIT[t]) !== 0);
}

/** Staff facts with the experience completion dates worked out once. */
export interface Prepared {
  staff: StaffFacts;
  merged: Record<RequirementKey, DayRange[]>;
  /** first date each experience requirement is met, or null */
  done: Record<RequirementKey, DateOnly | null>;
  /** the 21st birthday as ageOn counts it (29 February birthdays reach it on 1 March), or null */
  turns21: DateOnly | null;
}

export function prepare(staff: StaffFacts): Prepared {
  const merged = {} as Record<RequirementKey, DayRange[]>;
  const done = {} as Record<RequirementKey, DateOnly | null>;
  for (const key of REQUIREMENT_KEYS) {
    const req = REQUIREMENTS[key];
    merged[key] = mergePeriods(staff.experience, req);
    done[key] = completionDate(merged[key], req.months);
  }
  return { staff, merged, done, turns21: staff.birthDate ? birthdayAt(staff.birthDate, 21) : null };
}

/** The day someone born on `birthDate` reaches `years` of age, consistent with ageOn. */
export function birthdayAt(birthDate: DateOnly, years: number): DateOnly {
  const shifted = addMonths(birthDate, years * 12);
  // addMonths clamps 29 February to the 28th; ageOn only counts the birthday reached on 1 March
  return shifted.slice(5) !== birthDate.slice(5) ? addDays(shifted, 1) : shifted;
}

export function isEmployed(staff: StaffFacts, date: DateOnly): boolean {
  return staff.hireDate <= date && (staff.endDate == null || date <= staff.endDate);
}

/**
 * The one definition of a valid licence or current certificate, used by every engine: issued on or
 * before the date and not expired (valid through its expiry day). An expiry that is not recorded is read
 * as valid, and the credential answer warns to record it; it never makes one engine pass what another fails.
 */
export function isValidOn(item: { issuedOn: DateOnly; expiresOn: DateOnly | null }, date: DateOnly): boolean {
  return item.issuedOn <= date && (item.expiresOn == null || date <= item.expiresOn);
}

/** Prefer the item valid longest; an unrecorded expiry is preferred last (it is only assumed valid). */
function validLonger(a: { expiresOn: DateOnly | null }, best: { expiresOn: DateOnly | null }): boolean {
  if (best.expiresOn == null) return a.expiresOn != null;
  return a.expiresOn != null && a.expiresOn > best.expiresOn;
}

/** A licence of that kind valid on the date (the one valid longest when there are several). */
export function validLicence(staff: StaffFacts, kind: LicenseKind, date: DateOnly, accept?: (l: LicenseFact) => boolean): LicenseFact | undefined {
  let best: LicenseFact | undefined;
  for (const l of staff.licenses) {
    if (l.kind !== kind || !isValidOn(l, date) || (accept && !accept(l))) continue;
    if (!best || validLonger(l, best)) best = l;
  }
  return best;
}

/**
 * A licence to prescribe medication (physician or advanced practice nurse) valid on the date, 140.453(d)(2)(D)(iv), (E)(v);
 * `accept` narrows it further (an Illinois licence, Table O(a)(4)).
 */
export function prescribingLicence(staff: StaffFacts, date: DateOnly, accept?: (l: LicenseFact) => boolean): LicenseFact | undefined {
  for (const kind of PRESCRIBING_LICENCES) {
    const l = validLicence(staff, kind, date, accept);
    if (l) return l;
  }
  return undefined;
}

export function currentCertification(staff: StaffFacts, kind: CertificationKind, date: DateOnly): CertificationFact | undefined {
  let best: CertificationFact | undefined;
  for (const c of staff.certifications) {
    if (c.kind !== kind || !isValidOn(c, date)) continue;
    if (!best || validLonger(c, best)) best = c;
  }
  return best;
}

const LEVEL_RANK: Record<DegreeLevel, number> = { BACHELOR: 1, MASTER: 2, DOCTORATE: 3 };

export function degreeHeld(d: DegreeFact, date: DateOnly): boolean {
  return d.conferredOn == null || d.conferredOn <= date;
}

/**
 * The highest degree held on the date at `minLevel` or above, in one of `fields` (any field when omitted),
 * or, with `excludeFields`, in none of those.
 */
export function findDegree(
  staff: StaffFacts,
  date: DateOnly,
  minLevel: DegreeLevel,
  fields?: readonly DegreeField[],
  excludeFields?: readonly DegreeField[],
): DegreeFact | undefined {
  let best: DegreeFact | undefined;
  for (const d of staff.degrees) {
    if (LEVEL_RANK[d.level] < LEVEL_RANK[minLevel] || !degreeHeld(d, date)) continue;
    if (fields && !fields.includes(d.field)) continue;
    if (excludeFields && excludeFields.includes(d.field)) continue;
    if (!best || LEVEL_RANK[d.level] > LEVEL_RANK[best.level]) best = d;
  }
  return best;
}

export function trainingDone(staff: StaffFacts, kind: TrainingKind, date: DateOnly): TrainingFact | undefined {
  let best: TrainingFact | undefined;
  for (const t of staff.trainings) if (t.kind === kind && t.completedOn <= date && (!best || t.completedOn < best.completedOn)) best = t;
  return best;
}

export function experienceDone(p: Prepared, key: RequirementKey, date: DateOnly): boolean {
  const c = p.done[key];
  return c != null && c <= date;
}

function experienceText(p: Prepared, key: RequirementKey): string {
  return `${REQUIREMENTS[key].label} (complete ${p.done[key]})`;
}

function is42Cfr(l: LicenseFact): boolean {
  return l.number === OT_42CFR_NUMBER;
}

interface State {
  p: Prepared;
  s: StaffFacts;
  date: DateOnly;
  employed: boolean;
  lpha: boolean;
  qmhp: boolean;
  mhp: boolean;
}

export interface Route {
  tier: Tier;
  citation: string;
  /** held only while delivering services under the supervision of a QMHP */
  supervised: boolean;
  /** the (b)(5)(A)(ii) bullet, named since bullets have no letters */
  bullet?: string;
  /** the licence the route rests on, if any (what a lapse of it costs is reported from this) */
  licence?: LicenseKind;
  test(st: State): string | null;
}

function licenceRoute(tier: Tier, citation: string, kind: LicenseKind, accept?: (l: LicenseFact) => boolean): Route {
  return {
    tier,
    citation,
    supervised: false,
    licence: kind,
    test: (st) => {
      const l = validLicence(st.s, kind, st.date, accept);
      return l ? licenceText(l) : null;
    },
  };
}

function licenceWithGraduateDegree(citation: string, kind: LicenseKind): Route {
  return {
    tier: 'LPHA',
    citation,
    supervised: false,
    licence: kind,
    test: (st) => {
      const l = validLicence(st.s, kind, st.date);
      if (!l) return null;
      const d = findDegree(st.s, st.date, 'MASTER');
      return d ? `${licenceText(l)}, ${degreeText(d)}` : null;
    },
  };
}

export const ROUTES: readonly Route[] = [
  licenceRoute('LPHA', '140.453(b)(3)(A)', 'PHYSICIAN'),
  licenceRoute('LPHA', '140.453(b)(3)(B)', 'ADVANCED_PRACTICE_NURSE', (l) => l.specialty === 'PSYCHIATRY'),
  licenceRoute('LPHA', '140.453(b)(3)(C)', 'CLINICAL_PSYCHOLOGIST'),
  licenceWithGraduateDegree('140.453(b)(3)(D)', 'CLINICAL_PROFESSIONAL_COUNSELOR'),
  licenceRoute('LPHA', '140.453(b)(3)(E)', 'MARRIAGE_FAMILY_THERAPIST'),
  licenceWithGraduateDegree('140.453(b)(3)(F)', 'CLINICAL_SOCIAL_WORKER'),

  { tier: 'QMHP', citation: '140.453(b)(4)(A)', supervised: false, test: (st) => (st.lpha ? 'holds LPHA' : null) },
  {
    tier: 'QMHP',
    citation: '140.453(b)(4)(B)',
    supervised: false,
    licence: 'REGISTERED_NURSE',
    test: (st) => {
      const l = validLicence(st.s, 'REGISTERED_NURSE', st.date);
      if (!l) return null;
      const met: string[] = [];
      const mh = trainingDone(st.s, 'MENTAL_HEALTH_SERVICES', st.date);
      if (mh) met.push(`training in mental health services completed ${mh.completedOn}`);
      if (experienceDone(st.p, 'rnSupervisedClinical12', st.date)) met.push(experienceText(st.p, 'rnSupervisedClinical12'));
      const ca = trainingDone(st.s, 'CHILD_ADOLESCENT_TREATMENT', st.date);
      if (ca) met.push(`specialized training in the treatment of children and adolescents completed ${ca.completedOn}`);
      return met.length ? `${licenceText(l)}, ${met.join('; ')}` : null;
    },
  },
  {
    tier: 'QMHP',
    citation: '140.453(b)(4)(C)',
    supervised: false,
    licence: 'OCCUPATIONAL_THERAPIST',
    test: (st) => {
      if (!experienceDone(st.p, 'clinical12', st.date)) return null;
      const l = validLicence(st.s, 'OCCUPATIONAL_THERAPIST', st.date);
      if (!l) return null;
      const who = is42Cfr(l)
        ? `meets 42 CFR 484.4 for an occupational therapist (the state of practice does not license occupational therapists; recorded as ${OT_42CFR_NUMBER} from ${l.issuedOn})`
        : licenceText(l);
      return `${who}, ${experienceText(st.p, 'clinical12')}`;
    },
  },
  {
    tier: 'QMHP',
    citation: '140.453(b)(4)(D)(i)',
    supervised: false,
    test: (st) => {
      if (st.s.practicumHours == null || st.s.practicumHours < 1000) return null;
      const d = findDegree(st.s, st.date, 'MASTER', QMHP_DEGREE_FIELDS);
      return d ? `${degreeText(d)}, ${hours(st.s.practicumHours)} supervised practicum/internship hours` : null;
    },
  },
  {
    tier: 'QMHP',
    citation: '140.453(b)(4)(D)(ii)',
    supervised: false,
    test: (st) => {
      if (!experienceDone(st.p, 'qmhpSupervisedClinical12', st.date)) return null;
      const d = findDegree(st.s, st.date, 'MASTER', QMHP_DEGREE_FIELDS);
      return d ? `${degreeText(d)}, ${experienceText(st.p, 'qmhpSupervisedClinical12')}` : null;
    },
  },

  { tier: 'MHP', citation: '140.453(b)(5)(A)(i)', supervised: false, test: (st) => (st.qmhp ? 'holds QMHP' : null) },
  {
    tier: 'MHP',
    citation: '140.453(b)(5)(A)(ii)',
    supervised: true,
    bullet: "bachelor's or higher in a listed human service field",
    test: (st) => {
      const d = findDegree(st.s, st.date, 'BACHELOR', MHP_BACHELOR_FIELDS);
      return d ? degreeText(d) : null;
    },
  },
  {
    tier: 'MHP',
    citation: '140.453(b)(5)(A)(ii)',
    supervised: true,
    bullet: "bachelor's in another field with two years of supervised clinical experience",
    test: (st) => {
      if (!experienceDone(st.p, 'supervisedClinical24', st.date)) return null;
      const d = findDegree(st.s, st.date, 'BACHELOR', undefined, QMHP_DEGREE_FIELDS);
      return d ? `${degreeText(d)}, ${experienceText(st.p, 'supervisedClinical24')}` : null;
    },
  },
  {
    tier: 'MHP',
    citation: '140.453(b)(5)(A)(ii)',
    supervised: true,
    bullet: 'licensed practical nurse',
    licence: 'PRACTICAL_NURSE',
    test: (st) => {
      const l = validLicence(st.s, 'PRACTICAL_NURSE', st.date);
      return l ? licenceText(l) : null;
    },
  },
  {
    tier: 'MHP',
    citation: '140.453(b)(5)(A)(ii)',
    supervised: true,
    bullet: 'certificate of psychiatric rehabilitation',
    test: (st) => {
      if (!st.s.highSchoolOrGed || !experienceDone(st.p, 'services24', st.date)) return null;
      const c = currentCertification(st.s, 'PSYCH_REHAB', st.date);
      return c ? `certificate of psychiatric rehabilitation issued ${c.issuedOn}, high school diploma or GED, ${experienceText(st.p, 'services24')}` : null;
    },
  },
  {
    tier: 'MHP',
    citation: '140.453(b)(5)(A)(ii)',
    supervised: true,
    bullet: 'certified recovery support specialist',
    test: (st) => {
      const c = currentCertification(st.s, 'CRSS', st.date);
      return c ? certificationText(c) : null;
    },
  },
  {
    tier: 'MHP',
    citation: '140.453(b)(5)(A)(ii)',
    supervised: true,
    bullet: 'certified family partnership professional',
    test: (st) => {
      const c = currentCertification(st.s, 'CFPP', st.date);
      return c ? certificationText(c) : null;
    },
  },
  {
    tier: 'MHP',
    citation: '140.453(b)(5)(A)(ii)',
    supervised: true,
    bullet: 'occupational therapy assistant',
    licence: 'OCCUPATIONAL_THERAPY_ASSISTANT',
    test: (st) => {
      if (!experienceDone(st.p, 'mentalHealth12', st.date)) return null;
      const l = validLicence(st.s, 'OCCUPATIONAL_THERAPY_ASSISTANT', st.date);
      if (!l) return null;
      const who = is42Cfr(l)
        ? `meets 42 CFR 484.4 (the state of practice does not license occupational therapy assistants; recorded as ${OT_42CFR_NUMBER} from ${l.issuedOn})`
        : licenceText(l);
      return `${who}, ${experienceText(st.p, 'mentalHealth12')}`;
    },
  },
  {
    tier: 'MHP',
    citation: '140.453(b)(5)(A)(ii)',
    supervised: true,
    bullet: 'high school diploma or GED with five years of experience',
    test: (st) =>
      st.s.highSchoolOrGed && experienceDone(st.p, 'clinical60', st.date) ? `high school diploma or GED, ${experienceText(st.p, 'clinical60')}` : null,
  },
  {
    // No supervision requirement: unlike (A)(ii), the text of (B) attaches none; the person "retains that
    // designation" for the continual course of the employment (the staff record is one employment).
    tier: 'MHP',
    citation: '140.453(b)(5)(B)',
    supervised: false,
    test: (st) =>
      st.s.mhpDesignatedBefore2011 && st.s.hireDate < MHP_DESIGNATION_CUTOFF && st.employed
        ? `designated MHP before ${MHP_DESIGNATION_CUTOFF}, in continual employment with this provider since ${st.s.hireDate}`
        : null,
  },

  { tier: 'RSA', citation: '140.453(b)(6)(A)', supervised: false, test: (st) => (st.qmhp ? 'holds QMHP' : null) },
  // (6)(B) is "delivering services under the supervision of a QMHP"; (B)(i) is listed only for someone
  // who is MHP but not QMHP (a QMHP is RSA by (A) and needs no supervision).
  { tier: 'RSA', citation: '140.453(b)(6)(B)(i)', supervised: true, test: (st) => (st.mhp && !st.qmhp ? 'holds MHP' : null) },
  {
    tier: 'RSA',
    citation: '140.453(b)(6)(B)(ii)',
    supervised: true,
    test: (st) => {
      const { birthDate, rsaAbilitiesAttestedOn: attested } = st.s;
      if (!birthDate || !attested || attested > st.date || st.p.turns21 == null || st.date < st.p.turns21) return null;
      return `aged ${ageOn(birthDate, st.date)} (born ${birthDate}), the three abilities of 140.453(b)(6)(B)(ii) attested ${attested}`;
    },
  },
];

/** The licences some route of `tier` rests on, in route order. */
export function licencesOfTier(tier: Tier): LicenseKind[] {
  return [...new Set(ROUTES.flatMap((r) => (r.tier === tier && r.licence ? [r.licence] : [])))];
}

const ROUTES_BY_TIER: readonly (readonly Route[])[] = TIER_ORDER.map((t) => ROUTES.filter((r) => r.tier === t));

export interface TierOutcome {
  /** TIER_BIT flags of the tiers held */
  mask: number;
  /** some tier is held through a route with no supervision requirement */
  unsupervised: boolean;
  /** every qualifying route, highest tier first (only when asked for) */
  basis: CredentialBasis[] | null;
}

/**
 * The tiers held on `date`. With `full`, every qualifying route is described; without, each tier stops at
 * its first route that needs no supervision (enough for the tiers and whether supervision is needed).
 */
export function evaluateTiers(p: Prepared, date: DateOnly, full: boolean): TierOutcome {
  const st: State = { p, s: p.staff, date, employed: isEmployed(p.staff, date), lpha: false, qmhp: false, mhp: false };
  let mask = 0;
  let unsupervised = false;
  const basis: CredentialBasis[] | null = full ? [] : null;
  for (let t = 0; t < ROUTES_BY_TIER.length; t++) {
    const tier = TIER_ORDER[t];
    let held = false;
    for (const r of ROUTES_BY_TIER[t]) {
      const text = r.test(st);
      if (text == null) continue;
      held = true;
      if (!r.supervised) unsupervised = true;
      if (basis) {
        const how = r.bullet ? ` (${r.bullet}, under QMHP supervision)` : r.supervised ? ' (under QMHP supervision)' : '';
        basis.push({ tier, citation: r.citation, reason: `${tier} by ${r.citation}${how}: ${text}` });
      } else if (!r.supervised) break;
    }
    if (held) mask |= TIER_BIT[tier];
    if (tier === 'LPHA') st.lpha = held;
    else if (tier === 'QMHP') st.qmhp = held;
    else if (tier === 'MHP') st.mhp = held;
  }
  return { mask, unsupervised, basis };
}

/**
 * Every route of 140.453(b)(3)-(6): one case that qualifies and at least one that just misses.
 * The date asked is 2026-03-01 unless a case says otherwise, so:
 * - one year of experience from 2025-03-01 completes on the day (from 2025-03-02: a day short),
 * - two years from 2024-03-01, five years from 2021-03-01,
 * - a licence "expired the day before" has expiresOn 2026-02-28.
 */
import { evaluateCredential, OT_42CFR_NUMBER } from '../../../src/rules/credentials';
import type { StaffFacts } from '../../../src/rules/facts';
import type { Tier } from '../../../src/rules/vocabulary';
import { cert, deg, exp, lic, NO_ONE, routesMatching, staff, training } from './builder';

const D = '2026-03-01';
const DAY_BEFORE = '2026-02-28';
const DAY_AFTER = '2026-03-02';

interface RouteCase {
  label: string;
  citation: string;
  bullet?: string;
  facts: Partial<StaffFacts>;
  holds: boolean;
  /** the highest tier expected on the date */
  tier: Tier | null;
  date?: string;
  reasonIncludes?: string;
}

const apnPsych = lic('ADVANCED_PRACTICE_NURSE', '2027-12-31', '2019-01-01', { specialty: 'PSYCHIATRY' });
const rnWithTraining: Partial<StaffFacts> = { licenses: [lic('REGISTERED_NURSE')], trainings: [training('MENTAL_HEALTH_SERVICES')] };

const LPHA_CASES: RouteCase[] = [
  { label: 'physician licence valid', citation: '140.453(b)(3)(A)', facts: { licenses: [lic('PHYSICIAN')] }, holds: true, tier: 'LPHA', reasonIncludes: 'physician licence IL' },
  { label: 'physician licence valid on its expiry day', citation: '140.453(b)(3)(A)', facts: { licenses: [lic('PHYSICIAN', D)] }, holds: true, tier: 'LPHA' },
  { label: 'physician licence expired the day before', citation: '140.453(b)(3)(A)', facts: { licenses: [lic('PHYSICIAN', DAY_BEFORE)] }, holds: false, tier: null },
  { label: 'APN with psychiatric specialty', citation: '140.453(b)(3)(B)', facts: { licenses: [apnPsych] }, holds: true, tier: 'LPHA', reasonIncludes: 'psychiatric specialty' },
  { label: 'APN without psychiatric specialty', citation: '140.453(b)(3)(B)', facts: { licenses: [lic('ADVANCED_PRACTICE_NURSE')] }, holds: false, tier: null },
  { label: 'clinical psychologist licence valid', citation: '140.453(b)(3)(C)', facts: { licenses: [lic('CLINICAL_PSYCHOLOGIST')] }, holds: true, tier: 'LPHA' },
  { label: 'clinical psychologist licence issued the day after', citation: '140.453(b)(3)(C)', facts: { licenses: [lic('CLINICAL_PSYCHOLOGIST', '2030-01-01', DAY_AFTER)] }, holds: false, tier: null },
  { label: "LCPC with a master's in any field", citation: '140.453(b)(3)(D)', facts: { licenses: [lic('CLINICAL_PROFESSIONAL_COUNSELOR')], degrees: [deg('MASTER', 'OTHER')] }, holds: true, tier: 'LPHA', reasonIncludes: "master's in another field" },
  { label: "LCPC with only a bachelor's", citation: '140.453(b)(3)(D)', facts: { licenses: [lic('CLINICAL_PROFESSIONAL_COUNSELOR')], degrees: [deg('BACHELOR', 'COUNSELING_AND_GUIDANCE')] }, holds: false, tier: 'MHP' },
  { label: 'marriage and family therapist licence valid', citation: '140.453(b)(3)(E)', facts: { licenses: [lic('MARRIAGE_FAMILY_THERAPIST')] }, holds: true, tier: 'LPHA' },
  { label: 'marriage and family therapist licence expired the day before', citation: '140.453(b)(3)(E)', facts: { licenses: [lic('MARRIAGE_FAMILY_THERAPIST', DAY_BEFORE)] }, holds: false, tier: null },
  { label: 'LCSW with a doctorate', citation: '140.453(b)(3)(F)', facts: { licenses: [lic('CLINICAL_SOCIAL_WORKER')], degrees: [deg('DOCTORATE', 'SOCIAL_WORK')] }, holds: true, tier: 'LPHA', reasonIncludes: 'doctorate in social work' },
  { label: "LCSW whose master's is conferred the day after", citation: '140.453(b)(3)(F)', facts: { licenses: [lic('CLINICAL_SOCIAL_WORKER')], degrees: [deg('MASTER', 'SOCIAL_WORK', DAY_AFTER)] }, holds: false, tier: null },
];

const QMHP_CASES: RouteCase[] = [
  { label: 'any LPHA', citation: '140.453(b)(4)(A)', facts: { licenses: [lic('PHYSICIAN')] }, holds: true, tier: 'LPHA', reasonIncludes: 'holds LPHA' },
  { label: "LCPC licence without a master's is no LPHA", citation: '140.453(b)(4)(A)', facts: { licenses: [lic('CLINICAL_PROFESSIONAL_COUNSELOR')] }, holds: false, tier: null },
  { label: 'RN with mental health training completed on the day', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE')], trainings: [training('MENTAL_HEALTH_SERVICES', D)] }, holds: true, tier: 'QMHP', reasonIncludes: 'training in mental health services' },
  { label: 'RN with mental health training completed the day after', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE')], trainings: [training('MENTAL_HEALTH_SERVICES', DAY_AFTER)] }, holds: false, tier: null },
  { label: 'RN with one year of supervised clinical experience', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-03-01')] }, holds: true, tier: 'QMHP', reasonIncludes: 'complete 2026-03-01' },
  { label: 'RN a day before the supervised year completes', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-03-02')] }, holds: false, tier: null },
  // "one year of clinical experience, under supervision": the supervisor need not be a QMHP
  { label: 'RN with a year supervised by a non-QMHP, complete on the day', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-03-01', null, false, true)] }, holds: true, tier: 'QMHP', reasonIncludes: 'one year of supervised clinical experience treating mental illness (complete 2026-03-01)' },
  { label: 'RN a day before a year supervised by a non-QMHP', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-03-02', null, false, true)] }, holds: false, tier: null },
  { label: 'RN with a supervised year in human services, not treating mental illness', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE')], experience: [exp('HUMAN_SERVICES_CLINICAL', '2020-01-01', null, true)] }, holds: false, tier: null },
  { label: 'RN with years of unsupervised clinical experience', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2020-01-01', null, false)] }, holds: false, tier: null },
  { label: 'RN with child and adolescent training', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE')], trainings: [training('CHILD_ADOLESCENT_TREATMENT')] }, holds: true, tier: 'QMHP', reasonIncludes: 'children and adolescents' },
  { label: 'RN licence expired the day before, with training', citation: '140.453(b)(4)(B)', facts: { licenses: [lic('REGISTERED_NURSE', DAY_BEFORE)], trainings: [training('CHILD_ADOLESCENT_TREATMENT')] }, holds: false, tier: null },
  { label: 'OT with one year in a mental health setting (unsupervised)', citation: '140.453(b)(4)(C)', facts: { licenses: [lic('OCCUPATIONAL_THERAPIST')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-03-01', null, false)] }, holds: true, tier: 'QMHP', reasonIncludes: 'occupational therapist licence' },
  { label: 'OT a day before the year completes', citation: '140.453(b)(4)(C)', facts: { licenses: [lic('OCCUPATIONAL_THERAPIST')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-03-02', null, false)] }, holds: false, tier: null },
  { label: 'OT meeting 42 CFR 484.4 where the state does not license', citation: '140.453(b)(4)(C)', facts: { licenses: [lic('OCCUPATIONAL_THERAPIST', null, '2018-01-01', { number: OT_42CFR_NUMBER, state: 'XX' })], experience: [exp('MENTAL_HEALTH_CLINICAL', '2024-01-01')] }, holds: true, tier: 'QMHP', reasonIncludes: '42 CFR 484.4' },
  { label: 'OT by 42 CFR 484.4 with only human services experience', citation: '140.453(b)(4)(C)', facts: { licenses: [lic('OCCUPATIONAL_THERAPIST', null, '2018-01-01', { number: OT_42CFR_NUMBER })], experience: [exp('HUMAN_SERVICES_CLINICAL', '2020-01-01')] }, holds: false, tier: null },
  { label: "master's in psychology with 1,000 practicum hours", citation: '140.453(b)(4)(D)(i)', facts: { degrees: [deg('MASTER', 'PSYCHOLOGY')], practicumHours: 1000 }, holds: true, tier: 'QMHP', reasonIncludes: "master's in psychology, 1,000 supervised practicum" },
  { label: "master's in psychology with 999 practicum hours", citation: '140.453(b)(4)(D)(i)', facts: { degrees: [deg('MASTER', 'PSYCHOLOGY')], practicumHours: 999 }, holds: false, tier: 'MHP' },
  { label: "master's in an unlisted field with 1,200 hours", citation: '140.453(b)(4)(D)(i)', facts: { degrees: [deg('MASTER', 'OTHER')], practicumHours: 1200 }, holds: false, tier: null },
  { label: "bachelor's in psychology with 1,200 hours", citation: '140.453(b)(4)(D)(i)', facts: { degrees: [deg('BACHELOR', 'PSYCHOLOGY')], practicumHours: 1200 }, holds: false, tier: 'MHP' },
  { label: "master's in social work, practicum hours not recorded", citation: '140.453(b)(4)(D)(i)', facts: { degrees: [deg('MASTER', 'SOCIAL_WORK')], practicumHours: null }, holds: false, tier: 'MHP' },
  { label: 'doctorate in family therapy with a supervised year', citation: '140.453(b)(4)(D)(ii)', facts: { degrees: [deg('DOCTORATE', 'FAMILY_THERAPY')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-03-01')] }, holds: true, tier: 'QMHP', reasonIncludes: 'doctorate in family therapy, one year' },
  // "one year of documented clinical experience under the supervision of a QMHP": no mental health qualifier
  { label: "master's in social work with a year of human services clinical work under a QMHP", citation: '140.453(b)(4)(D)(ii)', facts: { degrees: [deg('MASTER', 'SOCIAL_WORK')], experience: [exp('HUMAN_SERVICES_CLINICAL', '2025-03-01')] }, holds: true, tier: 'QMHP', reasonIncludes: 'one year of clinical experience supervised by a QMHP (complete 2026-03-01)' },
  { label: "master's in social work a day before a year of human services work under a QMHP", citation: '140.453(b)(4)(D)(ii)', facts: { degrees: [deg('MASTER', 'SOCIAL_WORK')], experience: [exp('HUMAN_SERVICES_CLINICAL', '2025-03-02')] }, holds: false, tier: 'MHP' },
  { label: "master's in social work with a year supervised, but not by a QMHP", citation: '140.453(b)(4)(D)(ii)', facts: { degrees: [deg('MASTER', 'SOCIAL_WORK')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2020-03-01', null, false, true)] }, holds: false, tier: 'MHP' },
  { label: 'doctorate in family therapy with an unsupervised year', citation: '140.453(b)(4)(D)(ii)', facts: { degrees: [deg('DOCTORATE', 'FAMILY_THERAPY')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2020-03-01', null, false)] }, holds: false, tier: 'MHP' },
  { label: "related-field master's a day before the supervised year", citation: '140.453(b)(4)(D)(ii)', facts: { degrees: [deg('MASTER', 'RELATED_HUMAN_SERVICE')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-03-02')] }, holds: false, tier: 'MHP' },
];

const B1 = "bachelor's or higher in a listed human service field";
const B2 = "bachelor's in another field";
const B3 = 'licensed practical nurse';
const B4 = 'certificate of psychiatric rehabilitation';
const B5 = 'certified recovery support specialist';
const B6 = 'certified family partnership professional';
const B7 = 'occupational therapy assistant';
const B8 = 'high school diploma or GED with five years';
const MHP_II = '140.453(b)(5)(A)(ii)';

const MHP_CASES: RouteCase[] = [
  { label: 'any QMHP', citation: '140.453(b)(5)(A)(i)', facts: rnWithTraining, holds: true, tier: 'QMHP', reasonIncludes: 'holds QMHP' },
  { label: "a bachelor's is no QMHP", citation: '140.453(b)(5)(A)(i)', facts: { degrees: [deg('BACHELOR', 'SOCIAL_WORK')] }, holds: false, tier: 'MHP' },
  { label: "bachelor's in education", citation: MHP_II, bullet: B1, facts: { degrees: [deg('BACHELOR', 'EDUCATION')] }, holds: true, tier: 'MHP', reasonIncludes: "bachelor's in education" },
  { label: "bachelor's in vocational counseling", citation: MHP_II, bullet: B1, facts: { degrees: [deg('BACHELOR', 'VOCATIONAL_COUNSELING')] }, holds: true, tier: 'MHP' },
  { label: "bachelor's in nursing (unlisted field)", citation: MHP_II, bullet: B1, facts: { degrees: [deg('BACHELOR', 'NURSING')] }, holds: false, tier: null },
  { label: "bachelor's in another field", citation: MHP_II, bullet: B1, facts: { degrees: [deg('BACHELOR', 'OTHER')] }, holds: false, tier: null },
  { label: "bachelor's in psychology conferred the day after", citation: MHP_II, bullet: B1, facts: { degrees: [deg('BACHELOR', 'PSYCHOLOGY', DAY_AFTER)] }, holds: false, tier: null },
  { label: "bachelor's in another field with two supervised years", citation: MHP_II, bullet: B2, facts: { degrees: [deg('BACHELOR', 'OTHER')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2024-03-01')] }, holds: true, tier: 'MHP', reasonIncludes: 'two years of mental health clinical experience supervised by a QMHP (complete 2026-03-01)' },
  { label: "bachelor's in nursing a day before two supervised years", citation: MHP_II, bullet: B2, facts: { degrees: [deg('BACHELOR', 'NURSING')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2024-03-02')] }, holds: false, tier: null },
  { label: "bachelor's in another field with unsupervised years", citation: MHP_II, bullet: B2, facts: { degrees: [deg('BACHELOR', 'OTHER')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2020-01-01', null, false)] }, holds: false, tier: null },
  { label: "bachelor's in education (not a (b)(4)(D) field) with two supervised years", citation: MHP_II, bullet: B2, facts: { degrees: [deg('BACHELOR', 'EDUCATION')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2024-03-01')] }, holds: true, tier: 'MHP' },
  { label: "bachelor's in psychology (a (b)(4)(D) field) is not 'another field'", citation: MHP_II, bullet: B2, facts: { degrees: [deg('BACHELOR', 'PSYCHOLOGY')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2020-03-01')] }, holds: false, tier: 'MHP' },
  { label: 'practical nurse licence valid', citation: MHP_II, bullet: B3, facts: { licenses: [lic('PRACTICAL_NURSE')] }, holds: true, tier: 'MHP', reasonIncludes: 'practical nurse licence IL' },
  { label: 'practical nurse licence expired the day before', citation: MHP_II, bullet: B3, facts: { licenses: [lic('PRACTICAL_NURSE', DAY_BEFORE)] }, holds: false, tier: null },
  { label: 'psych rehab certificate, GED, two years of services', citation: MHP_II, bullet: B4, facts: { certifications: [cert('PSYCH_REHAB', null)], highSchoolOrGed: true, experience: [exp('MENTAL_HEALTH_SERVICES', '2024-03-01', null, false)] }, holds: true, tier: 'MHP' },
  { label: 'psych rehab certificate a day before two years', citation: MHP_II, bullet: B4, facts: { certifications: [cert('PSYCH_REHAB', null)], highSchoolOrGed: true, experience: [exp('MENTAL_HEALTH_SERVICES', '2024-03-02', null, false)] }, holds: false, tier: null },
  { label: 'psych rehab certificate without high school or GED', citation: MHP_II, bullet: B4, facts: { certifications: [cert('PSYCH_REHAB', null)], highSchoolOrGed: false, experience: [exp('MENTAL_HEALTH_SERVICES', '2020-03-01', null, false)] }, holds: false, tier: null },
  { label: 'psych rehab certificate: services then clinical experience add up', citation: MHP_II, bullet: B4, facts: { certifications: [cert('PSYCH_REHAB', null)], highSchoolOrGed: true, experience: [exp('MENTAL_HEALTH_SERVICES', '2024-03-01', '2025-02-28', false), exp('MENTAL_HEALTH_CLINICAL', '2025-03-01', null, false)] }, holds: true, tier: 'MHP' },
  { label: 'current CRSS certification', citation: MHP_II, bullet: B5, facts: { certifications: [cert('CRSS')] }, holds: true, tier: 'MHP', reasonIncludes: 'CRSS' },
  { label: 'CRSS expired the day before', citation: MHP_II, bullet: B5, facts: { certifications: [cert('CRSS', DAY_BEFORE)] }, holds: false, tier: null },
  { label: 'current CFPP certification', citation: MHP_II, bullet: B6, facts: { certifications: [cert('CFPP')] }, holds: true, tier: 'MHP', reasonIncludes: 'CFPP' },
  { label: 'CFPP issued the day after', citation: MHP_II, bullet: B6, facts: { certifications: [cert('CFPP', '2028-03-01', DAY_AFTER)] }, holds: false, tier: null },
  { label: 'OT assistant with a year of mental health services', citation: MHP_II, bullet: B7, facts: { licenses: [lic('OCCUPATIONAL_THERAPY_ASSISTANT')], experience: [exp('MENTAL_HEALTH_SERVICES', '2025-03-01', null, false)] }, holds: true, tier: 'MHP' },
  { label: 'OT assistant a day before the year', citation: MHP_II, bullet: B7, facts: { licenses: [lic('OCCUPATIONAL_THERAPY_ASSISTANT')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-03-02', null, false)] }, holds: false, tier: null },
  { label: 'OT assistant licence expired the day before', citation: MHP_II, bullet: B7, facts: { licenses: [lic('OCCUPATIONAL_THERAPY_ASSISTANT', DAY_BEFORE)], experience: [exp('MENTAL_HEALTH_CLINICAL', '2020-03-01')] }, holds: false, tier: null },
  { label: 'GED with five years of human services clinical experience', citation: MHP_II, bullet: B8, facts: { highSchoolOrGed: true, experience: [exp('HUMAN_SERVICES_CLINICAL', '2021-03-01', null, false)] }, holds: true, tier: 'MHP', reasonIncludes: 'five years' },
  { label: 'GED a day before five years', citation: MHP_II, bullet: B8, facts: { highSchoolOrGed: true, experience: [exp('HUMAN_SERVICES_CLINICAL', '2021-03-02', null, false)] }, holds: false, tier: null },
  { label: 'five years without high school or GED', citation: MHP_II, bullet: B8, facts: { highSchoolOrGed: false, experience: [exp('MENTAL_HEALTH_CLINICAL', '2015-01-01', null, false)] }, holds: false, tier: null },
  { label: 'designated before 2011, same employer since 2011-06-30', citation: '140.453(b)(5)(B)', facts: { mhpDesignatedBefore2011: true, hireDate: '2011-06-30' }, holds: true, tier: 'MHP', reasonIncludes: 'designated MHP before 2011-07-01' },
  { label: 'designated before 2011, but employer changed (hired 2011-07-01)', citation: '140.453(b)(5)(B)', facts: { mhpDesignatedBefore2011: true, hireDate: '2011-07-01' }, holds: false, tier: null },
  { label: 'designated before 2011, employment ended the day before', citation: '140.453(b)(5)(B)', facts: { mhpDesignatedBefore2011: true, hireDate: '2009-01-01', endDate: DAY_BEFORE }, holds: false, tier: null },
  { label: 'hired before 2011 without the designation', citation: '140.453(b)(5)(B)', facts: { mhpDesignatedBefore2011: false, hireDate: '2005-01-01' }, holds: false, tier: null },
];

const RSA_CASES: RouteCase[] = [
  { label: 'any QMHP', citation: '140.453(b)(6)(A)', facts: rnWithTraining, holds: true, tier: 'QMHP' },
  { label: 'an MHP is not RSA by (A)', citation: '140.453(b)(6)(A)', facts: { certifications: [cert('CRSS')] }, holds: false, tier: 'MHP' },
  { label: 'any MHP', citation: '140.453(b)(6)(B)(i)', facts: { certifications: [cert('CRSS')] }, holds: true, tier: 'MHP', reasonIncludes: 'holds MHP' },
  { label: 'no MHP qualification', citation: '140.453(b)(6)(B)(i)', facts: { degrees: [deg('BACHELOR', 'OTHER')] }, holds: false, tier: null },
  { label: 'aged exactly 21 with abilities attested', citation: '140.453(b)(6)(B)(ii)', facts: { birthDate: '2005-03-01', rsaAbilitiesAttestedOn: '2025-06-01' }, holds: true, tier: 'RSA', reasonIncludes: 'aged 21' },
  { label: 'aged 20 years 364 days', citation: '140.453(b)(6)(B)(ii)', facts: { birthDate: '2005-03-02', rsaAbilitiesAttestedOn: '2025-06-01' }, holds: false, tier: null },
  { label: 'birth date not recorded', citation: '140.453(b)(6)(B)(ii)', facts: { birthDate: null, rsaAbilitiesAttestedOn: '2025-06-01' }, holds: false, tier: null },
  { label: 'abilities attested the day after', citation: '140.453(b)(6)(B)(ii)', facts: { birthDate: '1990-01-01', rsaAbilitiesAttestedOn: DAY_AFTER }, holds: false, tier: null },
  { label: 'born 29 February: 21 on 1 March of a common year', citation: '140.453(b)(6)(B)(ii)', facts: { birthDate: '2004-02-29', rsaAbilitiesAttestedOn: '2024-01-01' }, holds: true, tier: 'RSA', date: '2025-03-01' },
  { label: 'born 29 February: not yet 21 on 28 February', citation: '140.453(b)(6)(B)(ii)', facts: { birthDate: '2004-02-29', rsaAbilitiesAttestedOn: '2024-01-01' }, holds: false, tier: null, date: '2025-02-28' },
];

describe.each([
  ['LPHA 140.453(b)(3)', LPHA_CASES],
  ['QMHP 140.453(b)(4)', QMHP_CASES],
  ['MHP 140.453(b)(5)', MHP_CASES],
  ['RSA 140.453(b)(6)', RSA_CASES],
])('%s', (_name, cases) => {
  it.each(cases)('$citation $label → $holds', ({ citation, bullet, facts, holds, tier, date, reasonIncludes }) => {
    const r = evaluateCredential(staff(facts), date ?? D, NO_ONE);
    const hits = routesMatching(r, citation, bullet);
    expect(hits.length > 0).toBe(holds);
    expect(r.tier).toBe(tier);
    if (holds) {
      expect(hits[0].reason.startsWith(`${hits[0].tier} by ${citation}`)).toBe(true);
      if (bullet) expect(hits[0].reason).toContain(bullet);
      if (reasonIncludes) expect(hits[0].reason).toContain(reasonIncludes);
    }
  });
});

describe('basis', () => {
  it('lists every qualifying route, highest tier first, with the example wording', () => {
    const lcsw = staff({
      licenses: [{ kind: 'CLINICAL_SOCIAL_WORKER', state: 'IL', number: '149.012345', issuedOn: '2015-01-01', expiresOn: '2027-11-30' }],
      degrees: [deg('MASTER', 'SOCIAL_WORK')],
      practicumHours: 1200,
    });
    const r = evaluateCredential(lcsw, D, NO_ONE);
    expect(r.tiers).toEqual(['LPHA', 'QMHP', 'MHP', 'RSA']);
    expect(r.basis.map((b) => `${b.tier} ${b.citation}`)).toEqual([
      'LPHA 140.453(b)(3)(F)',
      'QMHP 140.453(b)(4)(A)',
      'QMHP 140.453(b)(4)(D)(i)',
      'MHP 140.453(b)(5)(A)(i)',
      'MHP 140.453(b)(5)(A)(ii)',
      'RSA 140.453(b)(6)(A)',
    ]);
    expect(r.basis[0].reason).toBe(
      "LPHA by 140.453(b)(3)(F): clinical social worker licence IL 149.012345 valid through 2027-11-30, master's in social work",
    );
    expect(r.basis[2].reason).toBe("QMHP by 140.453(b)(4)(D)(i): master's in social work, 1,200 supervised practicum/internship hours");
    expect(r.basis[3].reason).toBe('MHP by 140.453(b)(5)(A)(i): holds QMHP');
  });

  it('cites bullets as 140.453(b)(5)(A)(ii) and names the bullet and the supervision', () => {
    const r = evaluateCredential(staff({ licenses: [lic('PRACTICAL_NURSE')], certifications: [cert('CFPP')] }), D, NO_ONE);
    const mhp = r.basis.filter((b) => b.tier === 'MHP');
    expect(mhp.map((b) => b.citation)).toEqual([MHP_II, MHP_II]);
    expect(mhp[0].reason).toMatch(/^MHP by 140\.453\(b\)\(5\)\(A\)\(ii\) \(licensed practical nurse, under QMHP supervision\): practical nurse licence/);
    expect(mhp[1].reason).toContain(B6);
  });

  it('a missing fact is never a qualification: an empty record holds nothing', () => {
    const r = evaluateCredential(staff({ birthDate: null }), D, NO_ONE);
    expect(r.tier).toBeNull();
    expect(r.tiers).toEqual([]);
    expect(r.basis).toEqual([]);
  });

  it('rejects a malformed date', () => {
    expect(() => evaluateCredential(staff(), '2026-02-30', NO_ONE)).toThrow(RangeError);
  });
});

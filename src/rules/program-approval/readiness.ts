/**
 * Readiness: the criteria a team program can be checked against from the registry before the
 * Department's review: Table N (c) for CST, IO and PSR, and 140.453(d)(4)(A)(i) for Assertive
 * Community Treatment (ACT has team requirements like CST's but no Table N approval). Credential
 * results come in as input (the credential engine is not called here). A fact that is not recorded
 * gives NOT_RECORDED, never MET.
 *
 * Staffing criteria are read from the roster and census; practice criteria (weekly and monthly
 * reviews, access to a QMHP, 24/7 availability, the share of CST services in the community) from
 * dated documentation the provider records (`evidence`), each counted for 12 months from the day it
 * was documented, since the attestation they support is annual (Table N (b)(1)(D)(i)).
 *
 * Readings taken:
 * - "Full-time" (CST team lead, PSR program director) is fte 1 on the program and the staff record
 *   not marked part-time (`fullTime !== false`).
 * - Everyone counted must be employed on asOf (`credential.employed`).
 * - The CST lead, peer and "one other staff member" are three different people.
 * - The CST peer's certification follows the ages served when the census says so: adults only → CRSS,
 *   youth only → CFPP, both or unknown → either.
 * - "One other staff member meeting the credentials to provide 140.453(d)(2)(A) or (G)": any tier
 *   (community support may be provided by an RSA or above); a tier below QMHP counts only with a QMHP
 *   supervisor recorded (supervisorOk).
 * - IO ratio (c)(2)(B): IO is provided only by a QMHP (140.453(d)(2)(B)(i)), so only QMHP FTE count;
 *   adults and youth together need adults/8 + youth/4 FTE.
 * - CST ratio (c)(1)(A)(iii): at most 18 individuals per FTE of everyone on the team.
 * - ACT (140.453(d)(4)(A)): provided only by a CMHC; a team led by a full-time LPHA; a CRSS or CFPP
 *   (or lived experience within 18 months after hire), read like CST's; only adults served ((A)(ii)).
 */
import { addMonths, type DateOnly } from '../dates';
import type { CertificationKind, Program, ProviderType } from '../vocabulary';
import type { StaffFacts } from '../facts';
import { peerCertificationWindow } from '../credentials/peer';
import type { CredentialResult } from '../credentials/types';

export const READINESS_ROLES = ['TEAM_LEAD', 'PEER_SPECIALIST', 'MEMBER', 'PROGRAM_DIRECTOR'] as const;
export type ReadinessRole = (typeof READINESS_ROLES)[number];

export interface ReadinessMember {
  staff: StaffFacts;
  credential: CredentialResult;
  role: ReadinessRole;
  /** full-time equivalent on this program, 0..1 */
  fte: number;
}

/** Dated documentation of a practice criterion (a weekly review log, a 24/7 on-call schedule...). */
export interface ReadinessEvidence {
  criterionId: string;
  documentedOn: DateOnly;
  /** CST_COMMUNITY_SETTING: the share of services delivered in the home or community, 0-100 */
  percent?: number | null;
}

/** CST, IO and PSR (Table N approvals), and ACT (a team without one). */
export const READINESS_PROGRAMS = ['CST', 'IO', 'PSR', 'ACT'] as const;
export type ReadinessProgram = Program | 'ACT';

export interface ReadinessInput {
  asOf: DateOnly;
  /** null: the roster is not recorded */
  members: ReadinessMember[] | null;
  /** individuals served; null (or a null part) when not recorded */
  census: { adults: number | null; youth: number | null } | null;
  /** documentation of the practice criteria; absent or null: none recorded */
  evidence?: ReadinessEvidence[] | null;
  /** ACT: the provider's type (ACT is provided only by a CMHC) */
  providerType?: ProviderType | null;
}

export type CriterionStatus = 'MET' | 'NOT_MET' | 'NOT_RECORDED';

export interface ReadinessCriterion {
  id: string;
  description: string;
  status: CriterionStatus;
  citation: string;
  detail: string;
}

export interface ReadinessResult {
  program: ReadinessProgram;
  asOf: DateOnly;
  /** NOT_MET if any criterion is not met, else NOT_RECORDED if any is not recorded, else MET */
  status: CriterionStatus;
  criteria: ReadinessCriterion[];
}

const N = '140.TABLE N';

function validate(input: ReadinessInput): void {
  for (const [i, m] of (input.members ?? []).entries()) {
    if (typeof m.fte !== 'number' || !Number.isFinite(m.fte) || m.fte < 0 || m.fte > 1) {
      throw new RangeError(`members[${i}].fte must be a number from 0 to 1, got ${JSON.stringify(m.fte)}`);
    }
    if (!(READINESS_ROLES as readonly string[]).includes(m.role)) {
      throw new RangeError(`members[${i}].role must be one of ${READINESS_ROLES.join(', ')}, got ${JSON.stringify(m.role)}`);
    }
  }
  for (const [i, e] of (input.evidence ?? []).entries()) {
    if (e.percent !== null && e.percent !== undefined && (typeof e.percent !== 'number' || !(e.percent >= 0 && e.percent <= 100))) {
      throw new RangeError(`evidence[${i}].percent must be a number from 0 to 100, got ${JSON.stringify(e.percent)}`);
    }
  }
  for (const part of ['adults', 'youth'] as const) {
    const v = input.census?.[part];
    if (v !== null && v !== undefined && (!Number.isInteger(v) || v < 0)) {
      throw new RangeError(`census.${part} must be a whole number of individuals or null, got ${JSON.stringify(v)}`);
    }
  }
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);
const isFullTime = (m: ReadinessMember) => m.fte >= 1 && m.staff.fullTime !== false;
const holdsQmhp = (m: ReadinessMember) => m.credential.tiers.includes('QMHP');
const who = (m: ReadinessMember) => `${m.staff.name} (${m.staff.id})`;

function validCert(m: ReadinessMember, kinds: CertificationKind[], asOf: DateOnly): CertificationKind | null {
  const c = m.staff.certifications.find((c) => kinds.includes(c.kind) && c.issuedOn <= asOf && (c.expiresOn === null || asOf <= c.expiresOn));
  return c ? c.kind : null;
}

function notRecorded(id: string, description: string, citation: string, what: string): ReadinessCriterion {
  return { id, description, status: 'NOT_RECORDED', citation, detail: `${what} not recorded` };
}

/** Why a member does (null) or does not qualify as a full-time lead holding `tier`. */
function fullTimeLeadProblem(m: ReadinessMember, tier: 'QMHP' | 'LPHA'): string | null {
  if (!m.credential.employed) return `${who(m)} is not employed on this date`;
  if (!m.credential.tiers.includes(tier)) return `${who(m)} does not hold ${tier} (tier ${m.credential.tier ?? 'none'})`;
  if (!isFullTime(m)) return `${who(m)} is not full-time (fte ${fmt(m.fte)}${m.staff.fullTime === false ? ', staff record part-time' : ''})`;
  return null;
}

function leadCriterion(
  id: string,
  role: ReadinessRole,
  label: string,
  description: string,
  citation: string,
  members: ReadinessMember[],
  tier: 'QMHP' | 'LPHA' = 'QMHP',
): { criterion: ReadinessCriterion; chosen: ReadinessMember | null } {
  const candidates = members.filter((m) => m.role === role);
  if (candidates.length === 0) {
    return { criterion: { id, description, status: 'NOT_MET', citation, detail: `no member has the role ${role}` }, chosen: null };
  }
  const ok = candidates.find((m) => fullTimeLeadProblem(m, tier) === null);
  if (ok) {
    return {
      criterion: { id, description, status: 'MET', citation, detail: `${label}: ${who(ok)}, ${ok.credential.tier}, full-time` },
      chosen: ok,
    };
  }
  return {
    criterion: { id, description, status: 'NOT_MET', citation, detail: candidates.map((m) => fullTimeLeadProblem(m, tier)).join('; ') },
    chosen: null,
  };
}

/**
 * The CRSS or CFPP team member (by the ages served), or a person with lived experience within 18
 * months after hire (CST (c)(1)(B)(ii), ACT 140.453(d)(4)(A)(i)). `prefer` picks among several
 * candidates (CST: one that leaves someone for "one other staff member").
 */
function peerCriterion(
  id: string,
  description: string,
  citation: string,
  input: ReadinessInput,
  others: ReadinessMember[],
  leadOk: boolean,
  prefer: (candidate: ReadinessMember) => boolean = () => true,
): { criterion: ReadinessCriterion; chosen: ReadinessMember | null } {
  const { asOf, census } = input;
  const adults = census?.adults ?? null;
  const youth = census?.youth ?? null;
  let kinds: CertificationKind[] = ['CRSS', 'CFPP'];
  let ages = 'ages served not recorded, so either counts';
  if (adults !== null && youth !== null) {
    if (adults > 0 && youth === 0) {
      kinds = ['CRSS'];
      ages = 'the team serves adults, so CRSS';
    } else if (youth > 0 && adults === 0) {
      kinds = ['CFPP'];
      ages = 'the team serves youth, so CFPP';
    } else ages = 'the team serves adults and youth, so either';
  }
  const certified = others.filter((m) => validCert(m, kinds, asOf) !== null);
  const lived = others.filter((m) => validCert(m, kinds, asOf) === null && peerCertificationWindow(m.staff, asOf).withinWindow);
  const candidates = [...certified, ...lived];
  const peer = candidates.find(prefer) ?? candidates[0] ?? null;
  if (peer && certified.includes(peer)) {
    return { criterion: { id, description, status: 'MET', citation, detail: `${who(peer)} holds ${validCert(peer, kinds, asOf)} (${ages})` }, chosen: peer };
  }
  if (peer) {
    const detail = `${who(peer)} has lived experience and must obtain ${kinds.join(' or ')} certification by ${peerCertificationWindow(peer.staff, asOf).windowEndsOn} (18 months after hire on ${peer.staff.hireDate})`;
    return { criterion: { id, description, status: 'MET', citation, detail }, chosen: peer };
  }
  const wrong = others.filter((m) => validCert(m, ['CRSS', 'CFPP'], asOf) !== null);
  const late = others.filter((m) => m.staff.livedExperience === true);
  const bits = [`no employed member${leadOk ? ' other than the team lead' : ''} holds a current ${kinds.join(' or ')} certification (${ages})`];
  if (wrong.length) bits.push(`${wrong.map(who).join(', ')} hold${wrong.length === 1 ? 's' : ''} the certification for the other age group`);
  if (late.length) bits.push(`${late.map((m) => `${who(m)} passed 18 months after hire on ${peerCertificationWindow(m.staff, asOf).windowEndsOn}`).join(', ')} without certification`);
  return { criterion: { id, description, status: 'NOT_MET', citation, detail: bits.join('; ') }, chosen: null };
}

function cstCriteria(input: ReadinessInput): ReadinessCriterion[] {
  const { census } = input;
  const leadDesc = 'CST team led by a full-time QMHP';
  const leadCite = `${N}(c)(1)(B)(i)`;
  const peerDesc = 'A team member who is a CRSS or CFPP (by the ages served), or a person with lived experience within 18 months after hire';
  const peerCite = `${N}(c)(1)(B)(ii)`;
  const otherDesc = 'One other staff member credentialed to provide 140.453(d)(2)(A) or (G) (RSA or above for community support)';
  const otherCite = `${N}(c)(1)(B)(iii)`;
  const out: ReadinessCriterion[] = [];

  if (input.members === null) {
    out.push(notRecorded('CST_TEAM_LEAD', leadDesc, leadCite, 'team roster'));
    out.push(notRecorded('CST_PEER', peerDesc, peerCite, 'team roster'));
    out.push(notRecorded('CST_OTHER_STAFF', otherDesc, otherCite, 'team roster'));
  } else {
    const members = input.members.filter((m) => m.credential.employed);
    const lead = leadCriterion('CST_TEAM_LEAD', 'TEAM_LEAD', 'team lead', leadDesc, leadCite, input.members);
    lead.criterion.detail += ' (140.453(d)(4)(B)(i): CST is delivered by a team led by a full-time QMHP)';
    out.push(lead.criterion);

    const others = members.filter((m) => m !== lead.chosen);
    const otherProblem = (m: ReadinessMember): string | null => {
      if (m.credential.tier === null) return `${who(m)} holds no tier`;
      if (m.credential.requiresQmhpSupervision && m.credential.supervisorOk !== true) return `${who(m)} (${m.credential.tier}) has no QMHP supervisor recorded`;
      return null;
    };
    // three different people: take the peer that leaves someone for "one other staff member", if any does
    const { criterion: peerC, chosen: peer } = peerCriterion('CST_PEER', peerDesc, peerCite, input, others, lead.chosen !== null, (c) =>
      others.some((m) => m !== c && otherProblem(m) === null),
    );
    out.push(peerC);

    const rest = others.filter((m) => m !== peer);
    const other = rest.find((m) => otherProblem(m) === null);
    out.push(
      other
        ? { id: 'CST_OTHER_STAFF', description: otherDesc, status: 'MET', citation: otherCite, detail: `${who(other)} holds ${other.credential.tier}` }
        : {
            id: 'CST_OTHER_STAFF',
            description: otherDesc,
            status: 'NOT_MET',
            citation: otherCite,
            detail: rest.length === 0 ? 'no employed member besides the team lead and the peer' : rest.map((m) => otherProblem(m)).join('; '),
          },
    );
  }

  // (c)(1)(A)(iii) at most 18 individuals per FTE
  const ratioDesc = 'No more than 18 individuals per full-time equivalent CST staff';
  const ratioCite = `${N}(c)(1)(A)(iii)`;
  if (input.members === null) out.push(notRecorded('CST_STAFFING_RATIO', ratioDesc, ratioCite, 'team roster'));
  else if (!census || census.adults === null || census.youth === null) out.push(notRecorded('CST_STAFFING_RATIO', ratioDesc, ratioCite, 'census of individuals served (adults and youth)'));
  else {
    const fte = input.members.filter((m) => m.credential.employed).reduce((s, m) => s + m.fte, 0);
    const individuals = census.adults + census.youth;
    const met = individuals <= 18 * fte + 1e-9;
    out.push({
      id: 'CST_STAFFING_RATIO',
      description: ratioDesc,
      status: met ? 'MET' : 'NOT_MET',
      citation: ratioCite,
      detail: `${individuals} individuals, ${fmt(fte)} FTE: ${fte > 0 ? `${fmt(individuals / fte)} per FTE` : 'no staff'}${met ? '' : ` (needs ${fmt(individuals / 18)} FTE)`}`,
    });
  }
  return out;
}

function ioCriteria(input: ReadinessInput): ReadinessCriterion[] {
  const desc = 'IO group staffing no more than 1 FTE to 8 adults and 1 FTE to 4 youth';
  const cite = `${N}(c)(2)(B)`;
  const census = input.census;
  if (input.members === null) return [notRecorded('IO_STAFFING_RATIO', desc, cite, 'staff roster')];
  if (!census || census.adults === null || census.youth === null) return [notRecorded('IO_STAFFING_RATIO', desc, cite, 'census of individuals served (adults and youth)')];
  const employed = input.members.filter((m) => m.credential.employed);
  const qmhpFte = employed.filter(holdsQmhp).reduce((s, m) => s + m.fte, 0);
  const otherFte = employed.filter((m) => !holdsQmhp(m)).reduce((s, m) => s + m.fte, 0);
  const needed = census.adults / 8 + census.youth / 4;
  const met = needed <= qmhpFte + 1e-9;
  const excluded = otherFte > 0 ? `; ${fmt(otherFte)} FTE below QMHP not counted (IO is provided by a QMHP, 140.453(d)(2)(B)(i))` : '';
  return [
    {
      id: 'IO_STAFFING_RATIO',
      description: desc,
      status: met ? 'MET' : 'NOT_MET',
      citation: cite,
      detail: `${census.adults} adults and ${census.youth} youth need ${fmt(needed)} FTE; ${fmt(qmhpFte)} QMHP FTE${excluded}`,
    },
  ];
}

function psrCriteria(input: ReadinessInput): ReadinessCriterion[] {
  const desc = 'A full-time PSR Program Director who is a QMHP';
  const cite = `${N}(c)(3)(B)(i)`;
  if (input.members === null) return [notRecorded('PSR_PROGRAM_DIRECTOR', desc, cite, 'staff roster')];
  const { criterion } = leadCriterion('PSR_PROGRAM_DIRECTOR', 'PROGRAM_DIRECTOR', 'program director', desc, cite, input.members);
  if (criterion.status === 'MET') criterion.detail += ' (being consistently scheduled on-site, at least half time in PSR, is not recorded here)';
  return [criterion];
}

/** A practice documented rather than read from the roster: MET while documented within 12 months. */
export interface PracticeCriterion {
  id: string;
  description: string;
  citation: string;
  /** the criterion is a share of services: documentation carries `percent`, MET at or above this */
  minPercent?: number;
}

/** The Table N (c) and 140.453(d)(4) practices, per program, that only documentation can show. */
export const PRACTICE_CRITERIA: Record<ReadinessProgram, PracticeCriterion[]> = {
  CST: [
    {
      id: 'CST_COMMUNITY_SETTING',
      description: 'No fewer than 60 percent of CST services delivered in the home or community setting',
      citation: `${N}(c)(1)(A)(ii)`,
      minPercent: 60,
    },
    { id: 'CST_WEEKLY_TEAM_REVIEW', description: 'The team meets weekly to review all individuals in the CST program and their progress', citation: `${N}(c)(1)(D)(i)` },
    {
      id: 'CST_MONTHLY_LPHA_REVIEW',
      description: 'The team lead reviews the Assessment, Treatment Plan and CST Services with the referring LPHA monthly',
      citation: `${N}(c)(1)(D)(ii)`,
    },
    { id: 'CST_AVAILABLE_24_7', description: 'CST available 24 hours per day, seven days a week, each week of the year', citation: '140.453(d)(4)(B)(i)' },
  ],
  IO: [
    {
      id: 'IO_WEEKLY_LPHA_REVIEW',
      description: 'IO staff review the Assessment, Treatment Plan and IO Services with the referring LPHA weekly',
      citation: `${N}(c)(2)(D)(i)`,
    },
  ],
  PSR: [
    {
      id: 'PSR_QMHP_ACCESS',
      description: 'All PSR staff have direct access to the PSR Program Director, or another delegated QMHP, at all times during PSR service delivery',
      citation: `${N}(c)(3)(B)(ii)`,
    },
  ],
  ACT: [{ id: 'ACT_AVAILABLE_24_7', description: 'ACT available 24 hours per day, seven days a week, each week of the year', citation: '140.453(d)(4)(A)(i)' }],
};

/** How long a documentation counts: the attestation it supports is annual. */
const EVIDENCE_MONTHS = 12;

function practiceCriterion(c: PracticeCriterion, input: ReadinessInput): ReadinessCriterion {
  const { id, description, citation } = c;
  const latest = (input.evidence ?? [])
    .filter((e) => e.criterionId === id && e.documentedOn <= input.asOf)
    .reduce<ReadinessEvidence | null>((best, e) => (best === null || e.documentedOn >= best.documentedOn ? e : best), null);
  if (!latest) return notRecorded(id, description, citation, 'documentation');
  if (addMonths(latest.documentedOn, EVIDENCE_MONTHS) <= input.asOf) {
    return { id, description, status: 'NOT_RECORDED', citation, detail: `last documented ${latest.documentedOn}, ${EVIDENCE_MONTHS} months or more before ${input.asOf}: record current documentation (the attestation is annual, 140.TABLE N(b)(1)(D)(i))` };
  }
  if (c.minPercent === undefined) return { id, description, status: 'MET', citation, detail: `documented ${latest.documentedOn}` };
  if (latest.percent === null || latest.percent === undefined) return { id, description, status: 'NOT_RECORDED', citation, detail: `documented ${latest.documentedOn} without the percentage` };
  const met = latest.percent >= c.minPercent;
  return { id, description, status: met ? 'MET' : 'NOT_MET', citation, detail: `${fmt(latest.percent)}% documented ${latest.documentedOn}${met ? '' : ` (at least ${c.minPercent}% required)`}` };
}

function actCriteria(input: ReadinessInput): ReadinessCriterion[] {
  const cite = '140.453(d)(4)(A)(i)';
  const out: ReadinessCriterion[] = [];
  const cmhcDesc = 'ACT provided only by a Community Mental Health Center';
  const type = input.providerType ?? null;
  out.push(
    type === null
      ? notRecorded('ACT_CMHC', cmhcDesc, cite, 'provider type')
      : { id: 'ACT_CMHC', description: cmhcDesc, status: type === 'CMHC' ? 'MET' : 'NOT_MET', citation: cite, detail: type === 'CMHC' ? 'the provider is a CMHC' : `the provider is a ${type}, not a CMHC` },
  );
  const leadDesc = 'ACT team led by a full-time LPHA';
  const peerDesc = 'At least one team member who is a CRSS or CFPP (by the ages served), or a person with lived experience within 18 months after hire';
  if (input.members === null) {
    out.push(notRecorded('ACT_TEAM_LEAD', leadDesc, cite, 'team roster'), notRecorded('ACT_PEER', peerDesc, cite, 'team roster'));
  } else {
    const lead = leadCriterion('ACT_TEAM_LEAD', 'TEAM_LEAD', 'team lead', leadDesc, cite, input.members, 'LPHA');
    out.push(lead.criterion);
    const others = input.members.filter((m) => m.credential.employed && m !== lead.chosen);
    out.push(peerCriterion('ACT_PEER', peerDesc, cite, input, others, lead.chosen !== null).criterion);
  }
  const adultsDesc = 'ACT provided to individuals age 18 or older only';
  const adultsCite = '140.453(d)(4)(A)(ii)';
  const youth = input.census?.youth ?? null;
  out.push(
    youth === null
      ? notRecorded('ACT_ADULTS_ONLY', adultsDesc, adultsCite, 'census of individuals served (youth)')
      : { id: 'ACT_ADULTS_ONLY', description: adultsDesc, status: youth === 0 ? 'MET' : 'NOT_MET', citation: adultsCite, detail: youth === 0 ? 'no youth in the census' : `${youth} individuals under 18 in the census` },
  );
  return out;
}

const STAFFING_CRITERIA: Record<ReadinessProgram, (input: ReadinessInput) => ReadinessCriterion[]> = { CST: cstCriteria, IO: ioCriteria, PSR: psrCriteria, ACT: actCriteria };

/** Every readiness criterion of a program on input.asOf: the staffing criteria, then the documented practices. */
export function evaluateReadiness(program: ReadinessProgram, input: ReadinessInput): ReadinessResult {
  validate(input);
  const criteria = [...STAFFING_CRITERIA[program](input), ...PRACTICE_CRITERIA[program].map((c) => practiceCriterion(c, input))];
  const status: CriterionStatus = criteria.some((c) => c.status === 'NOT_MET')
    ? 'NOT_MET'
    : criteria.some((c) => c.status === 'NOT_RECORDED')
      ? 'NOT_RECORDED'
      : 'MET';
  return { program, asOf: input.asOf, status, criteria };
}

/** Why a piece of documentation cannot be recorded for a program, or null when it can. */
export function evidenceProblem(program: ReadinessProgram, e: { criterionId: string; percent?: number | null }): { path: string; message: string } | null {
  const c = PRACTICE_CRITERIA[program].find((x) => x.id === e.criterionId);
  if (!c) return { path: '/criterionId', message: `${program} documentation is recorded for ${PRACTICE_CRITERIA[program].map((x) => x.id).join(', ')}` };
  const hasPercent = e.percent !== null && e.percent !== undefined;
  if (c.minPercent !== undefined && !hasPercent) return { path: '/percent', message: `${c.id} needs percent, the share of services (0-100)` };
  if (c.minPercent === undefined && hasPercent) return { path: '/percent', message: `percent is recorded only for ${PRACTICE_CRITERIA[program].filter((x) => x.minPercent !== undefined).map((x) => x.id).join(', ') || 'share criteria'}` };
  return null;
}

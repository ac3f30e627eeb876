/**
 * Table N (c) readiness: the staffing and ratio criteria a program can be checked against from the
 * registry before the Department's review. Credential results come in as input (the credential
 * engine is not called here). A fact that is not recorded gives NOT_RECORDED, never MET.
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
 */
import type { DateOnly } from '../dates';
import type { CertificationKind, Program } from '../vocabulary';
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

export interface ReadinessInput {
  asOf: DateOnly;
  /** null: the roster is not recorded */
  members: ReadinessMember[] | null;
  /** individuals served; null (or a null part) when not recorded */
  census: { adults: number | null; youth: number | null } | null;
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
  program: Program;
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

/** Why a member does (null) or does not qualify as a full-time QMHP lead. */
function fullTimeQmhpProblem(m: ReadinessMember): string | null {
  if (!m.credential.employed) return `${who(m)} is not employed on this date`;
  if (!holdsQmhp(m)) return `${who(m)} does not hold QMHP (tier ${m.credential.tier ?? 'none'})`;
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
): { criterion: ReadinessCriterion; chosen: ReadinessMember | null } {
  const candidates = members.filter((m) => m.role === role);
  if (candidates.length === 0) {
    return { criterion: { id, description, status: 'NOT_MET', citation, detail: `no member has the role ${role}` }, chosen: null };
  }
  const ok = candidates.find((m) => fullTimeQmhpProblem(m) === null);
  if (ok) {
    return {
      criterion: { id, description, status: 'MET', citation, detail: `${label}: ${who(ok)}, ${ok.credential.tier}, full-time` },
      chosen: ok,
    };
  }
  return {
    criterion: { id, description, status: 'NOT_MET', citation, detail: candidates.map((m) => fullTimeQmhpProblem(m)).join('; ') },
    chosen: null,
  };
}

function cstCriteria(input: ReadinessInput): ReadinessCriterion[] {
  const { asOf, census } = input;
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

    // the certification the ages served call for
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
    const others = members.filter((m) => m !== lead.chosen);
    const otherProblem = (m: ReadinessMember): string | null => {
      if (m.credential.tier === null) return `${who(m)} holds no tier`;
      if (m.credential.requiresQmhpSupervision && m.credential.supervisorOk !== true) return `${who(m)} (${m.credential.tier}) has no QMHP supervisor recorded`;
      return null;
    };
    const leadOk = lead.chosen !== null;
    const certified = others.filter((m) => validCert(m, kinds, asOf) !== null);
    const lived = others.filter((m) => validCert(m, kinds, asOf) === null && peerCertificationWindow(m.staff, asOf).withinWindow);
    const peerCandidates = [...certified, ...lived];
    // three different people: take the peer that leaves someone for "one other staff member", if any does
    const peer = peerCandidates.find((c) => others.some((m) => m !== c && otherProblem(m) === null)) ?? peerCandidates[0] ?? null;
    if (peer && certified.includes(peer)) {
      out.push({ id: 'CST_PEER', description: peerDesc, status: 'MET', citation: peerCite, detail: `${who(peer)} holds ${validCert(peer, kinds, asOf)} (${ages})` });
    } else if (peer) {
      out.push({
        id: 'CST_PEER',
        description: peerDesc,
        status: 'MET',
        citation: peerCite,
        detail: `${who(peer)} has lived experience and must obtain ${kinds.join(' or ')} certification by ${peerCertificationWindow(peer.staff, asOf).windowEndsOn} (18 months after hire on ${peer.staff.hireDate})`,
      });
    } else {
      const wrong = others.filter((m) => validCert(m, ['CRSS', 'CFPP'], asOf) !== null);
      const late = others.filter((m) => m.staff.livedExperience === true);
      const bits = [`no employed member${leadOk ? ' other than the team lead' : ''} holds a current ${kinds.join(' or ')} certification (${ages})`];
      if (wrong.length) bits.push(`${wrong.map(who).join(', ')} hold${wrong.length === 1 ? 's' : ''} the certification for the other age group`);
      if (late.length) bits.push(`${late.map((m) => `${who(m)} passed 18 months after hire on ${peerCertificationWindow(m.staff, asOf).windowEndsOn}`).join(', ')} without certification`);
      out.push({ id: 'CST_PEER', description: peerDesc, status: 'NOT_MET', citation: peerCite, detail: bits.join('; ') });
    }

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

/** Table N (c) criteria for a program on input.asOf. */
export function evaluateReadiness(program: Program, input: ReadinessInput): ReadinessResult {
  validate(input);
  const criteria = program === 'CST' ? cstCriteria(input) : program === 'IO' ? ioCriteria(input) : psrCriteria(input);
  const status: CriterionStatus = criteria.some((c) => c.status === 'NOT_MET')
    ? 'NOT_MET'
    : criteria.some((c) => c.status === 'NOT_RECORDED')
      ? 'NOT_RECORDED'
      : 'MET';
  return { program, asOf: input.asOf, status, criteria };
}

/**
 * The engine's working state for one batch: each claim and line as resolved (provider, recipient,
 * staff, service, catalogue record, minutes), and the memoised answers of the other engines.
 */
import { ipPractitionerCheck } from '../credentials/independent-practitioner';
import type { CredentialResult } from '../credentials/types';
import { addMonths, ageOn, isDateOnly, type DateOnly } from '../dates';
import type { ClaimInput, ClaimLineInput, ProviderFacts, RecipientFacts, StaffFacts } from '../facts';
import type { ProgramInForce } from '../program-approval/types';
import type { Contact, Modality, Program, Service } from '../vocabulary';
import type { FindingSink } from './findings';
import type { CodeMapping } from './procedure-codes';
import type { ServiceRule } from './service-catalog';
import type { BilledLines, BilledSession, KeptBlock, Slot } from './duplicates';
import type { ClaimCheckContext, Finding } from './types';

export interface ClaimWork extends FindingSink {
  index: number;
  input: ClaimInput;
  claimId: string;
  provider: ProviderFacts | undefined;
  recipient: RecipientFacts | undefined;
  isVoid: boolean;
  lines: LineWork[];
  /** dates of service of the claim's encounter lines (140.460(c)); null when none */
  encounterDates: Set<DateOnly> | null;
  /** compared by the duplicate check (evidence claims are not) */
  compared: boolean;
  /** its place among the claims of the request or file (a later REPLACEMENT or VOID of its claimId retires it) */
  order: number;
  /** its recipient in the duplicate check's index, and the recipient's lines there (this call's, earlier calls'), once looked up */
  billedKey: string | null;
  billedSlot: Slot<LineWork> | null;
  keptBlock: KeptBlock | null;
}

/**
 * OK: resolved, the rules apply. INVALID: the line is not well formed (FAIL, nothing else checked).
 * UNCHECKED: the service could not be determined or has no catalogue record (UNCHECKED).
 */
export type LineState = 'OK' | 'INVALID' | 'UNCHECKED';

export interface LineWork extends FindingSink {
  claim: ClaimWork;
  index: number;
  input: ClaimLineInput;
  state: LineState;
  dos: DateOnly;
  service: Service | null;
  rule: ServiceRule | undefined;
  mapping: CodeMapping | undefined;
  encounter: boolean;
  modality: Modality;
  contact: Contact;
  minutes: number;
  staff: StaffFacts | undefined;
  /** true when rules were skipped because the claim's provider or recipient is unknown */
  incomplete: boolean;
  /** the rendering staff's credential on the date of service, once asked */
  credential: CredentialResult | undefined;
  /** its procedure code and modifiers as the duplicate check compares them, once asked */
  sessionCode: string | null;
}

/** What a line rule sees: the line, its catalogue record, and the claim's resolved facts. */
export interface RuleInput {
  line: LineWork;
  rule: ServiceRule;
  provider: ProviderFacts;
  recipient: RecipientFacts | undefined;
  staff: StaffFacts | undefined;
  env: Env;
}

/** Where a staff rule's error was raised: the billing provider, the service's catalogue record and the date of service. */
export interface StaffErrorAt {
  provider: ProviderFacts;
  rule: ServiceRule;
  date: DateOnly;
}

export type StaffErrorListener = (finding: Finding, at: StaffErrorAt) => void;

export interface ApproverCheck {
  ok: boolean;
  /** "Dr. A. Smith (LPHA on 2026-01-10)" or why not */
  text: string;
}

/** An assessment or treatment plan as judged once per batch: its approval and the last day it is current. */
export interface RecordCheck {
  approver: ApproverCheck;
  /** the record's date + its period: the anniversary itself is still current (see clinical-records.ts) */
  currentThrough: DateOnly;
}

/**
 * Memoised answers for one batch: the other engines are asked once per (staff, date) and
 * (provider, program, date). Nested maps rather than concatenated keys: no string per lookup.
 */
export class Env {
  private readonly credentials = new Map<string, Map<DateOnly, CredentialResult>>();
  private readonly programs = new Map<string, Map<Program, Map<DateOnly, ProgramInForce>>>();
  private readonly approvers = new Map<string, Map<DateOnly, ApproverCheck>>();
  private readonly records = new WeakMap<object, RecordCheck>();
  private readonly providers = new Map<string, ProviderFacts | null>();
  private readonly validDates = new Set<string>();
  /** recipientId → the batch's lines for that recipient, for evidence of General MRO services */
  batchLinesByRecipient: Map<string, LineWork[]> | null = null;
  /**
   * Claims of the same request that are not being checked now but whose lines are evidence for the
   * rules that look across the batch (General MRO); never reported, never counted toward a cap.
   */
  evidence: ClaimWork[] = [];
  /** the sessions billed so far in the request or file (null while evidence claims are read) */
  billed: BilledLines | null = null;
  /** told of each line the duplicate check indexed (POST /claims records them) */
  onSession: ((claim: ClaimInput, lineIndex: number, session: BilledSession) => void) | null = null;
  /** keep every line's checks (`?explain=true`) */
  explain = false;
  /** told of each error a line's staff rules raised (the check session names who could have rendered it) */
  onStaffError: StaffErrorListener | null = null;
  /** reused by the line rules, one line at a time (filled before each use) */
  readonly ruleInput = { line: null, rule: null, provider: null, recipient: undefined, staff: undefined, env: null } as unknown as RuleInput;

  constructor(
    readonly ctx: ClaimCheckContext,
    readonly claims: ClaimWork[],
  ) {}

  credential(staff: StaffFacts, date: DateOnly): CredentialResult {
    let byDate = this.credentials.get(staff.id);
    if (byDate === undefined) this.credentials.set(staff.id, (byDate = new Map()));
    let c = byDate.get(date);
    if (c === undefined) {
      c = this.ctx.credentialOf(staff, date);
      byDate.set(date, c);
    }
    return c;
  }

  /** The rendering staff's credential on the line's date of service, asked once per line. */
  lineCredential(line: LineWork): CredentialResult {
    return (line.credential ??= this.credential(line.staff as StaffFacts, line.dos));
  }

  program(providerId: string, program: Program, date: DateOnly): ProgramInForce {
    let byProgram = this.programs.get(providerId);
    if (byProgram === undefined) this.programs.set(providerId, (byProgram = new Map()));
    let byDate = byProgram.get(program);
    if (byDate === undefined) byProgram.set(program, (byDate = new Map()));
    let p = byDate.get(date);
    if (p === undefined) {
      p = this.ctx.programInForce(providerId, program, date);
      byDate.set(date, p);
    }
    return p;
  }

  provider(id: string): ProviderFacts | undefined {
    let p = this.providers.get(id);
    if (p === undefined) {
      p = this.ctx.providerById(id) ?? null;
      this.providers.set(id, p);
    }
    return p ?? undefined;
  }

  /** isDateOnly, remembered: a batch has few distinct dates. */
  isDate(value: unknown): value is DateOnly {
    if (typeof value !== 'string') return false;
    if (this.validDates.has(value)) return true;
    if (!isDateOnly(value)) return false;
    this.validDates.add(value);
    return true;
  }

  /**
   * An assessment or plan's approval and the last day it is current, judged once per record per batch.
   * `date` is the record's own date (completedOn, approvedOn) and `validMonths` its kind's period: both
   * fixed per record.
   */
  recordCheck(record: { approvedByStaffId: string | null }, date: DateOnly, validMonths: number): RecordCheck {
    let r = this.records.get(record);
    if (r === undefined) {
      r = { approver: this.approvedByLphaOrIp(record.approvedByStaffId, date), currentThrough: this.addMonths(date, validMonths) };
      this.records.set(record, r);
    }
    return r;
  }

  private readonly monthsLater = new Map<number, Map<DateOnly, DateOnly>>();
  private readonly ages = new Map<string, Map<DateOnly, number>>();

  /** ageOn(recipient's birth date, date), remembered per (recipient, date). */
  ageOn(recipient: RecipientFacts, date: DateOnly): number {
    let byDate = this.ages.get(recipient.id);
    if (byDate === undefined) this.ages.set(recipient.id, (byDate = new Map()));
    let age = byDate.get(date);
    if (age === undefined) {
      age = ageOn(recipient.birthDate, date);
      byDate.set(date, age);
    }
    return age;
  }

  /** addMonths, remembered per (date, months). */
  addMonths(date: DateOnly, months: number): DateOnly {
    let byDate = this.monthsLater.get(months);
    if (byDate === undefined) this.monthsLater.set(months, (byDate = new Map()));
    let d = byDate.get(date);
    if (d === undefined) {
      d = addMonths(date, months);
      byDate.set(date, d);
    }
    return d;
  }

  /**
   * Was the record approved by an LPHA or IP (140.453(d)(1)(A)(ii), (B)(ii))? The approver's credential on
   * the approval date holds LPHA, or the approver is the practitioner of an IP provider that day (the staff
   * member holding the licence its ipKind names, 140.452(a)(3)): anyone else registered at an IP is judged
   * as anyone else. The approver's provider is in the context whichever claims share the batch.
   */
  approvedByLphaOrIp(staffId: string | null, date: DateOnly): ApproverCheck {
    if (staffId === null) return NO_APPROVER;
    let byDate = this.approvers.get(staffId);
    if (byDate === undefined) this.approvers.set(staffId, (byDate = new Map()));
    let a = byDate.get(date);
    if (a === undefined) {
      a = this.checkApprover(staffId, date);
      byDate.set(date, a);
    }
    return a;
  }

  private checkApprover(staffId: string, date: DateOnly): ApproverCheck {
    const staff = this.ctx.staffById(staffId);
    if (!staff) return { ok: false, text: `approver ${staffId} is not registered` };
    const provider = this.provider(staff.providerId);
    const ip = provider?.type === 'IP' ? ipPractitionerCheck(provider, staff, date) : null;
    if (ip?.isPractitioner) return { ok: true, text: `${staff.name} (Independent Practitioner)` };
    const cred = this.credential(staff, date);
    if (cred.tiers.includes('LPHA')) return { ok: true, text: `${staff.name} (LPHA on ${date})` };
    return { ok: false, text: `${staff.name} held ${cred.tier ?? 'no tier'} on ${date}, not LPHA${ip ? `; ${ip.reason}` : ''}` };
  }
}

const NO_APPROVER: ApproverCheck = { ok: false, text: 'no approver recorded' };

export function newLine(claim: ClaimWork, index: number, input: ClaimLineInput): LineWork {
  return {
    claim,
    index,
    input,
    state: 'OK',
    dos: '',
    service: null,
    rule: undefined,
    mapping: undefined,
    encounter: false,
    modality: 'INDIVIDUAL',
    contact: 'FACE_TO_FACE',
    minutes: 0,
    staff: undefined,
    incomplete: false,
    credential: undefined,
    sessionCode: null,
    findings: null,
    errors: 0,
    warnings: 0,
    // a line is explained when its claim is
    checks: claim.checks !== null ? [] : null,
  };
}


/**
 * Fakes for the claim engine's tests and benchmark: an in-memory registry, a credential engine that
 * answers from a per-staff tier, a Table N engine from a set of approvals, and a cap ledger. Not used
 * by the service; kept beside the engine so that tests and bench/ share one baseline.
 */
import { prescribingLicence } from '../credentials/routes';
import type { ActiveDesignation, CredentialResult } from '../credentials/types';
import { stateFiscalYear, type DateOnly } from '../dates';
import { staffWithoutFacts, type ClaimInput, type ClaimLineInput, type ProviderFacts, type RecipientFacts, type StaffFacts } from '../facts';
import type { ProgramInForce } from '../program-approval/types';
import { TIERS, type Program, type Tier } from '../vocabulary';
import { loadProcedureCodeFile, loadServiceCatalogFile } from './config-files';
import { sessionCode } from './duplicates';
import { RecordedLines, type RecordedLine } from './recorded-lines';
import { validateClaims } from './engine';
import { ADULT_ID, BASE_DATE, CMHC_ID, DIRECTOR_ID, LPHA_ID, exampleAssessment, examplePlan, type ExampleRegistry, type RuleExample } from './examples';
import type { ProcedureCodeTable } from './procedure-codes';
import { RecordingState, withRecordingConflict, withRecordingPassed } from './recording';
import type { CapCategory, ServiceCatalog } from './service-catalog';
import type { ClaimCheckContext, ClaimRef, ClaimReport } from './types';

export { ADULT_ID, BASE_DATE, CMHC_ID, DIRECTOR_ID, LPHA_ID };

export interface FakeWorld {
  providers: ProviderFacts[];
  staff: StaffFacts[];
  recipients: RecipientFacts[];
  /** the tier each staff member holds (on every date); absent: no tier */
  tierOf: Record<string, Tier | null>;
  /** staff whose QMHP supervision is missing (supervisorOk false) */
  unsupervised: Set<string>;
  /** staff who may administer medication */
  mayAdminister: Set<string>;
  /** providerId|program approvals in force (every date) */
  approvals: Set<string>;
  /** providerId|program approvals in force only while the Department's Final Notice is overdue */
  finalNoticeOverdue: Set<string>;
  /** recorded cap minutes: one entry per recorded claim */
  ledger: { recipientId: string; sfy: string; category: CapCategory; minutes: number; claim: ClaimRef }[];
  /** lines of claims recorded earlier (the duplicate check's history), for a recipient */
  recorded?: (RecordedLine & { recipientId: string; dateOfService: DateOnly })[];
}

let cachedCatalog: ServiceCatalog | undefined;
let cachedCodes: ProcedureCodeTable | undefined;

/** The shipped config files, loaded once per process. */
export function shippedConfig(): { catalog: ServiceCatalog; procedureCodes: ProcedureCodeTable } {
  cachedCatalog ??= loadServiceCatalogFile();
  cachedCodes ??= loadProcedureCodeFile();
  return { catalog: cachedCatalog, procedureCodes: cachedCodes };
}

export function provider(over: Partial<ProviderFacts> = {}): ProviderFacts {
  return { id: CMHC_ID, name: 'Lakeside CMHC', npi: '1234567893', type: 'CMHC', ipKind: null, enrollments: [{ from: '2018-07-01', to: null }], encounterRateClinic: false, ...over };
}

export function staff(over: Partial<StaffFacts> = {}): StaffFacts {
  return {
    ...staffWithoutFacts({ id: LPHA_ID, providerId: CMHC_ID, name: 'J. Doe', hireDate: '2020-01-01' }),
    npi: '1003000126',
    birthDate: '1980-01-01',
    highSchoolOrGed: true,
    ...over,
  };
}

export function recipient(over: Partial<RecipientFacts> = {}): RecipientFacts {
  return {
    id: ADULT_ID,
    medicaidId: 'MCD000001',
    name: 'A. Client',
    birthDate: '1990-05-01',
    assessments: [exampleAssessment()],
    treatmentPlans: [examplePlan()],
    ...over,
  };
}

/** A CMHC enrolled since 2018, an LPHA therapist employed there, an adult with a current assessment and plan. */
export function baselineWorld(): FakeWorld {
  return {
    providers: [provider()],
    staff: [staff(), staff({ id: DIRECTOR_ID, name: 'Dr. M. Director', npi: '1003000134' })],
    recipients: [recipient()],
    tierOf: { [LPHA_ID]: 'LPHA', [DIRECTOR_ID]: 'LPHA' },
    unsupervised: new Set(),
    mayAdminister: new Set(),
    approvals: new Set([`${CMHC_ID}|CST`, `${CMHC_ID}|IO`, `${CMHC_ID}|PSR`]),
    finalNoticeOverdue: new Set(),
    ledger: [],
  };
}

export function line(over: Partial<ClaimLineInput> = {}): ClaimLineInput {
  return { lineId: '1', dateOfService: BASE_DATE, units: 4, renderingStaffId: LPHA_ID, placeOfService: '11', procedureCode: 'H0004', ...over };
}

export function claim(over: Partial<ClaimInput> = {}, lines: ClaimLineInput[] = [line()]): ClaimInput {
  return { claimId: 'C1', providerId: CMHC_ID, recipientId: ADULT_ID, frequency: 'ORIGINAL', lines, ...over };
}

export interface FakeContext extends ClaimCheckContext {
  calls: { credentialOf: number; programInForce: number; capUsedMinutes: number };
}

/** A context over the world; the credential and Table N fakes count their calls (to test memoising). */
export function contextFor(world: FakeWorld, config = shippedConfig()): FakeContext {
  const providers = new Map(world.providers.map((p) => [p.id, p]));
  const providersByNpi = new Map(world.providers.map((p) => [p.npi, p]));
  const staffById = new Map(world.staff.map((s) => [s.id, s]));
  const recipients = new Map(world.recipients.map((r) => [r.id, r]));
  const recipientsByMid = new Map(world.recipients.map((r) => [r.medicaidId, r]));
  const calls = { credentialOf: 0, programInForce: 0, capUsedMinutes: 0 };
  const ledger = new Map<string, FakeWorld['ledger']>();
  for (const e of world.ledger) {
    const key = `${e.recipientId}|${e.sfy}|${e.category}`;
    const list = ledger.get(key);
    if (list) list.push(e);
    else ledger.set(key, [e]);
  }
  const recorded = new RecordedLines();
  for (const r of world.recorded ?? []) recorded.add(r.recipientId, r.dateOfService, r);
  const staffByNpi = new Map<string, StaffFacts[]>();
  for (const s of world.staff) if (s.npi) staffByNpi.set(s.npi, [...(staffByNpi.get(s.npi) ?? []), s]);
  return {
    ...config,
    calls,
    providerById: (id) => providers.get(id),
    providerByNpi: (npi) => providersByNpi.get(npi),
    staffById: (id) => staffById.get(id),
    staffByNpi: (npi, providerId) => {
      const list = staffByNpi.get(npi);
      return list?.find((s) => providerId === undefined || s.providerId === providerId) ?? list?.[0];
    },
    recipientById: (id) => recipients.get(id),
    recipientByMedicaidId: (mid) => recipientsByMid.get(mid),
    credentialOf: (s, date) => {
      calls.credentialOf++;
      return fakeCredential(world, s, date, staffById);
    },
    programInForce: (providerId, program, date) => {
      calls.programInForce++;
      return fakeProgram(world, providerId, program, date);
    },
    recordedLines: (recipientId, dateOfService) => recorded.lines(recipientId, dateOfService),
    capUsedMinutes: (recipientId, sfy, category, excluding) => {
      calls.capUsedMinutes++;
      let sum = 0;
      for (const e of ledger.get(`${recipientId}|${sfy}|${category}`) ?? []) {
        if (excluding && e.claim.providerId === excluding.providerId && e.claim.claimId === excluding.claimId) continue;
        sum += e.minutes;
      }
      return sum;
    },
  };
}

export function fakeCredential(world: FakeWorld, s: StaffFacts, date: DateOnly, staffById?: Map<string, StaffFacts>): CredentialResult {
  const tier = world.tierOf[s.id] ?? null;
  const tiers = tier === null ? [] : TIERS.slice(TIERS.indexOf(tier));
  const requires = tier === 'MHP' || tier === 'RSA';
  const designations: ActiveDesignation[] = s.prescriberDesignations
    .filter((d) => d.designatedOn <= date && (d.endsOn === null || date <= d.endsOn))
    .map((d) => {
      const by = staffById ? staffById.get(d.designatedByStaffId) : world.staff.find((x) => x.id === d.designatedByStaffId);
      const licensed = by !== undefined && prescribingLicence(by, d.designatedOn) !== undefined;
      return { designatedByStaffId: d.designatedByStaffId, designatedOn: d.designatedOn, services: d.services, prescriberLicensed: licensed, reason: licensed ? 'designated by a prescriber' : 'designator holds no prescribing licence' };
    });
  const employed = s.hireDate <= date && (s.endDate === null || date <= s.endDate);
  return {
    staffId: s.id,
    asOf: date,
    employed,
    tier,
    tiers,
    basis: tier ? [{ tier, citation: '140.453(b)(3)', reason: 'fake' }] : [],
    requiresQmhpSupervision: requires,
    supervisorOk: requires ? !world.unsupervised.has(s.id) : null,
    supervisorReason: requires ? (world.unsupervised.has(s.id) ? 'no supervisor is recorded' : 'supervised by a QMHP') : null,
    mayAdministerMedication: {
      allowed: world.mayAdminister.has(s.id),
      citation: '140.453(d)(2)(C)(v)',
      reason: world.mayAdminister.has(s.id) ? 'holds a nursing licence' : 'holds no licence that allows administering medication',
    },
    designations,
    validUntil: null,
    missingForNextTier: [],
    warnings: [],
  };
}

function fakeProgram(world: FakeWorld, providerId: string, program: Program, date: DateOnly): ProgramInForce {
  const inForce = world.approvals.has(`${providerId}|${program}`);
  const answer: ProgramInForce = {
    program,
    date,
    inForce,
    status: inForce ? 'APPROVED' : 'NONE',
    reason: inForce ? `${program} approved` : `no ${program} approval recorded`,
    citation: '140.TABLE N(b)(1)(G)(i)',
  };
  if (inForce && world.finalNoticeOverdue.has(`${providerId}|${program}`)) {
    const dueOn = '2026-07-02';
    Object.assign(answer, {
      status: 'IN_REMEDY',
      warning: { code: 'FINAL_NOTICE_OVERDUE', citation: '140.TABLE N(b)(2)(B)(ii)', dueOn, message: `the ${program} approval is kept in force only by a Notice of Deficiencies; the Department's Final Notice was due ${dueOn}` },
    });
  }
  return answer;
}

/** The example registry of the rule catalogue (examples.ts) with an example's changes applied. */
export function exampleWorld(registry: ExampleRegistry): FakeWorld {
  const w = baselineWorld();
  const p = w.providers[0];
  Object.assign(p, registry.provider ?? {});
  Object.assign(w.staff[0], registry.staff ?? {});
  if (registry.tier !== undefined) w.tierOf[LPHA_ID] = registry.tier;
  if (registry.unsupervised) w.unsupervised.add(LPHA_ID);
  if (registry.mayAdministerMedication) w.mayAdminister.add(LPHA_ID);
  for (const o of registry.otherStaff ?? []) {
    const { tier, ...facts } = o;
    w.staff.push(staff({ npi: null, ...facts }));
    w.tierOf[o.id] = tier ?? null;
  }
  for (const o of registry.otherProviders ?? []) w.providers.push(provider(o));
  Object.assign(w.recipients[0], registry.recipient ?? {});
  if (registry.programApprovals) w.approvals = new Set(registry.programApprovals.map((prog) => `${CMHC_ID}|${prog}`));
  for (const prog of registry.finalNoticeOverdue ?? []) w.finalNoticeOverdue.add(`${CMHC_ID}|${prog}`);
  for (const [category, minutes] of Object.entries(registry.capMinutesUsed ?? {}) as [CapCategory, number][]) {
    w.ledger.push({ recipientId: ADULT_ID, sfy: stateFiscalYear(BASE_DATE), category, minutes, claim: { providerId: CMHC_ID, claimId: 'EX-RECORDED' } });
  }
  w.recorded = (registry.recordedLines ?? []).map((l) => ({ ...l, providerId: CMHC_ID, recipientId: ADULT_ID, code: sessionCode(l.procedureCode, []) }));
  return w;
}

/**
 * Runs a catalogue example through the engine with explanations on, against the example registry; an
 * example with recorded claims is recorded as POST /claims would (the recording rule, then the checks).
 */
export function runExample(example: RuleExample, config = shippedConfig()): ClaimReport {
  const world = exampleWorld(example.registry);
  const check = (): ClaimReport => validateClaims([example.claim], contextFor(world, config), { explain: true }).claims[0];
  const recorded = example.registry.recordedClaims;
  if (recorded === undefined) return check();
  const state = new RecordingState();
  const hash = JSON.stringify(example.claim);
  for (const r of recorded) state.learn(CMHC_ID, r.claimId, { status: r.status, version: r.version, hashes: new Set(r.sameContent ? [hash] : []) });
  const decision = state.decide(CMHC_ID, example.claim, hash);
  if (decision.kind === 'CONFLICT') return withRecordingConflict(check(), example.claim, decision.message);
  return withRecordingPassed(check(), example.claim, decision.kind === 'RECORD' ? decision.replaces : null);
}

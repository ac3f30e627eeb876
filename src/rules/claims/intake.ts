/**
 * Intake: is the claim well formed, who are the provider, recipient and rendering staff, which service
 * does each line bill (code mapping), in which modality and contact, for how many minutes, and under
 * which catalogue record. Findings here: what the X12 reader could not take as written (X12-CONTENT-v1,
 * first), INVALID_CLAIM, UNKNOWN_*, UNMAPPED_PROCEDURE_CODE, SERVICE_CODE_CONFLICT, and DUPLICATE_LINE
 * (duplicates.ts), checked as each line is read.
 */
import type { ClaimInput, ClaimLineInput, ContentProblem } from '../facts';
import { CLAIM_FREQUENCIES, CONTACTS, MODALITIES, SERVICES, type Contact, type Modality, type Service } from '../vocabulary';
import { checkDuplicate } from './duplicates';
import { error, lower, passed, skipped, type FindingSink } from './findings';
import { CATALOGUE_IN_FORCE, CODE_CONFLICT_ACTION, CODE_MAPPING, CONTENT_X12, DUPLICATE_LINE, IDENTITY, WELL_FORMED, actionOf } from './rule-book';
import type { Env, ClaimWork, LineState, LineWork } from './work';
import { newLine } from './work';

const RULE_WELL_FORMED = WELL_FORMED.id;
const RULE_IDENTITY = IDENTITY.id;
const RULE_CODE_MAPPING = CODE_MAPPING.id;
const WELL_FORMED_ACTION = WELL_FORMED.action;
const MAPPING_ACTION = actionOf(CODE_MAPPING, 'INVALID_CLAIM');

/** 140.20 Submittal of Claims: a claim the Department can read. */
const CLAIMS_CITATION = '140.20';
const POS_RE = /^\d{2}$/;

const describe = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
function isStringList(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const m of v) if (typeof m !== 'string') return false;
  return true;
}

/** Read through a call so that the compiler does not narrow it across the resolving functions. */
const stateOf = (line: LineWork): LineState => line.state;
const positiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * repeatedClaimIds: report a claimId its provider already used earlier in the request or file
 * (validation does; recording refuses such a request before the engine runs, or answers a repeat).
 */
export function intakeClaim(input: ClaimInput, index: number, env: Env, repeatedClaimIds: boolean): ClaimWork {
  const raw = (input ?? {}) as Partial<ClaimInput>;
  const claim: ClaimWork = {
    index,
    input,
    claimId: typeof raw.claimId === 'string' ? raw.claimId : String(raw.claimId ?? ''),
    provider: undefined,
    recipient: undefined,
    isVoid: raw.frequency === 'VOID',
    lines: [],
    encounterDates: null,
    compared: false,
    order: 0,
    billedKey: null,
    billedSlot: null,
    keptBlock: null,
    findings: null,
    errors: 0,
    warnings: 0,
    checks: env.explain ? [] : null,
  };
  const invalid = (message: string, fact: Record<string, string | number | boolean | null>) =>
    error(claim, 'INVALID_CLAIM', message, CLAIMS_CITATION, RULE_WELL_FORMED, fact, WELL_FORMED_ACTION);

  if (raw.problems !== undefined) contentProblems(claim, raw.problems, 'the claim');

  if (!nonEmptyString(raw.claimId)) invalid(`the claim has no claimId (got ${describe(raw.claimId)})`, { field: 'claimId' });
  if (!(CLAIM_FREQUENCIES as readonly unknown[]).includes(raw.frequency)) {
    invalid(`frequency ${describe(raw.frequency)} is not one of ${CLAIM_FREQUENCIES.join(', ')}`, { field: 'frequency' });
  }
  if (raw.placeOfService !== undefined && !(typeof raw.placeOfService === 'string' && POS_RE.test(raw.placeOfService))) {
    invalid(`claim place of service ${describe(raw.placeOfService)} is not a two-digit CMS code`, { field: 'placeOfService' });
  }

  resolveProvider(claim, raw, env);
  resolveRecipient(claim, raw, env);

  if (env.billed && env.billed.openClaim(claim) && repeatedClaimIds && claim.provider && raw.frequency === 'ORIGINAL') {
    invalid(`claim ${raw.claimId} of ${claim.provider.name} appears twice in this request or file (claimId is unique per provider; a correction is sent as a REPLACEMENT)`, { claimId: String(raw.claimId) });
  }
  if (claim.checks !== null) explainClaim(claim, raw);

  if (!Array.isArray(raw.lines) || raw.lines.length === 0) {
    invalid('the claim has no lines', { field: 'lines' });
    return claim;
  }
  for (let i = 0; i < raw.lines.length; i++) {
    const line = intakeLine(claim, i, raw.lines[i], env);
    claim.lines.push(line);
    if (line.encounter && line.state === 'OK') (claim.encounterDates ??= new Set()).add(line.dos);
    if (line.state !== 'INVALID' && !claim.isVoid) checkDuplicate(line, env);
    else if (line.checks !== null) skipped(line, DUPLICATE_LINE, claim.isVoid ? 'a VOID is not compared: it withdraws its original' : 'the line is not well formed');
  }
  return claim;
}

/** What the X12 reader could not take as written (X12-CONTENT-v1), before anything else: the file's own words. */
function contentProblems(sink: FindingSink, problems: readonly ContentProblem[], what: string): void {
  for (const p of problems) error(sink, 'INVALID_CLAIM', p.message, CLAIMS_CITATION, CONTENT_X12.id, { segmentIndex: p.segmentIndex, segmentId: p.segmentId }, CONTENT_X12.action);
  if (problems.length === 0 && sink.checks !== null) passed(sink, CONTENT_X12, `the 837P segments of ${what} read as written`);
}

/** The claim's own checks that passed (explaining only): its form and who it names. */
function explainClaim(claim: ClaimWork, raw: Partial<ClaimInput>): void {
  const failed = (id: string) => claim.checks!.some((c) => c.ruleId === id && c.outcome === 'failed');
  if (!failed(RULE_WELL_FORMED)) passed(claim, WELL_FORMED, `claim ${claim.claimId} (${raw.frequency}) names its provider, recipient and lines as the contract defines them`);
  if (!failed(RULE_IDENTITY) && claim.provider && claim.recipient) {
    passed(claim, IDENTITY, `the billing provider ${claim.provider.name} (NPI ${claim.provider.npi}) and the recipient with Medicaid ID ${claim.recipient.medicaidId} are registered`);
  }
}

function resolveProvider(claim: ClaimWork, raw: Partial<ClaimInput>, env: Env): void {
  const { ctx } = env;
  const byId = raw.providerId !== undefined ? (nonEmptyString(raw.providerId) ? ctx.providerById(raw.providerId) : undefined) : undefined;
  const byNpi = raw.billingNpi !== undefined ? (nonEmptyString(raw.billingNpi) ? ctx.providerByNpi(raw.billingNpi) : undefined) : undefined;
  if (raw.providerId === undefined && raw.billingNpi === undefined) {
    error(claim, 'INVALID_CLAIM', 'the claim names no billing provider (providerId or billingNpi)', CLAIMS_CITATION, RULE_WELL_FORMED, { field: 'providerId' }, WELL_FORMED_ACTION);
    return;
  }
  if (raw.providerId !== undefined && !byId) {
    error(claim, 'UNKNOWN_PROVIDER', `provider ${describe(raw.providerId)} is not registered`, '140.452(b)', RULE_IDENTITY, { providerId: String(raw.providerId) }, actionOf(IDENTITY, 'UNKNOWN_PROVIDER'));
    return;
  }
  if (raw.billingNpi !== undefined && !byNpi) {
    error(claim, 'UNKNOWN_PROVIDER', `no provider is registered with billing NPI ${describe(raw.billingNpi)}`, '140.452(b)', RULE_IDENTITY, { billingNpi: String(raw.billingNpi) }, actionOf(IDENTITY, 'UNKNOWN_PROVIDER'));
    return;
  }
  if (byId && byNpi && byId.id !== byNpi.id) {
    error(claim, 'INVALID_CLAIM', `billing NPI ${raw.billingNpi} belongs to ${byNpi.name}, not to provider ${byId.name} (${byId.id})`, CLAIMS_CITATION, RULE_WELL_FORMED, {
      providerId: byId.id,
      billingNpi: String(raw.billingNpi),
    }, WELL_FORMED_ACTION);
    return;
  }
  claim.provider = byId ?? byNpi;
}

function resolveRecipient(claim: ClaimWork, raw: Partial<ClaimInput>, env: Env): void {
  const { ctx } = env;
  if (raw.recipientId === undefined && raw.medicaidId === undefined) {
    error(claim, 'INVALID_CLAIM', 'the claim names no recipient (recipientId or medicaidId)', CLAIMS_CITATION, RULE_WELL_FORMED, { field: 'recipientId' }, WELL_FORMED_ACTION);
    return;
  }
  const byId = raw.recipientId !== undefined && nonEmptyString(raw.recipientId) ? ctx.recipientById(raw.recipientId) : undefined;
  const byMid = raw.medicaidId !== undefined && nonEmptyString(raw.medicaidId) ? ctx.recipientByMedicaidId(raw.medicaidId) : undefined;
  if (raw.recipientId !== undefined && !byId) {
    error(claim, 'UNKNOWN_RECIPIENT', `recipient ${describe(raw.recipientId)} is not registered`, CLAIMS_CITATION, RULE_IDENTITY, { recipientId: String(raw.recipientId) }, actionOf(IDENTITY, 'UNKNOWN_RECIPIENT'));
    return;
  }
  if (raw.medicaidId !== undefined && !byMid) {
    error(claim, 'UNKNOWN_RECIPIENT', `no recipient is registered with Medicaid ID ${describe(raw.medicaidId)}`, CLAIMS_CITATION, RULE_IDENTITY, { medicaidId: String(raw.medicaidId) }, actionOf(IDENTITY, 'UNKNOWN_RECIPIENT'));
    return;
  }
  if (byId && byMid && byId.id !== byMid.id) {
    error(claim, 'INVALID_CLAIM', `Medicaid ID ${raw.medicaidId} belongs to another recipient than ${byId.id}`, CLAIMS_CITATION, RULE_WELL_FORMED, {
      recipientId: byId.id,
      medicaidId: String(raw.medicaidId),
    }, WELL_FORMED_ACTION);
    return;
  }
  const recipient = byId ?? byMid;
  if (recipient && raw.recipientBirthDate !== undefined && raw.recipientBirthDate !== recipient.birthDate) {
    error(
      claim,
      'UNKNOWN_RECIPIENT',
      `the claim gives birth date ${describe(raw.recipientBirthDate)} for Medicaid ID ${recipient.medicaidId}, registered as born ${recipient.birthDate}: not the registered recipient`,
      CLAIMS_CITATION,
      RULE_IDENTITY,
      { recipientId: recipient.id, claimBirthDate: String(raw.recipientBirthDate), registeredBirthDate: recipient.birthDate },
      actionOf(IDENTITY, 'UNKNOWN_RECIPIENT'),
    );
    return;
  }
  claim.recipient = recipient;
}

function intakeLine(claim: ClaimWork, index: number, rawLine: ClaimLineInput, env: Env): LineWork {
  const input = (rawLine ?? {}) as ClaimLineInput;
  const line = newLine(claim, index, input);
  if (input.problems !== undefined) contentProblems(line, input.problems, `line ${input.lineId}`);
  const contentErrors = line.errors;

  if (!nonEmptyString(input.lineId)) invalidLine(line, `no lineId (got ${describe(input.lineId)})`, 'lineId');
  else if (claim.lines.some((l) => l.input.lineId === input.lineId)) invalidLine(line, `lineId ${input.lineId} is used twice on claim ${claim.claimId}`, 'lineId');
  if (env.isDate(input.dateOfService)) line.dos = input.dateOfService;
  else invalidLine(line, `date of service ${describe(input.dateOfService)} is not a calendar date written YYYY-MM-DD`, 'dateOfService');
  if (!positiveInteger(input.units)) invalidLine(line, `units must be a whole number above zero, got ${describe(input.units)}`, 'units');
  if (input.unitBasis !== undefined && input.unitBasis !== 'UNITS' && input.unitBasis !== 'MINUTES') invalidLine(line, `unitBasis ${describe(input.unitBasis)} is not UNITS or MINUTES`, 'unitBasis');
  if (input.service !== undefined && !(SERVICES as readonly unknown[]).includes(input.service)) invalidLine(line, `service ${describe(input.service)} is not a 140.453 service`, 'service');
  if (input.modality !== undefined && !(MODALITIES as readonly unknown[]).includes(input.modality)) invalidLine(line, `modality ${describe(input.modality)} is not one of ${MODALITIES.join(', ')}`, 'modality');
  if (input.contact !== undefined && !(CONTACTS as readonly unknown[]).includes(input.contact)) invalidLine(line, `contact ${describe(input.contact)} is not one of ${CONTACTS.join(', ')}`, 'contact');
  if (input.groupSize !== undefined && !positiveInteger(input.groupSize)) invalidLine(line, `groupSize must be a whole number above zero, got ${describe(input.groupSize)}`, 'groupSize');
  if (input.groupStaff !== undefined && !positiveInteger(input.groupStaff)) invalidLine(line, `groupStaff must be a whole number above zero, got ${describe(input.groupStaff)}`, 'groupStaff');
  if (input.placeOfService !== undefined && !(typeof input.placeOfService === 'string' && POS_RE.test(input.placeOfService))) {
    invalidLine(line, `place of service ${describe(input.placeOfService)} is not a two-digit CMS code`, 'placeOfService');
  }
  if (input.modifiers !== undefined && !isStringList(input.modifiers)) invalidLine(line, 'modifiers must be a list of codes', 'modifiers');
  if (input.procedureCode !== undefined && !nonEmptyString(input.procedureCode)) invalidLine(line, `procedure code ${describe(input.procedureCode)} is empty`, 'procedureCode');
  if (input.service === undefined && input.procedureCode === undefined) invalidLine(line, 'names neither a service nor a procedure code', 'service');
  if (input.renderingStaffId === undefined && input.renderingNpi === undefined) invalidLine(line, 'names no rendering staff (renderingStaffId or renderingNpi)', 'renderingStaffId');
  if (line.state === 'INVALID') {
    line.service = (SERVICES as readonly unknown[]).includes(input.service) ? (input.service as Service) : null;
    return line;
  }
  if (line.checks !== null && line.errors === contentErrors) passed(line, WELL_FORMED, `line ${input.lineId}: date, units, codes and rendering staff are given as the contract defines them`);

  resolveService(line, env);
  if (stateOf(line) === 'INVALID') return line;
  resolveStaff(line, env);
  const unitUnknown = line.minutes < 0;
  if (unitUnknown) line.minutes = 0;
  if (stateOf(line) !== 'OK' || line.encounter || line.service === null) return line;

  const rule = env.ctx.catalog.ruleFor(line.service, line.dos);
  if (!rule) {
    error(line, 'INVALID_CLAIM', `no catalogue record for ${line.service} is in force on ${line.dos}: this line cannot be checked`, CLAIMS_CITATION, CATALOGUE_IN_FORCE.id, {
      service: line.service,
      dateOfService: line.dos,
    }, CATALOGUE_IN_FORCE.action);
    line.state = 'UNCHECKED';
    return line;
  }
  line.rule = rule;
  if (line.checks !== null) passed(line, CATALOGUE_IN_FORCE, `${rule.id} (${rule.name}, in force ${rule.effectiveFrom} to ${rule.effectiveTo ?? 'open'}) applies on ${line.dos}`);
  if (unitUnknown) {
    error(line, 'INVALID_CLAIM', `line ${input.lineId}: no procedure code for ${line.service} in force on ${line.dos} gives the unit length: give procedureCode, or unitBasis MINUTES`, CLAIMS_CITATION, RULE_CODE_MAPPING, {
      service: line.service,
    }, MAPPING_ACTION);
    line.state = 'INVALID';
  }
  return line;
}

function invalidLine(line: LineWork, message: string, field: string): void {
  error(line, 'INVALID_CLAIM', `line ${line.input.lineId ?? line.index + 1}: ${message}`, CLAIMS_CITATION, RULE_WELL_FORMED, { field }, WELL_FORMED_ACTION);
  line.state = 'INVALID';
}

/** Code mapping, modality, contact and minutes. */
function resolveService(line: LineWork, env: Env): void {
  const { input } = line;
  const table = env.ctx.procedureCodes;
  let modifierModality: Modality | null = null;
  let modifierContact: Contact | null = null;
  let defaultModality: Modality | null = null;
  let defaultContact: Contact | null = null;

  if (input.procedureCode !== undefined) {
    const found = table.lookup(input.procedureCode, input.modifiers, line.dos);
    if (!found.ok) {
      error(line, 'UNMAPPED_PROCEDURE_CODE', `${found.reason}: the line cannot be checked (a site's own fee schedule goes in config/procedure-codes.json)`, '140.455(b)', RULE_CODE_MAPPING, {
        procedureCode: input.procedureCode,
        modifiers: (input.modifiers ?? []).join(','),
        dateOfService: line.dos,
      }, actionOf(CODE_MAPPING, 'UNMAPPED_PROCEDURE_CODE'));
      line.state = 'UNCHECKED';
      line.service = input.service ?? null;
      return;
    }
    const m = found.mapping;
    line.mapping = m;
    if (m.encounter) {
      line.encounter = true;
      if (input.service !== undefined) {
        error(line, 'SERVICE_CODE_CONFLICT', `${m.code} is the behavioral health encounter code and names no service, but the line also gives ${input.service}: list each service as its own line`, '140.460(c)', m.id, {
          procedureCode: m.code,
          service: input.service,
        }, CODE_CONFLICT_ACTION);
        line.state = 'INVALID';
        return;
      }
    } else {
      if (input.service !== undefined && input.service !== m.service) {
        error(line, 'SERVICE_CODE_CONFLICT', `${m.code}${m.modifiers.length ? ` ${m.modifiers.join(' ')}` : ''} maps to ${m.service} (${m.id}) but the line gives ${input.service}`, '140.455(b)', m.id, {
          procedureCode: m.code,
          mappedService: m.service,
          service: input.service,
        }, CODE_CONFLICT_ACTION);
        line.state = 'INVALID';
        line.service = input.service;
        return;
      }
      line.service = m.service;
    }
    if (line.checks !== null) {
      const written = `${m.code}${m.modifiers.length ? ` ${m.modifiers.join(' ')}` : ''}`;
      passed(line, { id: m.id, citation: m.encounter ? '140.460(c)' : '140.455(b)' }, m.encounter ? `${written} is the behavioral health encounter code (it names no service)` : `${written} maps to ${m.service}${input.service !== undefined ? ', as the line says' : ''}`);
    }
    if (found.modifierConflict) {
      error(line, 'INVALID_CLAIM', `line ${input.lineId}: ${found.modifierConflict}`, CLAIMS_CITATION, RULE_CODE_MAPPING, { modifiers: (input.modifiers ?? []).join(',') }, MAPPING_ACTION);
      line.state = 'INVALID';
      return;
    }
    modifierModality = found.modality;
    modifierContact = found.contact;
    defaultModality = m.modality;
    defaultContact = m.contact;
  } else {
    line.service = input.service ?? null;
    for (const raw of input.modifiers ?? []) {
      const meaning = table.modifier(raw);
      if (!meaning) {
        error(line, 'INVALID_CLAIM', `line ${input.lineId}: modifier ${raw} means nothing without a procedure code`, CLAIMS_CITATION, RULE_CODE_MAPPING, { modifier: raw }, MAPPING_ACTION);
        line.state = 'INVALID';
        return;
      }
      if (meaning.modality) modifierModality = meaning.modality;
      if (meaning.contact) modifierContact = meaning.contact;
    }
  }

  if (input.modality !== undefined && modifierModality !== null && input.modality !== modifierModality) {
    error(line, 'INVALID_CLAIM', `line ${input.lineId}: modality ${input.modality} disagrees with the modifiers, which say ${modifierModality}`, CLAIMS_CITATION, RULE_CODE_MAPPING, {
      modality: input.modality,
      modifierModality,
    }, MAPPING_ACTION);
    line.state = 'INVALID';
    return;
  }
  if (input.contact !== undefined && modifierContact !== null && input.contact !== modifierContact) {
    error(line, 'INVALID_CLAIM', `line ${input.lineId}: contact ${input.contact} disagrees with the modifiers, which say ${modifierContact}`, CLAIMS_CITATION, RULE_CODE_MAPPING, {
      contact: input.contact,
      modifierContact,
    }, MAPPING_ACTION);
    line.state = 'INVALID';
    return;
  }
  line.modality = input.modality ?? modifierModality ?? defaultModality ?? 'INDIVIDUAL';
  line.contact = input.contact ?? modifierContact ?? defaultContact ?? 'FACE_TO_FACE';

  // Minutes: units x unit length, or the units themselves when the line is in minutes. No fractions.
  // A line naming only a service whose unit length the table does not give is refused after the
  // catalogue check (a date before the catalogue is UNCHECKED rather than invalid).
  if (line.encounter) line.minutes = 0;
  else if (input.unitBasis === 'MINUTES') line.minutes = input.units;
  else {
    const unit = line.mapping ? line.mapping.unitMinutes : line.service ? table.unitMinutesFor(line.service, line.dos) : undefined;
    if (unit === undefined || unit === null) line.minutes = -1;
    else line.minutes = input.units * unit;
  }
  if (line.checks !== null && line.minutes >= 0 && !line.encounter) {
    passed(line, CODE_MAPPING, `${line.service}, ${lower(line.modality)}, ${lower(line.contact)}: ${line.minutes} minutes (${input.unitBasis === 'MINUTES' ? 'given in minutes' : `${input.units} units of ${line.minutes / input.units} minutes`})`);
  }
}

function resolveStaff(line: LineWork, env: Env): void {
  const { input, claim } = line;
  const { ctx } = env;
  const byId = input.renderingStaffId !== undefined ? ctx.staffById(input.renderingStaffId) : undefined;
  const byNpi = input.renderingNpi !== undefined ? ctx.staffByNpi(input.renderingNpi, claim.provider?.id) : undefined;
  if (input.renderingStaffId !== undefined && !byId) {
    error(line, 'UNKNOWN_STAFF', `rendering staff ${describe(input.renderingStaffId)} is not registered`, '140.453(b)(2)', RULE_IDENTITY, { renderingStaffId: String(input.renderingStaffId) }, actionOf(IDENTITY, 'UNKNOWN_STAFF'));
    return;
  }
  if (input.renderingNpi !== undefined && !byNpi) {
    error(line, 'UNKNOWN_STAFF', `no staff member is registered with rendering NPI ${describe(input.renderingNpi)}`, '140.453(b)(2)', RULE_IDENTITY, { renderingNpi: String(input.renderingNpi) }, actionOf(IDENTITY, 'UNKNOWN_STAFF'));
    return;
  }
  if (byId && byNpi && byId.id !== byNpi.id) {
    error(line, 'INVALID_CLAIM', `line ${input.lineId}: rendering NPI ${input.renderingNpi} belongs to ${byNpi.name}, not to ${byId.name}`, CLAIMS_CITATION, RULE_WELL_FORMED, {
      renderingStaffId: byId.id,
      renderingNpi: String(input.renderingNpi),
    }, WELL_FORMED_ACTION);
    line.state = 'INVALID';
    return;
  }
  line.staff = byId ?? byNpi;
  if (line.checks !== null && line.staff) passed(line, { id: RULE_IDENTITY, citation: '140.453(b)(2)' }, `the rendering staff member ${line.staff.name} is registered${line.staff.npi ? ` (NPI ${line.staff.npi})` : ''}`);
}

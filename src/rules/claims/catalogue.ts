/**
 * The rule catalogue: one record per rule the claim checks apply, the engine's own (rule-book.ts) and
 * the records of config/ alike (each field of a service record that is a rule, each cap, each procedure
 * code entry), with what it cites, the finding codes it raises, what clears them and who can do it, and
 * a passing and a failing example. Served at GET /api/v1/rules and written to docs/rules.md (with the
 * table of finding codes) by `npm run docs:rules`; a unit test runs every example through the engine.
 */
import { hoursMinutes, thousands } from './words';
import { capExamples, codeExamples, serviceFieldExamples } from './examples';
import type { ProcedureCodeTable } from './procedure-codes';
import { CAP_ACTIONS, CODE_CONFLICT_ACTION, ENGINE_RULES, RULE_GROUPS, type RuleAppliesTo, type RuleGroup, type RuleRecord, type RuleSeverity } from './rule-book';

export type { RuleRecord } from './rule-book';
import { SERVICE_FIELDS, type CapCategory, type ServiceCatalog, type ServiceField, type ServiceRule } from './service-catalog';
import { FINDING_CODES, type FindingCode } from './finding-codes';
import { SERVICES } from '../vocabulary';

/** The severity of each code's findings (most are errors; these may be or are only warnings). */
const WARNING_CODES: readonly FindingCode[] = ['FINAL_NOTICE_OVERDUE', 'CAP_NEAR'];
const ERROR_OR_WARNING_CODES: readonly FindingCode[] = ['STAFF_TIER_INSUFFICIENT', 'CONTACT_NOT_ALLOWED', 'DIAGNOSIS_MISSING'];
export function severityOfCode(code: FindingCode): RuleSeverity {
  return WARNING_CODES.includes(code) ? 'warning' : ERROR_OR_WARNING_CODES.includes(code) ? 'error or warning' : 'error';
}

/** The finding codes each field raises. */
export const FIELD_FINDING_CODES = {
  providerTypes: ['PROVIDER_TYPE_NOT_ALLOWED'],
  programApproval: ['PROGRAM_APPROVAL_MISSING'],
  onSiteOnly: ['SITE_NOT_ALLOWED'],
  tiers: ['STAFF_TIER_INSUFFICIENT'],
  licensedStaffOnly: ['MEDICATION_LICENSE_REQUIRED'],
  designationRequired: ['PRESCRIBER_DESIGNATION_MISSING'],
  modalities: ['MODALITY_NOT_ALLOWED'],
  contacts: ['CONTACT_NOT_ALLOWED'],
  groupRatio: ['GROUP_RATIO_EXCEEDED'],
  age: ['AGE_NOT_ALLOWED'],
  requiresGeneralMro: ['GENERAL_MRO_REQUIRED'],
} as const;

/** What each field is about, for the catalogue's titles. */
export const FIELD_TITLES: Record<ServiceField, string> = {
  providerTypes: 'provider types that may bill it',
  programApproval: 'a Table N program approval in force',
  onSiteOnly: 'on-site only',
  tiers: 'the credential tiers that may render it',
  licensedStaffOnly: 'staff licensed to administer medication',
  designationRequired: 'written designation by staff licensed to prescribe',
  modalities: 'the modalities allowed',
  contacts: 'the contacts allowed',
  groupRatio: 'the group staffing ratio',
  age: 'the ages it may be provided to',
  requiresGeneralMro: 'the individual receives a General MRO service',
};

/** When each finding code is raised (the contract's table, with the codes added since). */
export const FINDING_CODE_WHEN: Readonly<Record<FindingCode, string>> = {
  INVALID_CLAIM: 'the claim is not well formed, an 837P segment cannot be read as written, or it cannot be recorded as sent (a problem+json 400 when nothing can be checked)',
  UNKNOWN_PROVIDER: 'the billing provider is not registered',
  UNKNOWN_RECIPIENT: 'the recipient is not registered with the providers of the API key, or the claim gives another birth date',
  UNKNOWN_STAFF: 'the rendering staff member is not registered at the providers of the API key',
  UNMAPPED_PROCEDURE_CODE: 'the procedure code and modifiers are not in the code table (the line is UNCHECKED)',
  SERVICE_CODE_CONFLICT: 'the procedure code and `service` disagree',
  DUPLICATE_LINE: 'the same session (recipient, date, service, staff, modality, contact, code) is already on this claim, earlier in the request or file, or on a recorded claim',
  PROVIDER_NOT_ENROLLED: 'the date of service is outside every enrollment period',
  PROVIDER_TYPE_NOT_ALLOWED: "140.452(c)-(e) and each service's \"may only be provided by\"",
  ENCOUNTER_RATE_CLINIC: '140.460(c): an encounter-rate clinic billing without its encounter line, or the encounter code billed by anyone else',
  PROGRAM_APPROVAL_MISSING: 'IO, PSR or CST without a Table N approval in force on that date',
  FINAL_NOTICE_OVERDUE: "warning: the Table N approval is in force only because the Department's Final Notice is overdue",
  SITE_NOT_ALLOWED: 'PSR not on-site at a CMHC',
  STAFF_NOT_EMPLOYED: 'the rendering staff member is not employed by the billing provider on that date',
  STAFF_EXCLUDED: 'the rendering person has a finding on the Health Care Worker Registry or the HFS OIG sanctions list on or before that date',
  NOT_INDEPENDENT_PRACTITIONER: "an Independent Practitioner's line rendered by someone other than the practitioner",
  STAFF_TIER_INSUFFICIENT: "the rendering staff member's tier on that date is not allowed for the service (a warning for crisis intervention by an MHP)",
  SUPERVISION_MISSING: 'an MHP or RSA below QMHP with no QMHP supervisor on that date',
  MEDICATION_LICENSE_REQUIRED: 'medication administration by staff without a licence that allows it',
  PRESCRIBER_DESIGNATION_MISSING: 'medication monitoring or training without written designation by a prescriber',
  MODALITY_NOT_ALLOWED: 'the modality is not allowed for the service',
  CONTACT_NOT_ALLOWED: 'the contact is not allowed for the service (a warning where it is allowed under a condition the claim cannot show)',
  GROUP_RATIO_EXCEEDED: 'PSR over 15 per staff; IO over 8 per staff (adults) or 4 (youth, under 18)',
  AGE_NOT_ALLOWED: 'the service is not for the recipient\'s age on that date (ACT under 18)',
  ASSESSMENT_MISSING: 'no Assessment Report approved by an LPHA or IP on or before the date, where one is needed',
  ASSESSMENT_EXPIRED: 'the latest assessment is older than 12 months',
  DIAGNOSIS_MISSING: 'the current assessment records no diagnosis (a warning under 21)',
  TREATMENT_PLAN_MISSING: "no Treatment Plan of the billing provider approved by an LPHA or IP on or before the date, where one is needed",
  TREATMENT_PLAN_EXPIRED: 'the latest plan is older than 6 months',
  TREATMENT_PLAN_UNSIGNED: 'the individual has not signed the plan on or before the date',
  SERVICE_NOT_IN_PLAN: 'the service is not among those the current treatment plan names',
  DIAGNOSIS_NOT_DEFINITIVE: 'a rule-out diagnosis not made definitive within 90 days',
  GENERAL_MRO_REQUIRED: 'client-centered consultation for someone receiving no General MRO service',
  TCM_CAP_EXCEEDED: 'over 240 hours of targeted case management in the State fiscal year (the message says how many minutes were still allowed)',
  TLA_CAP_EXCEEDED: 'over 40 hours of Transition, Linkage and Aftercare in the State fiscal year',
  CAP_NEAR: 'warning: 90% or more of a cap used after this line',
};

const FIELD_GROUPS: Record<ServiceField, RuleGroup> = {
  providerTypes: 'provider',
  programApproval: 'provider',
  onSiteOnly: 'provider',
  tiers: 'staff',
  licensedStaffOnly: 'staff',
  designationRequired: 'staff',
  modalities: 'service',
  contacts: 'service',
  groupRatio: 'service',
  age: 'recipient',
  requiresGeneralMro: 'recipient',
};

const FIELD_WHEN: Partial<Record<ServiceField, string>> = {
  groupRatio: 'group lines that give groupSize',
  age: 'the recipient is known',
  requiresGeneralMro: 'the recipient is known',
};

function fieldSeverity(rule: ServiceRule, field: ServiceField): RuleSeverity {
  if (field === 'tiers' && rule.tiers?.mhpRequiresQmhpAccess) return 'error or warning';
  if (field === 'contacts' && rule.contacts.conditional.length) {
    const refused = (['FACE_TO_FACE', 'VIDEO', 'PHONE'] as const).some((c) => !rule.contacts.allowed.includes(c) && !rule.contacts.conditional.some((k) => k.contact === c));
    return refused ? 'error or warning' : 'warning';
  }
  return 'error';
}

const CATEGORY_NAMES: Record<CapCategory, string> = { TCM: 'Targeted case management', TLA: 'Transition, Linkage and Aftercare' };

export class RuleCatalogue {
  private readonly ids = new Map<string, RuleRecord>();

  constructor(readonly records: readonly RuleRecord[]) {
    for (const r of records) this.ids.set(r.id, r);
  }

  byId(id: string): RuleRecord | undefined {
    return this.ids.get(id);
  }

  /** The rules that can raise a finding code. */
  raising(code: FindingCode): RuleRecord[] {
    return this.records.filter((r) => r.findingCodes.includes(code));
  }

  /** The rules of one group, e.g. every rule about who may render (`staff`). */
  inGroup(group: RuleGroup): RuleRecord[] {
    return this.records.filter((r) => r.group === group);
  }

  /** The action of a finding of a rule (for a stored report from before findings carried one). */
  actionFor(ruleId: string, code: FindingCode): string | undefined {
    const r = this.ids.get(ruleId);
    return r ? (r.actions?.[code] ?? r.action) : undefined;
  }
}

export function buildRuleCatalogue(catalog: ServiceCatalog, codes: ProcedureCodeTable): RuleCatalogue {
  const records: RuleRecord[] = [];
  for (const r of ENGINE_RULES) {
    const multi = new Set(Object.values(r.actions)).size > 1;
    records.push({
      id: r.id,
      title: r.title,
      source: 'engine',
      group: r.group,
      citations: r.citations,
      findingCodes: r.findingCodes,
      severity: r.severity,
      appliesTo: r.appliesTo,
      effectiveFrom: r.effectiveFrom,
      effectiveTo: r.effectiveTo,
      action: r.action,
      ...(multi ? { actions: r.actions } : {}),
      examples: r.examples,
    });
  }
  for (const rule of catalog.services) {
    for (const field of SERVICE_FIELDS) {
      const ref = rule.refs[field];
      const examples = ref ? serviceFieldExamples(rule, field, codes) : null;
      if (!ref || !examples) continue;
      records.push({
        id: ref.id,
        title: `${rule.name}: ${FIELD_TITLES[field]}`,
        source: 'service-catalog',
        group: FIELD_GROUPS[field],
        citations: [ref.citation],
        findingCodes: FIELD_FINDING_CODES[field],
        severity: fieldSeverity(rule, field),
        appliesTo: { level: 'line', services: [rule.service], when: FIELD_WHEN[field] ?? null },
        effectiveFrom: rule.effectiveFrom,
        effectiveTo: rule.effectiveTo,
        action: ref.action,
        examples,
      });
    }
  }
  for (const cap of catalog.caps) {
    const examples = capExamples(cap, catalog.services, codes);
    if (!examples) continue;
    const exceeded: FindingCode = cap.category === 'TCM' ? 'TCM_CAP_EXCEEDED' : 'TLA_CAP_EXCEEDED';
    const services = [...new Set(catalog.services.filter((s) => s.capCategories.includes(cap.category)).map((s) => s.service))];
    records.push({
      id: cap.id,
      title: `${CATEGORY_NAMES[cap.category]}: at most ${thousands(cap.minutesPerSfy)} minutes (${hoursMinutes(cap.minutesPerSfy)} hours) per individual per State fiscal year, across providers`,
      source: 'service-catalog',
      group: 'caps',
      citations: [cap.citation],
      findingCodes: [exceeded, 'CAP_NEAR'],
      severity: 'error or warning',
      appliesTo: { level: 'line', services, when: 'lines of claims without another error, counted in date-of-service order with what the cap ledger holds' },
      effectiveFrom: cap.effectiveFrom,
      effectiveTo: cap.effectiveTo,
      action: `${exceeded}: ${CAP_ACTIONS[exceeded]} CAP_NEAR: ${CAP_ACTIONS.CAP_NEAR}`,
      actions: { [exceeded]: CAP_ACTIONS[exceeded], CAP_NEAR: CAP_ACTIONS.CAP_NEAR },
      examples,
    });
  }
  for (const m of codes.codes) {
    const examples = codeExamples(m, catalog.services, codes);
    if (!examples) continue;
    const written = `${m.code}${m.modifiers.length ? ` ${m.modifiers.join(' ')}` : ''}`;
    records.push({
      id: m.id,
      title: m.encounter ? `${written}: the behavioral health encounter of an encounter-rate clinic (names no service)` : `${written}: ${m.service}, ${m.unitMinutes} minutes a unit`,
      source: 'procedure-codes',
      group: 'intake',
      citations: [m.encounter ? '140.460(c)' : '140.455(b)'],
      findingCodes: ['SERVICE_CODE_CONFLICT'],
      severity: 'error',
      appliesTo: { level: 'line', services: m.service ? [m.service] : SERVICES, when: `lines billing ${written}` },
      effectiveFrom: m.effectiveFrom,
      effectiveTo: m.effectiveTo,
      action: CODE_CONFLICT_ACTION,
      examples,
    });
  }
  const order = (r: RuleRecord) => RULE_GROUPS.indexOf(r.group);
  return new RuleCatalogue(records.map((r, i) => ({ r, i })).sort((a, b) => order(a.r) - order(b.r) || a.i - b.i).map(({ r }) => r));
}

// ---------------------------------------------------------------------------------------------
// docs/rules.md
// ---------------------------------------------------------------------------------------------

const GROUP_TITLES: Record<RuleGroup, string> = {
  intake: 'Intake: form, identities, codes, duplicates',
  provider: 'Who may bill',
  staff: 'Who may render',
  service: 'How: modality, contact, group',
  recipient: 'To whom, and on what clinical basis',
  caps: 'Annual caps',
  recording: 'Recording',
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const ids = (records: RuleRecord[]) => {
  // the fields of service records are named once per field: `SVC-*-v1#tiers` (15 services)
  const byField = new Map<string, number>();
  const out: string[] = [];
  for (const r of records) {
    const field = r.source === 'service-catalog' && r.id.includes('#') ? r.id.slice(r.id.indexOf('#')) : null;
    if (field === null) out.push(`\`${r.id}\``);
    else byField.set(field, (byField.get(field) ?? 0) + 1);
  }
  for (const [field, n] of byField) out.push(n === 1 ? `\`${records.find((r) => r.id.endsWith(field))!.id}\`` : `\`SVC-*${field}\` (${n} services)`);
  return out.join(', ');
};
const servicesText = (a: RuleAppliesTo) => (a.services.length === SERVICES.length ? 'every service' : a.services.join(', '));
const inForce = (r: RuleRecord) => `${r.effectiveFrom} to ${r.effectiveTo ?? 'open'}`;

/** The finding code table: each code, its severity, when, the rules that raise it and what clears it. */
export function findingCodesMarkdown(catalogue: RuleCatalogue): string {
  const rows = FINDING_CODES.map((code) => {
    const rules = catalogue.raising(code);
    const actions = [...new Set(rules.map((r) => r.actions?.[code] ?? r.action))];
    const action = actions.length === 1 ? actions[0] : `per rule (see below); e.g. ${actions[0]}`;
    return `| \`${code}\` | ${severityOfCode(code)} | ${cell(FINDING_CODE_WHEN[code])} | ${ids(rules)} | ${cell(action)} |`;
  });
  return ['| code | severity | when | rules | action |', '|---|---|---|---|---|', ...rows].join('\n');
}

function engineSection(r: RuleRecord): string {
  const ex = r.examples;
  const lines = [
    `#### \`${r.id}\``,
    '',
    r.title + '.',
    '',
    `- cites: ${r.citations.join(', ')}`,
    `- finding codes: ${r.findingCodes.map((c) => `\`${c}\``).join(', ')} (${r.severity})`,
    `- applies to: ${r.appliesTo.level === 'claim' ? 'each claim' : 'each line'}, ${servicesText(r.appliesTo)}${r.appliesTo.when ? `; ${r.appliesTo.when}` : ''}`,
    `- in force: ${inForce(r)}`,
    r.actions ? `- action:\n${Object.entries(r.actions).map(([c, a]) => `  - \`${c}\`: ${a}`).join('\n')}` : `- action: ${r.action}`,
    `- passes: ${ex.pass.description}`,
    `- fails: ${ex.fail ? `${ex.fail.description} (\`${ex.fail.findingCode}\`)` : `cannot fail: ${ex.cannotFail}`}`,
  ];
  return lines.join('\n');
}

function tableOf(records: RuleRecord[]): string {
  const rows = records.map((r) => {
    const ex = r.examples;
    const fails = ex.fail ? `${ex.fail.description}` : `cannot fail: ${ex.cannotFail}`;
    return `| \`${r.id}\` | ${cell(r.title)} | ${r.citations.join(', ')} | ${r.findingCodes.map((c) => `\`${c}\``).join(', ')} | ${r.severity} | ${inForce(r)} | ${cell(r.action)} | ${cell(fails)} |`;
  });
  return ['| rule | title | cites | codes | severity | in force | action | fails when |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** docs/rules.md, whole. */
export function rulesMarkdown(catalogue: RuleCatalogue): string {
  const out: string[] = [
    '# Rules',
    '',
    'Generated from the rule catalogue by `npm run docs:rules`: do not edit by hand (a test fails when this file',
    'is not what the catalogue gives). The same records, with their example claims, are served at',
    '`GET /api/v1/rules`. Each rule has a stable ID; a changed rule is a new record (`-v2`) with its own',
    '`effectiveFrom`. Citations are to 89 Ill. Adm. Code Part 140. Every example is run through the engine by',
    '`test/unit/claims/catalogue.spec.ts` against the example registry described in',
    '`src/rules/claims/examples.ts`.',
    '',
    '## Finding codes',
    '',
    'Every finding carries its `code`, `severity`, `message`, `citation`, `ruleId`, `fact` and `action` (what',
    'would clear it and which role can do it: billing, clinical director, reviewer, administrator).',
    '',
    findingCodesMarkdown(catalogue),
    '',
    `## Rules (${catalogue.records.length})`,
  ];
  for (const group of RULE_GROUPS) {
    const records = catalogue.inGroup(group);
    if (!records.length) continue;
    out.push('', `### ${GROUP_TITLES[group]}`);
    const engine = records.filter((r) => r.source === 'engine');
    for (const r of engine) out.push('', engineSection(r));
    const data = records.filter((r) => r.source !== 'engine');
    if (data.length) out.push('', `From \`config/\` (${data.length}):`, '', tableOf(data));
  }
  return out.join('\n') + '\n';
}

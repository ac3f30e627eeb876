/**
 * The service catalogue (config/service-catalog.json): what 140.452 and 140.453(d)-(e) say about each
 * service, as dated data. A changed rule is a new record (a higher version with its own effectiveFrom,
 * the old one given an effectiveTo), never an edit in place; the engine applies the record in force on
 * the date of service.
 */
import { addDays, type DateOnly } from '../dates';
import {
  CONTACTS,
  MODALITIES,
  PROGRAMS,
  PROVIDER_TYPES,
  SERVICES,
  TIERS,
  type Contact,
  type Modality,
  type Program,
  type ProviderType,
  type Service,
  type Tier,
} from '../vocabulary';
import { ConfigReader, checkNoOverlap, inForceOn, type Json } from './config-reader';
import type { RuleRef } from './finding-codes';
import { lower, orList, providerTypeList, thousands, tierList } from './words';

export const CAP_CATEGORIES = ['TCM', 'TLA'] as const;
export type CapCategory = (typeof CAP_CATEGORIES)[number];

export interface Cited {
  citation: string;
}

export interface TierRule extends Cited {
  /** tiers that may render the service (each higher tier includes the lower ones, so list them all) */
  allowed: Tier[];
  /** crisis: "a QMHP, LPHA or MHP with immediate access to a QMHP": an MHP below QMHP gets a warning to document that access */
  mhpRequiresQmhpAccess: boolean;
}

export interface ContactRule extends Cited {
  allowed: Contact[];
  /** contacts allowed only under a condition the claim cannot show: a warning asking for documentation */
  conditional: { contact: Contact; citation: string; requirement: string }[];
}

export interface GroupRatioRule extends Cited {
  /** individuals per full-time-equivalent staff */
  perStaff: number;
  /** for youth (under youthUnderAge on the date of service), when the ratio differs */
  youthPerStaff: number | null;
  youthUnderAge: number | null;
}

export interface ServiceRule {
  /** stable rule ID, e.g. SVC-THERAPY_COUNSELING-v1 */
  id: string;
  service: Service;
  /** as the regulation names it, for messages */
  name: string;
  version: number;
  effectiveFrom: DateOnly;
  effectiveTo: DateOnly | null;
  citations: string[];
  providerTypes: { allowed: ProviderType[] } & Cited;
  /** null: the service names no tier (medication administration: a licence governs) */
  tiers: TierRule | null;
  modalities: { allowed: Modality[] } & Cited;
  contacts: ContactRule;
  programApproval: ({ program: Program } & Cited) | null;
  requiresAssessmentAndPlan: { required: boolean } & Cited;
  age: ({ minAge: number | null; maxAge: number | null } & Cited) | null;
  groupRatio: GroupRatioRule | null;
  /** CMS place-of-service codes that count as the provider's own site */
  onSiteOnly: ({ placesOfService: string[] } & Cited) | null;
  licensedStaffOnly: Cited | null;
  designationRequired: Cited | null;
  requiresGeneralMro: ({ services: Service[]; batchWindowDays: number } & Cited) | null;
  capCategories: CapCategory[];
  /** the fields that are rules of their own, as findings and checks name them (derived from the record, not read) */
  refs: ServiceRuleRefs;
}

export interface CapRule {
  id: string;
  category: CapCategory;
  version: number;
  minutesPerSfy: number;
  citation: string;
  effectiveFrom: DateOnly;
  effectiveTo: DateOnly | null;
}

export class ServiceCatalog {
  private readonly byService = new Map<Service, ServiceRule[]>();
  private readonly capsByCategory = new Map<CapCategory, CapRule[]>();

  constructor(
    readonly services: readonly ServiceRule[],
    readonly caps: readonly CapRule[],
  ) {
    for (const r of services) push(this.byService, r.service, r);
    for (const c of caps) push(this.capsByCategory, c.category, c);
    for (const list of this.byService.values()) list.sort(byEffectiveFrom);
    for (const list of this.capsByCategory.values()) list.sort(byEffectiveFrom);
  }

  /** The record for `service` in force on `date`, or undefined (before the first version, after the last). */
  ruleFor(service: Service, date: DateOnly): ServiceRule | undefined {
    return inForceOn(this.byService.get(service), date);
  }

  capFor(category: CapCategory, date: DateOnly): CapRule | undefined {
    return inForceOn(this.capsByCategory.get(category), date);
  }

  /** Every version of one service, oldest first. */
  versionsOf(service: Service): readonly ServiceRule[] {
    return this.byService.get(service) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function byEffectiveFrom(a: { effectiveFrom: string }, b: { effectiveFrom: string }): number {
  return a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0;
}

const SERVICE_KEYS = [
  'id',
  'service',
  'name',
  'version',
  'effectiveFrom',
  'effectiveTo',
  'citations',
  'providerTypes',
  'tiers',
  'modalities',
  'contacts',
  'programApproval',
  'requiresAssessmentAndPlan',
  'age',
  'groupRatio',
  'onSiteOnly',
  'licensedStaffOnly',
  'designationRequired',
  'requiresGeneralMro',
  'capCategories',
] as const;

const POS_RE = /^\d{2}$/;

/**
 * Validates a parsed service-catalog.json and builds the catalogue. Throws a ConfigError listing every
 * problem (unknown service, overlapping versions, missing citation, unknown key...).
 */
export function parseServiceCatalog(json: Json, source = 'config/service-catalog.json'): ServiceCatalog {
  const r = new ConfigReader(source);
  const root = r.object(json, '$', ['schemaVersion', 'services', 'caps'], ['effectiveFromNote']);
  if (!root) r.finish();
  const doc = root as Record<string, Json>;
  if (doc.schemaVersion !== 1) r.problem('$.schemaVersion', `must be 1, got ${JSON.stringify(doc.schemaVersion)}`);

  const services: ServiceRule[] = [];
  r.array(doc.services, '$.services', { nonEmpty: true }).forEach((item, i) => {
    const rule = readService(r, item, `$.services[${i}]`);
    if (rule) services.push(rule);
  });
  const caps: CapRule[] = [];
  r.array(doc.caps, '$.caps', { nonEmpty: true }).forEach((item, i) => {
    const cap = readCap(r, item, `$.caps[${i}]`);
    if (cap) caps.push(cap);
  });

  checkIds(r, [...services, ...caps]);
  const byService = new Map<string, ServiceRule[]>();
  for (const s of services) push(byService, s.service, s);
  checkNoOverlap(r, byService, (k) => `$.services (${k})`);
  checkVersions(r, byService, (k) => `$.services (${k})`);
  for (const service of SERVICES) if (!byService.has(service)) r.problem('$.services', `no record for ${service}: every service of 140.453(d) and (e) needs one`);

  const capsByCategory = new Map<string, CapRule[]>();
  for (const c of caps) push(capsByCategory, c.category, c);
  checkNoOverlap(r, capsByCategory, (k) => `$.caps (${k})`);
  checkVersions(r, capsByCategory, (k) => `$.caps (${k})`);
  checkCapCoverage(r, services, capsByCategory);

  r.finish();
  return new ServiceCatalog(services, caps);
}

function readService(r: ConfigReader, item: Json, path: string): ServiceRule | null {
  const o = r.object(item, path, SERVICE_KEYS);
  if (!o) return null;
  const before = r.problems.length;
  const service = r.oneOf(o.service, `${path}.service`, SERVICES, 'service');
  const rule: ServiceRule = {
    id: r.string(o.id, `${path}.id`, { pattern: /^SVC-[A-Z_]+-v\d+$/, patternText: 'like SVC-THERAPY_COUNSELING-v1' }) ?? '',
    service: service ?? 'ASSESSMENT',
    name: r.string(o.name, `${path}.name`) ?? '',
    version: r.integer(o.version, `${path}.version`, 1) ?? 0,
    effectiveFrom: r.date(o.effectiveFrom, `${path}.effectiveFrom`) ?? '',
    effectiveTo: r.dateOrNull(o.effectiveTo, `${path}.effectiveTo`),
    citations: readCitations(r, o.citations, `${path}.citations`),
    providerTypes: (() => {
      const p = r.object(o.providerTypes, `${path}.providerTypes`, ['allowed', 'citation']);
      return { allowed: p ? r.listOf(p.allowed, `${path}.providerTypes.allowed`, PROVIDER_TYPES, 'provider type', { nonEmpty: true }) : [], citation: citation(r, p, `${path}.providerTypes`) };
    })(),
    tiers: readTiers(r, o.tiers, `${path}.tiers`),
    modalities: (() => {
      const m = r.object(o.modalities, `${path}.modalities`, ['allowed', 'citation']);
      return { allowed: m ? r.listOf(m.allowed, `${path}.modalities.allowed`, MODALITIES, 'modality', { nonEmpty: true }) : [], citation: citation(r, m, `${path}.modalities`) };
    })(),
    contacts: readContacts(r, o.contacts, `${path}.contacts`),
    programApproval: nullable(o.programApproval, (v) => {
      const p = r.object(v, `${path}.programApproval`, ['program', 'citation']);
      return { program: (p && r.oneOf(p.program, `${path}.programApproval.program`, PROGRAMS, 'program')) || 'IO', citation: citation(r, p, `${path}.programApproval`) };
    }),
    requiresAssessmentAndPlan: (() => {
      const p = r.object(o.requiresAssessmentAndPlan, `${path}.requiresAssessmentAndPlan`, ['required', 'citation']);
      return { required: p ? r.boolean(p.required, `${path}.requiresAssessmentAndPlan.required`) : true, citation: citation(r, p, `${path}.requiresAssessmentAndPlan`) };
    })(),
    age: nullable(o.age, (v) => {
      const p = r.object(v, `${path}.age`, ['minAge', 'maxAge', 'citation']);
      const minAge = p ? r.integerOrNull(p.minAge, `${path}.age.minAge`, 0, 130) : null;
      const maxAge = p ? r.integerOrNull(p.maxAge, `${path}.age.maxAge`, 0, 130) : null;
      if (p && minAge === null && maxAge === null) r.problem(`${path}.age`, 'give minAge, maxAge or both (or age: null)');
      if (minAge !== null && maxAge !== null && minAge > maxAge) r.problem(`${path}.age`, `minAge ${minAge} is above maxAge ${maxAge}`);
      return { minAge, maxAge, citation: citation(r, p, `${path}.age`) };
    }),
    groupRatio: nullable(o.groupRatio, (v) => {
      const p = r.object(v, `${path}.groupRatio`, ['perStaff', 'youthPerStaff', 'youthUnderAge', 'citation']);
      const youthPerStaff = p ? r.integerOrNull(p.youthPerStaff, `${path}.groupRatio.youthPerStaff`, 1) : null;
      const youthUnderAge = p ? r.integerOrNull(p.youthUnderAge, `${path}.groupRatio.youthUnderAge`, 1, 130) : null;
      if ((youthPerStaff === null) !== (youthUnderAge === null)) r.problem(`${path}.groupRatio`, 'youthPerStaff and youthUnderAge go together (both or neither)');
      return { perStaff: (p && r.integer(p.perStaff, `${path}.groupRatio.perStaff`, 1)) || 1, youthPerStaff, youthUnderAge, citation: citation(r, p, `${path}.groupRatio`) };
    }),
    onSiteOnly: nullable(o.onSiteOnly, (v) => {
      const p = r.object(v, `${path}.onSiteOnly`, ['placesOfService', 'citation']);
      const places: string[] = [];
      if (p) {
        r.array(p.placesOfService, `${path}.onSiteOnly.placesOfService`, { nonEmpty: true }).forEach((pos, i) => {
          const s = r.string(pos, `${path}.onSiteOnly.placesOfService[${i}]`, { pattern: POS_RE, patternText: 'a two-digit CMS place-of-service code' });
          if (s) places.push(s);
        });
      }
      return { placesOfService: places, citation: citation(r, p, `${path}.onSiteOnly`) };
    }),
    licensedStaffOnly: nullable(o.licensedStaffOnly, (v) => ({ citation: citation(r, r.object(v, `${path}.licensedStaffOnly`, ['citation']), `${path}.licensedStaffOnly`) })),
    designationRequired: nullable(o.designationRequired, (v) => ({ citation: citation(r, r.object(v, `${path}.designationRequired`, ['citation']), `${path}.designationRequired`) })),
    requiresGeneralMro: nullable(o.requiresGeneralMro, (v) => {
      const p = r.object(v, `${path}.requiresGeneralMro`, ['services', 'batchWindowDays', 'citation']);
      return {
        services: p ? r.listOf(p.services, `${path}.requiresGeneralMro.services`, SERVICES, 'service', { nonEmpty: true }) : [],
        batchWindowDays: (p && r.integer(p.batchWindowDays, `${path}.requiresGeneralMro.batchWindowDays`, 0, 366)) ?? 0,
        citation: citation(r, p, `${path}.requiresGeneralMro`),
      };
    }),
    capCategories: r.listOf(o.capCategories, `${path}.capCategories`, CAP_CATEGORIES, 'cap category'),
    refs: {},
  };
  rule.refs = serviceRuleRefs(rule);
  if (rule.effectiveFrom && rule.effectiveTo && rule.effectiveTo < rule.effectiveFrom) r.problem(`${path}.effectiveTo`, `${rule.effectiveTo} is before effectiveFrom ${rule.effectiveFrom}`);
  if (service && rule.id && !rule.id.startsWith(`SVC-${service}-`)) r.problem(`${path}.id`, `${rule.id} does not name its service ${service} (SVC-${service}-v${rule.version})`);
  if (rule.id && rule.version && !rule.id.endsWith(`-v${rule.version}`)) r.problem(`${path}.id`, `${rule.id} does not end with its version -v${rule.version}`);
  if (rule.tiers && rule.tiers.mhpRequiresQmhpAccess && !rule.tiers.allowed.includes('MHP')) r.problem(`${path}.tiers.mhpRequiresQmhpAccess`, 'is set but MHP is not an allowed tier');
  if (rule.tiers === null && !rule.licensedStaffOnly) r.problem(`${path}.tiers`, 'is null (no tier named) but licensedStaffOnly is not set: say who may render the service');
  for (const c of rule.contacts.conditional) if (rule.contacts.allowed.includes(c.contact)) r.problem(`${path}.contacts.conditional`, `${c.contact} is both allowed and conditional`);
  return r.problems.length === before ? rule : null;
}

function readTiers(r: ConfigReader, value: Json, path: string): TierRule | null {
  return nullable(value, (v) => {
    const p = r.object(v, path, ['allowed', 'citation', 'mhpRequiresQmhpAccess']);
    return {
      allowed: p ? r.listOf(p.allowed, `${path}.allowed`, TIERS, 'tier', { nonEmpty: true }) : [],
      citation: citation(r, p, path),
      mhpRequiresQmhpAccess: p ? r.boolean(p.mhpRequiresQmhpAccess, `${path}.mhpRequiresQmhpAccess`) : false,
    };
  });
}

function readContacts(r: ConfigReader, value: Json, path: string): ContactRule {
  const p = r.object(value, path, ['allowed', 'citation', 'conditional']);
  const conditional: ContactRule['conditional'] = [];
  if (p) {
    r.array(p.conditional, `${path}.conditional`).forEach((item, i) => {
      const c = r.object(item, `${path}.conditional[${i}]`, ['contact', 'citation', 'requirement']);
      if (!c) return;
      const contact = r.oneOf(c.contact, `${path}.conditional[${i}].contact`, CONTACTS, 'contact');
      const requirement = r.string(c.requirement, `${path}.conditional[${i}].requirement`);
      const cit = citation(r, c, `${path}.conditional[${i}]`);
      if (contact && requirement) conditional.push({ contact, citation: cit, requirement });
    });
  }
  return { allowed: p ? r.listOf(p.allowed, `${path}.allowed`, CONTACTS, 'contact', { nonEmpty: true }) : [], citation: citation(r, p, path), conditional };
}

function readCap(r: ConfigReader, item: Json, path: string): CapRule | null {
  const o = r.object(item, path, ['id', 'category', 'version', 'minutesPerSfy', 'citation', 'effectiveFrom', 'effectiveTo']);
  if (!o) return null;
  const before = r.problems.length;
  const cap: CapRule = {
    id: r.string(o.id, `${path}.id`, { pattern: /^CAP-[A-Z]+-v\d+$/, patternText: 'like CAP-TCM-v1' }) ?? '',
    category: r.oneOf(o.category, `${path}.category`, CAP_CATEGORIES, 'cap category') ?? 'TCM',
    version: r.integer(o.version, `${path}.version`, 1) ?? 0,
    minutesPerSfy: r.integer(o.minutesPerSfy, `${path}.minutesPerSfy`, 1, 366 * 24 * 60) ?? 0,
    citation: citation(r, o, path),
    effectiveFrom: r.date(o.effectiveFrom, `${path}.effectiveFrom`) ?? '',
    effectiveTo: r.dateOrNull(o.effectiveTo, `${path}.effectiveTo`),
  };
  if (cap.effectiveFrom && cap.effectiveTo && cap.effectiveTo < cap.effectiveFrom) r.problem(`${path}.effectiveTo`, `${cap.effectiveTo} is before effectiveFrom ${cap.effectiveFrom}`);
  return r.problems.length === before ? cap : null;
}

function readCitations(r: ConfigReader, value: Json, path: string): string[] {
  const out: string[] = [];
  r.array(value, path, { nonEmpty: true }).forEach((c, i) => {
    const s = r.string(c, `${path}[${i}]`, { pattern: CITATION_RE, patternText: 'a citation like 140.453(d)(2)(G)' });
    if (s) out.push(s);
  });
  return out;
}

/** `140.453(d)(2)(G)(iv)`, `140.TABLE N(c)(2)(B)`, several joined by "; ". */
const CITATION_RE = /^140\.(\d{3}|TABLE [A-Z])(\([a-zA-Z0-9]+\))*(-\([a-z]\))?(; 140\.(\d{3}|TABLE [A-Z])(\([a-zA-Z0-9]+\))*(-\([a-z]\))?)*$/;

function citation(r: ConfigReader, o: Record<string, Json> | null, path: string): string {
  if (!o) return '';
  if (o.citation === undefined) return ''; // reported as missing by object()
  return r.string(o.citation, `${path}.citation`, { pattern: CITATION_RE, patternText: 'a citation like 140.453(d)(2)(G)(iv)' }) ?? '';
}

function nullable<T>(value: Json, read: (v: Json) => T): T | null {
  return value === null || value === undefined ? null : read(value);
}

function checkIds(r: ConfigReader, records: { id: string }[]): void {
  const seen = new Set<string>();
  for (const rec of records) {
    if (!rec.id) continue;
    if (seen.has(rec.id)) r.problem('$', `rule ID ${rec.id} is used twice`);
    seen.add(rec.id);
  }
}

function checkVersions(r: ConfigReader, groups: Map<string, { version: number; id: string }[]>, what: (k: string) => string): void {
  for (const [key, list] of groups) {
    const seen = new Set<number>();
    for (const rec of list) {
      if (seen.has(rec.version)) r.problem(what(key), `version ${rec.version} is used twice`);
      seen.add(rec.version);
    }
  }
}

/** Every service that counts toward a cap must find that cap in force on every day the service record is. */
function checkCapCoverage(r: ConfigReader, services: ServiceRule[], capsByCategory: Map<string, CapRule[]>): void {
  for (const s of services) {
    for (const category of s.capCategories) {
      const caps = [...(capsByCategory.get(category) ?? [])].sort(byEffectiveFrom);
      let day: DateOnly | null = s.effectiveFrom; // first day not yet covered
      for (const c of caps) {
        if (day === null) break;
        if (c.effectiveFrom <= day && (c.effectiveTo === null || c.effectiveTo >= day)) day = c.effectiveTo === null ? null : addDays(c.effectiveTo, 1);
      }
      const end = s.effectiveTo;
      if (day !== null && (end === null || day <= end)) {
        r.problem(`$.services (${s.id})`, `counts toward ${category} but no ${category} cap is in force on ${day}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The fields of a record that are rules of their own (`SVC-INTENSIVE_OUTPATIENT-v1#tiers`): each one's
// ID, citation and action, made once per record from its data, so that a finding, a check and the
// rule catalogue name the rule the same way (and the engine concatenates no ID per finding).
// ---------------------------------------------------------------------------------------------

/** The service catalogue fields that are rules of their own (`SVC-...-v1#<field>`), in the order a line meets them. */
export const SERVICE_FIELDS = [
  'providerTypes',
  'programApproval',
  'onSiteOnly',
  'tiers',
  'licensedStaffOnly',
  'designationRequired',
  'modalities',
  'contacts',
  'groupRatio',
  'age',
  'requiresGeneralMro',
] as const;
export type ServiceField = (typeof SERVICE_FIELDS)[number];

export type ServiceRuleRefs = Readonly<Partial<Record<ServiceField, RuleRef>>>;

/** One action per field, in the record's own terms (what is allowed), naming who can act. */
function actionOf(rule: ServiceRule, field: ServiceField): string | null {
  const name = rule.name;
  switch (field) {
    case 'providerTypes':
      return `${name} may only be provided by ${providerTypeList(rule.providerTypes.allowed)}: bill it through one of them (billing).`;
    case 'programApproval':
      return rule.programApproval
        ? `Bill ${name} only on dates its ${rule.programApproval.program} program approval under Table N is in force; if the program was approved, record its approval events (reviewer).`
        : null;
    case 'onSiteOnly':
      return rule.onSiteOnly ? `Bill ${name} only on-site (place of service ${orList(rule.onSiteOnly.placesOfService)}), or correct the place of service (billing).` : null;
    case 'tiers':
      return rule.tiers
        ? `Have ${tierList(rule.tiers.allowed)} render ${name} (billing), or record the credential that qualifies the person (clinical director)${rule.tiers.mhpRequiresQmhpAccess ? '; for an MHP, document their immediate access to a QMHP in the record' : ''}.`
        : null;
    case 'licensedStaffOnly':
      return rule.licensedStaffOnly ? `Have staff licensed to administer medication render ${name} (billing), or record the person's licence (clinical director).` : null;
    case 'designationRequired':
      return rule.designationRequired ? `Record on the person's staff record their written designation to provide ${name} by staff licensed to prescribe (clinical director).` : null;
    case 'modalities':
      return `Bill ${name} only in ${orList(rule.modalities.allowed.map(lower))} modality, or correct the modality or modifiers (billing).`;
    case 'contacts': {
      const c = rule.contacts;
      const conditional = c.conditional.map((k) => `; by ${lower(k.contact)} contact, ${k.requirement} (clinical director)`).join('');
      return `Bill ${name} only by ${orList(c.allowed.map(lower))} contact, or correct the contact or modifiers (billing)${conditional}.`;
    }
    case 'groupRatio': {
      const g = rule.groupRatio;
      if (!g) return null;
      const youth = g.youthPerStaff !== null ? ` (${g.youthPerStaff} for youth under ${g.youthUnderAge})` : '';
      return `Groups of ${name} have at most ${thousands(g.perStaff)} individuals per staff member${youth}: correct groupSize or groupStaff if they are wrong; a larger group cannot be billed as it is (billing).`;
    }
    case 'age': {
      const a = rule.age;
      if (!a) return null;
      const range = a.minAge !== null && a.maxAge !== null ? `aged ${a.minAge} to ${a.maxAge}` : a.minAge !== null ? `aged ${a.minAge} or older` : `aged ${a.maxAge} or younger`;
      return `Bill ${name} only for individuals ${range} on the date of service; if the birth date is wrong, correct the recipient's record (billing or clinical director).`;
    }
    case 'requiresGeneralMro':
      return rule.requiresGeneralMro
        ? `Record a current Treatment Plan naming the General MRO service the individual receives (clinical director), or send the claim with that service's line (billing).`
        : null;
  }
}

function citationOf(rule: ServiceRule, field: ServiceField): string | null {
  const value = rule[field];
  return value ? value.citation : null;
}

/** The refs of every field the record sets (a null field is no rule of this service). */
export function serviceRuleRefs(rule: ServiceRule): ServiceRuleRefs {
  const refs: Partial<Record<ServiceField, RuleRef>> = {};
  for (const field of SERVICE_FIELDS) {
    const citation = citationOf(rule, field);
    const action = actionOf(rule, field);
    if (citation !== null && action !== null) refs[field] = { id: `${rule.id}#${field}`, citation, action };
  }
  return refs;
}

/**
 * Who could render a service at a provider on a date: the provider's staff run through the very rules the
 * engine applies to a line's rendering person (line-rules.ts STAFF_RULES), never a second writing of them,
 * with the basis of each pass and the findings of each failure; and whether the provider may bill the
 * service that day at all (its enrollment, type, Table N approval, and the modality and contact asked
 * about), since then nobody can, for a reason that is not about staff.
 *
 * The same answer names, in the action of a staff rule's error on a claim line, who could have rendered
 * the line (StaffErrorNames).
 */
import type { CredentialBasis } from '../credentials/types';
import type { DateOnly } from '../dates';
import type { ProviderFacts, StaffFacts } from '../facts';
import type { Contact, Modality, Service, Tier } from '../vocabulary';
import { questionEnv, serviceChecks, staffChecks, type GroupContext } from './line-rules';
import type { ServiceRule } from './service-catalog';
import type { Check, Finding } from './types';
import type { StaffErrorAt, StaffErrorListener } from './work';

export type EligibilityContext = GroupContext;

export interface EligibilityQuestion {
  provider: ProviderFacts;
  /** the service's catalogue record in force on the date (ServiceCatalog.ruleFor) */
  rule: ServiceRule;
  date: DateOnly;
  modality?: Modality;
  contact?: Contact;
}

export interface StaffEligibility {
  staffId: string;
  name: string;
  npi: string | null;
  /** the highest tier held on the date (null: none) */
  tier: Tier | null;
  /** the routes of 140.453(b) by which that tier is held, each with its citation and reason */
  tierBasis: CredentialBasis[];
  /** passes every staff rule (warnings may remain: something to document, not a refusal) */
  eligible: boolean;
  /** the staff rules' errors (why not) and warnings, as a claim line would carry them */
  findings: Finding[];
  /** every staff rule: passed (with what it rests on: tier, supervisor, designation, employment), failed, or skipped and why */
  checks: Check[];
}

export interface EligibleStaffAnswer {
  providerId: string;
  service: Service;
  serviceName: string;
  date: DateOnly;
  modality: Modality | null;
  contact: Contact | null;
  /** false: the provider cannot bill the service on the date whoever renders it (providerFindings say why) */
  serviceBillable: boolean;
  /** the errors and warnings of the rules about the provider and the service (not about staff) */
  providerFindings: Finding[];
  providerChecks: Check[];
  /** who passes every staff rule, by name */
  eligible: StaffEligibility[];
  /** who does not, by name, each with the findings that say why */
  notEligible: StaffEligibility[];
}

/** The provider's own staff (the roster may carry supervisors and prescribers of other providers), by name. */
function ownStaff(provider: ProviderFacts, roster: readonly StaffFacts[]): StaffFacts[] {
  return roster.filter((s) => s.providerId === provider.id).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Every person on the provider's roster, eligible or not and why, and whether the service can be billed there at all. */
export function eligibleStaff(q: EligibilityQuestion, roster: readonly StaffFacts[], ctx: EligibilityContext): EligibleStaffAnswer {
  const env = questionEnv(ctx);
  const billable = serviceChecks(q, ctx, { env });
  const eligible: StaffEligibility[] = [];
  const notEligible: StaffEligibility[] = [];
  for (const s of ownStaff(q.provider, roster)) {
    const a = staffChecks({ staff: s, provider: q.provider, rule: q.rule, date: q.date }, ctx, { env });
    const cred = env.credential(s, q.date);
    const entry: StaffEligibility = {
      staffId: s.id,
      name: s.name,
      npi: s.npi,
      tier: cred.tier,
      tierBasis: cred.basis.filter((b) => b.tier === cred.tier),
      eligible: a.passes,
      findings: a.findings,
      checks: a.checks,
    };
    (a.passes ? eligible : notEligible).push(entry);
  }
  return {
    providerId: q.provider.id,
    service: q.rule.service,
    serviceName: q.rule.name,
    date: q.date,
    modality: q.modality ?? null,
    contact: q.contact ?? null,
    serviceBillable: billable.passes,
    providerFindings: billable.findings,
    providerChecks: billable.checks,
    eligible,
    notEligible,
  };
}

/** How many people an action names before "and N more". */
export const NAMED_IN_ACTION = 5;

/** Where the whole answer is, for an action that names only some (the HTTP API; the CLI reads the same registry). */
export function eligibleStaffPath(providerId: string, service: Service, date: DateOnly): string {
  return `GET /api/v1/providers/${providerId}/eligible-staff?service=${service}&date=${date}`;
}

/** The sentence an action ends with: who on the provider's roster passes every staff rule for the service on the date. */
export function eligibleStaffSentence(provider: ProviderFacts, rule: ServiceRule, date: DateOnly, roster: readonly StaffFacts[], ctx: EligibilityContext, env = questionEnv(ctx)): string {
  const names: string[] = [];
  for (const s of ownStaff(provider, roster)) {
    if (!staffChecks({ staff: s, provider, rule, date }, ctx, { env, explain: false }).passes) continue;
    const tier = env.credential(s, date).tier;
    names.push(tier ? `${s.name} (${tier})` : s.name);
  }
  const where = eligibleStaffPath(provider.id, rule.service, date);
  if (!names.length) return `Nobody on the roster of ${provider.name} is eligible to render ${rule.name} on ${date} (why: ${where}).`;
  const shown = names.slice(0, NAMED_IN_ACTION).join('; ');
  const more = names.length - NAMED_IN_ACTION;
  return `Eligible to render ${rule.name} on ${date}: ${shown}${more > 0 ? `; and ${more} more` : ''} (all, and why others are not: ${where}).`;
}

/**
 * Collects the errors the staff rules raise in a check session (ValidateOptions.onStaffError) and, once the
 * rosters of their providers are loaded, ends each one's action with who could have rendered the line. The
 * rule catalogue's action (GET /rules) stays the generic text; only the finding gets the names. One
 * sentence per provider, service and date for the session: the registry does not change under a check.
 */
export class StaffErrorNames {
  private pending: { finding: Finding; at: StaffErrorAt }[] = [];
  private readonly sentences = new Map<string, string>();

  readonly listen: StaffErrorListener = (finding, at) => {
    this.pending.push({ finding, at });
  };

  /** The providers whose rosters the findings waiting for names need. */
  providersWanted(): string[] {
    return [...new Set(this.pending.map((p) => p.at.provider.id))];
  }

  /** Ends each waiting finding's action with the names, and forgets it. */
  name(rosterOf: (providerId: string) => readonly StaffFacts[], ctx: EligibilityContext): void {
    // one memo of credentials for every sentence: a person's answer on a date serves every service
    const env = questionEnv(ctx);
    for (const { finding, at } of this.pending) {
      const key = `${at.provider.id}|${at.rule.id}|${at.date}`;
      let sentence = this.sentences.get(key);
      if (sentence === undefined) {
        sentence = eligibleStaffSentence(at.provider, at.rule, at.date, rosterOf(at.provider.id), ctx, env);
        this.sentences.set(key, sentence);
      }
      finding.action = `${finding.action} ${sentence}`;
    }
    this.pending = [];
  }
}

/**
 * The fields of a service catalogue record that are rules of their own (`SVC-INTENSIVE_OUTPATIENT-v1#tiers`):
 * each one's ID, citation and action, made once per record from its data, so that a finding, a check and
 * the catalogue name the rule the same way (and the engine concatenates no ID per finding).
 */
import { lower, orList, providerTypeList, thousands, tierList, type RuleRef } from './findings';
import type { ServiceRule } from './service-catalog';

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

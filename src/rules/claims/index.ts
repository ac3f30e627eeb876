/** The claim engine: validateClaims, the two configuration files it reads, and the rule catalogue. */
export { validateClaims, validateClaimsInSteps, type ValidateOptions } from './engine';
export { BilledLines, sessionCode, RULE_DUPLICATE_LINE } from './duplicates';
export type { BilledSession } from './duplicates';
export { RecordedLines, type RecordedLine } from './recorded-lines';
export { FINDING_CODES } from './types';
export { capOverruns, capCategoriesOf, capLimit, capEntries, claimCapEntries, yearBalance, CapMinutes, type CapEntry, type CapOverrun } from './caps';
export type {
  CapBalance,
  CapReport,
  Check,
  ClaimCheckContext,
  ClaimRef,
  ClaimReport,
  ClaimStatus,
  Finding,
  FindingCode,
  FindingFact,
  LineReport,
  LineStatus,
  Severity,
  ValidationReport,
} from './types';
export { ServiceCatalog, parseServiceCatalog, CAP_CATEGORIES } from './service-catalog';
export type { CapCategory, CapRule, ServiceRule } from './service-catalog';
export { ProcedureCodeTable, parseProcedureCodeTable } from './procedure-codes';
export type { CodeLookup, CodeMapping, ModifierMeaning } from './procedure-codes';
export { ConfigError } from './config-reader';
export { loadServiceCatalogFile, loadProcedureCodeFile, configDir } from './config-files';
export { buildRuleCatalogue, rulesMarkdown, findingCodesMarkdown, FINDING_CODE_WHEN, RuleCatalogue, type RuleRecord } from './catalogue';
export { RULE_GROUPS, type RuleGroup, type RuleSeverity, type RuleAppliesTo } from './rule-book';
export type { ExampleRegistry, RuleExample, RuleExamples } from './examples';
export { RecordingState, readAsWritten, recordingDecision, withRecordingConflict, withRecordingPassed, type RecordedClaim, type RecordingDecision } from './recording';
export { STAFF_RULES, serviceChecks, staffChecks, type GroupAnswer, type ServiceQuestion, type StaffQuestion } from './line-rules';
export { NAMED_IN_ACTION, StaffErrorNames, eligibleStaff, eligibleStaffPath, eligibleStaffSentence, type EligibilityContext, type EligibilityQuestion, type EligibleStaffAnswer, type StaffEligibility } from './eligible-staff';
export type { StaffErrorAt, StaffErrorListener } from './work';

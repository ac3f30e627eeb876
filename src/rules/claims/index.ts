/** The claim engine: validateClaims and the two configuration files it reads. */
export { validateClaims, type ValidateOptions } from './engine';
export { BilledLines, RecordedLines, sessionCode, RULE_DUPLICATE_LINE } from './duplicates';
export type { BilledSession, RecordedLine } from './duplicates';
export { FINDING_CODES } from './types';
export { capOverruns, type CapOverrun } from './caps';
export type {
  CapBalance,
  CapReport,
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

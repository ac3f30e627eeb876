/**
 * The claim rules' data (service catalogue, procedure code table) read once at start-up (a bad file stops
 * the service), and the rule catalogue made from them and the engine's own rules (GET /rules).
 */
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import { buildRuleCatalogue, loadProcedureCodeFile, loadServiceCatalogFile, type ProcedureCodeTable, type RuleCatalogue, type ServiceCatalog } from '../rules/claims';

export const RULES_CONFIG = Symbol('RULES_CONFIG');

export interface RulesConfig {
  catalog: ServiceCatalog;
  procedureCodes: ProcedureCodeTable;
  rules: RuleCatalogue;
}

export function loadRulesConfig(config: Pick<AppConfig, 'configDir'>): RulesConfig {
  const catalog = loadServiceCatalogFile(path.join(config.configDir, 'service-catalog.json'));
  const procedureCodes = loadProcedureCodeFile(path.join(config.configDir, 'procedure-codes.json'));
  return { catalog, procedureCodes, rules: buildRuleCatalogue(catalog, procedureCodes) };
}

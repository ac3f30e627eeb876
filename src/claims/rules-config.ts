/** The claim rules' data (service catalogue, procedure code table), read once at start-up: a bad file stops the service. */
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import { loadProcedureCodeFile, loadServiceCatalogFile, type ProcedureCodeTable, type ServiceCatalog } from '../rules/claims';

export const RULES_CONFIG = Symbol('RULES_CONFIG');

export interface RulesConfig {
  catalog: ServiceCatalog;
  procedureCodes: ProcedureCodeTable;
}

export function loadRulesConfig(config: Pick<AppConfig, 'configDir'>): RulesConfig {
  return {
    catalog: loadServiceCatalogFile(path.join(config.configDir, 'service-catalog.json')),
    procedureCodes: loadProcedureCodeFile(path.join(config.configDir, 'procedure-codes.json')),
  };
}

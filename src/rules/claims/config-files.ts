/**
 * Reading the two claim configuration files from disk. The engine itself does no I/O: the caller
 * loads these once (at start-up) and passes the parsed objects in the ClaimCheckContext.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { configDir } from '../config-dir';
import { ConfigError } from './config-reader';
import { parseProcedureCodeTable, type ProcedureCodeTable } from './procedure-codes';
import { parseServiceCatalog, type ServiceCatalog } from './service-catalog';

export const SERVICE_CATALOG_FILE = 'service-catalog.json';
export const PROCEDURE_CODES_FILE = 'procedure-codes.json';

export { configDir };

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot be read: ${(e as Error).message}`]);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [`is not JSON: ${(e as Error).message}`]);
  }
}

export function loadServiceCatalogFile(file = resolve(configDir(), SERVICE_CATALOG_FILE)): ServiceCatalog {
  return parseServiceCatalog(readJson(file), file);
}

export function loadProcedureCodeFile(file = resolve(configDir(), PROCEDURE_CODES_FILE)): ProcedureCodeTable {
  return parseProcedureCodeTable(readJson(file), file);
}

/**
 * The project's config/ directory, where the rule data lives (service catalogue, procedure codes,
 * holiday rules): found from this file (src/rules in the sources, dist/src/rules when built), else
 * from the working directory. The service reads its own copy from BHCHECK_CONFIG_DIR instead.
 */
import { existsSync } from 'fs';
import { resolve } from 'path';

/** a file every config directory has, to recognise one */
const MARKER = 'service-catalog.json';

export function configDir(): string {
  const candidates = [resolve(__dirname, '../../config'), resolve(__dirname, '../../../config'), resolve(process.cwd(), 'config')];
  for (const dir of candidates) if (existsSync(resolve(dir, MARKER))) return dir;
  return candidates[candidates.length - 1];
}

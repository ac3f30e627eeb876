/**
 * Writes docs/rules.md from the rule catalogue (the rules and the finding-code table), from the shipped
 * config/ files. `npm run docs:rules`; a unit test fails while the file is not what this writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildRuleCatalogue, loadProcedureCodeFile, loadServiceCatalogFile, rulesMarkdown } from '../src/rules/claims';

const ROOT = path.resolve(__dirname, '..');
const FILE = path.join(ROOT, 'docs', 'rules.md');
const catalogue = buildRuleCatalogue(loadServiceCatalogFile(), loadProcedureCodeFile());
fs.writeFileSync(FILE, rulesMarkdown(catalogue));
console.log(`wrote ${path.relative(ROOT, FILE)} (${catalogue.records.length} rules)`);

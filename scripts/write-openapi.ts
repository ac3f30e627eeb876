/**
 * The OpenAPI document the service serves at /docs-json, as a committed contract:
 *
 *   npm run openapi          writes openapi/bhcheck.json and the web pages' types web/src/api/schema.d.ts
 *   npm run openapi:check    fails (exit 1) when either differs from what the code would write now
 *
 * Nest's preview mode builds the routes without a database. Object keys are written sorted (arrays keep
 * their order), so the file changes only when the interface does. Commit both files with the change.
 */
process.env.TZ = process.env.TZ ?? 'UTC';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppModule } from '../src/app.module';
import { API_PREFIX, API_PREFIX_OPTIONS, buildOpenApi } from '../src/bootstrap';
import { loadConfig } from '../src/config/config';

const ROOT = path.resolve(__dirname, '..');
export const OPENAPI_FILE = path.join(ROOT, 'openapi', 'bhcheck.json');
export const TYPES_FILE = path.join(ROOT, 'web', 'src', 'api', 'schema.d.ts');
const rel = (file: string) => path.relative(ROOT, file);

/** The document as the service serves it. */
export async function servedDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({ TZ: 'UTC', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://preview@127.0.0.1:1/preview'), { preview: true, logger: false });
  app.setGlobalPrefix(API_PREFIX, API_PREFIX_OPTIONS);
  const doc = buildOpenApi(app);
  await app.close();
  return doc;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
  );
}

/** The file's text: sorted keys, two-space indent, a final newline. */
export function documentText(doc: OpenAPIObject): string {
  return `${JSON.stringify(sortKeys(doc), null, 2)}\n`;
}

/** openapi-typescript's types for a document file. */
function typesOf(documentFile: string, typesFile: string): string {
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), documentFile, '-o', typesFile], { stdio: ['ignore', 'ignore', 'inherit'] });
  return fs.readFileSync(typesFile, 'utf8');
}

const readOrEmpty = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

/** What changed between two documents, by path and schema name, for the check's message. */
function differences(committed: string, served: string): string[] {
  let before: Partial<OpenAPIObject> = {};
  try {
    before = sortKeys(JSON.parse(committed)) as OpenAPIObject;
  } catch {
    return ['the committed file is not JSON'];
  }
  const after = JSON.parse(served) as OpenAPIObject;
  const out: string[] = [];
  const compare = (what: string, a: Record<string, unknown> = {}, b: Record<string, unknown> = {}) => {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in a)) out.push(`  + ${what} ${k}`);
      else if (!(k in b)) out.push(`  - ${what} ${k}`);
      else if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) out.push(`  ~ ${what} ${k}`);
    }
  };
  compare('path', before.paths, after.paths);
  compare('schema', before.components?.schemas, after.components?.schemas);
  compare('security scheme', before.components?.securitySchemes, after.components?.securitySchemes);
  if (!out.length) out.push('  (the document header, or only the order or layout of the file)');
  return out;
}

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
  const text = documentText(await servedDocument());
  if (!check) {
    fs.mkdirSync(path.dirname(OPENAPI_FILE), { recursive: true });
    fs.writeFileSync(OPENAPI_FILE, text);
    typesOf(OPENAPI_FILE, TYPES_FILE);
    console.log(`wrote ${rel(OPENAPI_FILE)} (${Object.keys(JSON.parse(text).paths).length} paths) and ${rel(TYPES_FILE)}`);
    return 0;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-openapi-'));
  try {
    const problems: string[] = [];
    const committed = readOrEmpty(OPENAPI_FILE);
    if (committed !== text) problems.push(`${rel(OPENAPI_FILE)} differs from the document the service serves:`, ...differences(committed, text));
    const documentFile = path.join(dir, 'bhcheck.json');
    fs.writeFileSync(documentFile, text);
    if (readOrEmpty(TYPES_FILE) !== typesOf(documentFile, path.join(dir, 'schema.d.ts'))) problems.push(`${rel(TYPES_FILE)} differs from the types of the served document`);
    if (!problems.length) {
      console.log(`openapi: ${rel(OPENAPI_FILE)} and ${rel(TYPES_FILE)} match the served document`);
      return 0;
    }
    console.error(['openapi: the committed interface has drifted from the code.', ...problems, 'Run `npm run openapi` and commit both files.'].join('\n'));
    return 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(2);
    },
  );
}

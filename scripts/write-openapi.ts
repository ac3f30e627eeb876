/**
 * Writes the OpenAPI document the service serves at /docs-json to openapi/bhcheck.json, and the
 * TypeScript types the web pages' client is checked against to web/src/api/schema.d.ts. Nest's preview
 * mode builds the routes without connecting to a database. `npm run openapi`; commit both files.
 */
process.env.TZ = process.env.TZ ?? 'UTC';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AppModule } from '../src/app.module';
import { API_PREFIX, API_PREFIX_OPTIONS, buildOpenApi } from '../src/bootstrap';
import { loadConfig } from '../src/config/config';

const ROOT = path.resolve(__dirname, '..');
export const OPENAPI_FILE = path.join(ROOT, 'openapi', 'bhcheck.json');
const TYPES_FILE = path.join(ROOT, 'web', 'src', 'api', 'schema.d.ts');

async function main(): Promise<void> {
  const config = loadConfig({ TZ: 'UTC', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://preview@127.0.0.1:1/preview'), { preview: true, logger: false });
  app.setGlobalPrefix(API_PREFIX, API_PREFIX_OPTIONS);
  const doc = buildOpenApi(app);
  await app.close();
  fs.mkdirSync(path.dirname(OPENAPI_FILE), { recursive: true });
  fs.writeFileSync(OPENAPI_FILE, `${JSON.stringify(doc, null, 2)}\n`);
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), OPENAPI_FILE, '-o', TYPES_FILE], { stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`wrote ${path.relative(ROOT, OPENAPI_FILE)} (${Object.keys(doc.paths).length} paths) and ${path.relative(ROOT, TYPES_FILE)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

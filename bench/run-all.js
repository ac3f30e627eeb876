#!/usr/bin/env node
/**
 * `npm run bench`: runs every bench script in turn; each prints its own figures. Pass names to run
 * some only: `npm run bench -- credentials claims-engine`. Figures are for reading, never asserted.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = __dirname;
const wanted = process.argv.slice(2);
const scripts = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !wanted.length || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const s of scripts) {
  process.stdout.write(`\n== ${s}\n`);
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(dir, s)], { stdio: 'inherit', cwd: path.resolve(dir, '..'), env: { ...process.env, TZ: 'UTC' } });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

#!/usr/bin/env node
/**
 * `npm run build:web`: builds the web pages into web/dist with Vite, unless nothing they are built from
 * changed since the last build (a hash of web/ sources, the shared vocabulary, the lock file and this
 * script, kept in web/dist/.build-hash). `--force` builds anyway.
 */
const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');
const OUT = path.join(WEB, 'dist');
const STAMP = path.join(OUT, '.build-hash');
// what the pages import from outside web/ (pure data and types of the rules)
const SHARED = ['src/rules/vocabulary.ts', 'src/rules/program-approval/events.ts', 'src/rules/dates.ts', 'src/rules/enrollment/criteria.ts', 'package-lock.json', 'scripts/build-web.js'];

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' || e.name === 'node_modules' ? [] : files(p);
    return [p];
  });
}

function inputsHash() {
  const h = crypto.createHash('sha256');
  const all = [...files(WEB), ...SHARED.map((f) => path.join(ROOT, f))].filter((f) => fs.existsSync(f)).sort();
  for (const f of all) h.update(path.relative(ROOT, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex');
}

const hash = inputsHash();
const force = process.argv.includes('--force');
if (!force && fs.existsSync(STAMP) && fs.existsSync(path.join(OUT, 'index.html')) && fs.readFileSync(STAMP, 'utf8').trim() === hash) {
  console.log('web pages: up to date (web/dist)');
  process.exit(0);
}
// always a production build: Vite keeps a NODE_ENV it is given, and under Jest (NODE_ENV=test) it would
// otherwise emit React's development build, larger, slower and naming the source files' paths
execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', WEB, '--mode', 'production', '--logLevel', 'warn'], {
  stdio: 'inherit',
  cwd: ROOT,
  env: { ...process.env, NODE_ENV: 'production' },
});
fs.writeFileSync(STAMP, `${hash}\n`);
console.log('web pages: built into web/dist');

#!/usr/bin/env node
/**
 * Builds dist/ when it is missing or older than the sources, for `npm start` and the CLI alike: one
 * incremental `tsc -b tsconfig.build.json` (a first build type-checks everything, later ones only what
 * changed). Up to date, it costs a walk of the source folders' timestamps.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
// tsc -b rewrites (or touches) this file on every build that finds something to do
const stamp = path.join(root, 'dist', 'tsconfig.build.tsbuildinfo');
const inputs = ['src', 'migrations', 'tsconfig.json', 'tsconfig.build.json'].map((p) => path.join(root, p));

/** the newest modification time below p (folders count too: a deleted or renamed file changes them) */
function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const e of fs.readdirSync(p)) t = Math.max(t, newest(path.join(p, e)));
  return t;
}

function upToDate() {
  if (!fs.existsSync(stamp)) return false;
  const built = fs.statSync(stamp).mtimeMs;
  return inputs.every((p) => newest(p) <= built);
}

/** Returns true when dist/ is current (built now or before); false when the build failed. */
function ensureBuilt(log = (msg) => process.stderr.write(`${msg}\n`)) {
  if (upToDate()) return true;
  log('bhcheck: building dist/ (first run, or the sources changed)...');
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
    return true;
  } catch {
    log('bhcheck: the build failed (see above)');
    return false;
  }
}

module.exports = { ensureBuilt };

if (require.main === module) process.exit(ensureBuilt() ? 0 : 1);

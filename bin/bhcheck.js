#!/usr/bin/env node
/**
 * `npx bhcheck ...`: runs the compiled CLI (dist/), building it first when the sources are newer, so a
 * fresh clone needs nothing but `npm install`.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'cli', 'main.js');

function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const sourcesChanged = () => Math.max(newest(path.join(root, 'src')), newest(path.join(root, 'migrations'))) > fs.statSync(entry).mtimeMs;
if (!fs.existsSync(entry) || sourcesChanged()) {
  process.stderr.write('bhcheck: compiling (first run or sources changed)...\n');
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  } catch {
    process.stderr.write('bhcheck: compilation failed\n');
    process.exit(3);
  }
}

// Exit explicitly once stdout has drained: nothing left open (a pool's timer) may hold the process.
const exit = (code) => process.stdout.write('', () => process.exit(code));
require(entry)
  .main(process.argv.slice(2))
  .then(exit, (e) => {
    process.stderr.write(`bhcheck: ${e && e.stack ? e.stack : e}\n`);
    exit(3);
  });

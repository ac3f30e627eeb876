#!/usr/bin/env node
/**
 * `npx bhcheck ...`: runs the compiled CLI (dist/), building it first when missing or older than the
 * sources (the same incremental build as `npm start`), so a fresh clone needs nothing but `npm install`.
 */
'use strict';
const path = require('node:path');
const { ensureBuilt } = require('../scripts/ensure-built');

if (!ensureBuilt()) process.exit(3);

// Exit explicitly once stdout has drained, whatever handles are still open.
const exit = (code) => process.stdout.write('', () => process.exit(code));
require(path.resolve(__dirname, '..', 'dist', 'src', 'cli', 'main.js'))
  .main(process.argv.slice(2))
  .then(exit, (e) => {
    process.stderr.write(`bhcheck: ${e && e.stack ? e.stack : e}\n`);
    exit(3);
  });

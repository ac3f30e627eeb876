/**
 * The external X12 corpus: real 837 files from a public project, which a clone of this repository does
 * not have. Found through BHCHECK_X12_CORPUS (a folder; relative paths from the project root), else
 * ../shared/x12-samples where it exists. The tests that read it are skipped without it, and the
 * summary reporter says so in one line; set explicitly (as .ci/run does), a missing folder fails the
 * run instead.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_CORPUS = path.resolve(ROOT, '..', 'shared', 'x12-samples');

function x12Corpus() {
  const given = (process.env.BHCHECK_X12_CORPUS || '').trim();
  if (given) {
    const dir = path.resolve(ROOT, given);
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`BHCHECK_X12_CORPUS is ${given}, which is not a folder (${dir})`);
    return dir;
  }
  return fs.existsSync(DEFAULT_CORPUS) ? DEFAULT_CORPUS : null;
}

const CORPUS_MISSING = 'X12 corpus not found (BHCHECK_X12_CORPUS unset, no ../shared/x12-samples): the tests that read it were skipped';

module.exports = { x12Corpus, CORPUS_MISSING };

/**
 * Prints one plain closing line, "N passed, N failed" (", N skipped"), for CI readers that do not
 * know Jest's own summary; before it, one line when the X12 corpus was absent and its tests skipped.
 */
const { CORPUS_MISSING, x12Corpus } = require('./x12-corpus');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    let corpusMissing = false;
    try {
      corpusMissing = x12Corpus() === null;
    } catch {
      // BHCHECK_X12_CORPUS names a missing folder: the suites that read it failed and say why
    }
    if (skipped && corpusMissing) process.stdout.write(`\n${CORPUS_MISSING}`);
    const broken = results.numRuntimeErrorTestSuites;
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}${broken ? `; ${broken} test files failed to run` : ''}\n`,
    );
  }
}
module.exports = SummaryReporter;

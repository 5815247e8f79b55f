// Prints the closing line CI reads: `tests: N passed, N failed` (a suite that fails to load
// counts as one failed test, so a broken file can never look green).
'use strict';
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed`;
    process.stdout.write(`\n${line}\n`);
    if (process.env.AMICUS_TEST_SUMMARY) require('fs').writeFileSync(process.env.AMICUS_TEST_SUMMARY, line + '\n');
  }
}
module.exports = SummaryReporter;

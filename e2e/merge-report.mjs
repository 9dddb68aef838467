#!/usr/bin/env node
// CI: add the browser tests' vitest JSON report (npm run e2e -- --outputFile.json=<e2e>)
// to `npm test`'s merged report (scripts/test.mjs), so the closing "N passed, N failed"
// line counts them too. An e2e run that failed without a failed test (no report: it
// crashed; or the platform did not start) counts as one failed test, as
// scripts/test.mjs counts a workspace that wrote no report.
//
//   node e2e/merge-report.mjs <npm test's report> <e2e report> <e2e exit status>
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [reportPath, e2ePath, statusArg = '0'] = process.argv.slice(2);
if (!reportPath || !e2ePath) {
  console.error('usage: node e2e/merge-report.mjs <report.json> <e2e.json> [e2e exit status]');
  process.exit(2);
}
const status = Number(statusArg);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const e2e = existsSync(e2ePath) ? JSON.parse(readFileSync(e2ePath, 'utf8')) : null;

const keys = ['numTotalTestSuites', 'numPassedTestSuites', 'numFailedTestSuites', 'numPendingTestSuites', 'numTotalTests', 'numPassedTests', 'numFailedTests', 'numPendingTests', 'numTodoTests'];
for (const k of keys) report[k] = (report[k] ?? 0) + (e2e?.[k] ?? 0);
// No report, or a failure outside any test (the platform did not start, a hook threw):
// one failed test, so the closing line never says "0 failed" for a failed run.
const unaccounted = !e2e || (status !== 0 && (e2e.numFailedTests ?? 0) === 0);
if (unaccounted) {
  report.numFailedTests += 1;
  report.numTotalTests += 1;
}
report.success = Boolean(report.success && e2e?.success && status === 0);
report.testResults = [...(report.testResults ?? []), ...(e2e?.testResults ?? [])];
report.workspaces = { ...(report.workspaces ?? {}), e2e: { numPassedTests: e2e?.numPassedTests ?? 0, numFailedTests: (e2e?.numFailedTests ?? 0) + (unaccounted ? 1 : 0) } };
writeFileSync(reportPath, JSON.stringify(report));

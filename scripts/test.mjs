#!/usr/bin/env node
// `npm test`: the backend's tests, then the frontend's (each workspace's own vitest),
// with the arguments given passed to both: `npm test -- -t refresh`.
// `--outputFile.json=<path>` (CI's JSON report) is written per workspace and merged
// into <path>, so one report counts every test of both. Exit code: non-zero when
// either failed. `--workspace backend|frontend` (or -w) runs one of them only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WORKSPACES = ['backend', 'frontend'];

let args = process.argv.slice(2);
let only = null;
for (let i = 0; i < args.length; i++) {
  const m = args[i].match(/^(?:--workspace|-w)(?:=(.+))?$/);
  if (m) {
    only = m[1] ?? args[i + 1];
    args = [...args.slice(0, i), ...args.slice(m[1] ? i + 1 : i + 2)];
    break;
  }
}
if (only && !WORKSPACES.includes(only)) {
  console.error(`unknown workspace ${only}: ${WORKSPACES.join(' or ')}`);
  process.exit(2);
}

const outIndex = args.findIndex((a) => a.startsWith('--outputFile.json='));
const report = outIndex >= 0 ? path.resolve(args[outIndex].slice('--outputFile.json='.length)) : null;
const scratch = report ? mkdtempSync(path.join(tmpdir(), 'fieldfen-test-')) : null;
// A name filter may match files of one workspace only: the other then has none to run.
const filtered = args.some((a) => !a.startsWith('-'));

const results = [];
for (const ws of only ? [only] : WORKSPACES) {
  const wsArgs = args.map((a, i) => (i === outIndex ? `--outputFile.json=${path.join(scratch, `${ws}.json`)}` : a));
  if (filtered) wsArgs.push('--passWithNoTests');
  console.log(`\n── ${ws} tests ──`);
  const r = spawnSync('npm', ['test', '--workspace', ws, '--', ...wsArgs], { cwd: root, stdio: 'inherit' });
  results.push({ ws, status: r.status ?? 1 });
}

if (report) {
  const parts = results.map(({ ws }) => path.join(scratch, `${ws}.json`)).filter((f) => existsSync(f)).map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const sum = (key) => parts.reduce((n, p) => n + (p[key] ?? 0), 0);
  const merged = {
    numTotalTestSuites: sum('numTotalTestSuites'),
    numPassedTestSuites: sum('numPassedTestSuites'),
    numFailedTestSuites: sum('numFailedTestSuites'),
    numPendingTestSuites: sum('numPendingTestSuites'),
    numTotalTests: sum('numTotalTests'),
    numPassedTests: sum('numPassedTests'),
    numFailedTests: sum('numFailedTests'),
    numPendingTests: sum('numPendingTests'),
    numTodoTests: sum('numTodoTests'),
    startTime: Math.min(...parts.map((p) => p.startTime ?? Date.now())),
    success: parts.length === results.length && parts.every((p) => p.success) && results.every((r) => r.status === 0),
    testResults: parts.flatMap((p) => p.testResults ?? []),
    workspaces: Object.fromEntries(results.map(({ ws }, i) => [ws, { numPassedTests: parts[i]?.numPassedTests ?? 0, numFailedTests: parts[i]?.numFailedTests ?? 0 }])),
  };
  // A workspace that crashed before writing its report still counts as a failure.
  if (parts.length < results.length) merged.numFailedTests += results.length - parts.length;
  writeFileSync(report, JSON.stringify(merged));
  rmSync(scratch, { recursive: true, force: true });
}

for (const { ws, status } of results) if (status !== 0) console.error(`${ws} tests failed (exit ${status})`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);

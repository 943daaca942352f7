#!/usr/bin/env node
// `npm test`: run every workspace's tests through turbo, then add up the JSON reports that
// each workspace's vitest writes, and close with one line: "N passed, M failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const workspaces = [];
for (const pattern of pkg.workspaces) {
  if (!pattern.endsWith('/*')) {
    if (existsSync(join(root, pattern, 'package.json'))) workspaces.push(pattern);
    continue;
  }
  const base = pattern.replace(/\/\*$/, '');
  const dir = join(root, base);
  if (!existsSync(dir)) continue;
  for (const name of spawnSync('ls', [dir], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)) {
    if (existsSync(join(dir, name, 'package.json'))) workspaces.push(join(base, name));
  }
}
for (const ws of workspaces) rmSync(join(root, ws, 'test-results.json'), { force: true });

const turbo = spawnSync(
  'npx',
  ['turbo', 'run', 'test', '--continue', '--concurrency=1', ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const ws of workspaces) {
  const file = join(root, ws, 'test-results.json');
  if (!existsSync(file)) {
    missing.push(ws);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A suite that failed to load counts as one failure, so it can never hide.
  for (const suite of report.testResults ?? []) {
    if (suite.status === 'failed' && (suite.assertionResults ?? []).length === 0) failed += 1;
  }
}
for (const ws of missing) {
  console.error(`no test report from ${ws}: its test run did not finish`);
  failed += 1;
}
const ok = turbo.status === 0 && failed === 0;
if (turbo.status !== 0 && failed === 0) {
  console.error('turbo reported a failure outside the test counts');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(ok ? 0 : 1);

#!/usr/bin/env node
// Runs every check of the repo and prints one closing line
// "N passed, N failed": the type check and lint (each counted as one failure
// when it fails), the Jest projects (unit, integration against the local
// stand-ins, CDK) and, when present, the Playwright browser tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.cache', 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const env = { ...process.env, CI: 'true' };
const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

function run(label, command, args, extraEnv = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...env, ...extraEnv },
  });
  if (result.status !== 0) exitCode = result.status ?? 1;
  return result.status;
}

const extraArgs = process.argv.slice(2);
if (run('Type check', 'yarn', ['tsc', '--noEmit']) !== 0) totals.failed += 1;
if (run('Lint', 'yarn', ['backstage-cli', 'repo', 'lint']) !== 0) totals.failed += 1;

const jestJson = join(out, 'jest.json');
run('Jest (unit, integration, CDK)', 'yarn', [
  'backstage-cli', 'repo', 'test', '--json', `--outputFile=${jestJson}`, ...extraArgs,
]);
if (existsSync(jestJson)) {
  const r = JSON.parse(readFileSync(jestJson, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
} else {
  totals.failed += 1;
}

if (existsSync(join(root, 'e2e'))) {
  const pwJson = join(out, 'playwright.json');
  run('Playwright (Chromium)', 'yarn', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats ?? {};
    totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
    totals.failed += s.unexpected ?? 0;
    totals.skipped += s.skipped ?? 0;
  } else {
    totals.failed += 1;
  }
}

if (totals.failed > 0 && exitCode === 0) exitCode = 1;
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(exitCode);

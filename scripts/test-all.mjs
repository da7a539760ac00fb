#!/usr/bin/env node
// Runs every check of the repo and prints one closing line
// "N passed, N failed": the type check, the API reports, the knip reports
// (declared dependencies), lint, the formatting and the build (each counted
// as one failure when it fails), the Jest projects (unit, integration against the
// local stand-ins, CDK), the Playwright browser tests and, beside them, the
// install test (scripts/install-test: one test; it needs the npm registry
// and counts as skipped where it cannot reach it, e.g. in a network
// namespace).
// SKIP_INSTALL_TEST=1 skips it too.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.cache', 'test-results');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const env = { ...process.env, CI: 'true' };
const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

const seconds = since => `${Math.round((Date.now() - since) / 1000)} s`;

/** Runs a command with its output as it comes; others may run meanwhile. */
function run(label, command, args, extraEnv = {}) {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  return new Promise(resolve => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...env, ...extraEnv },
    });
    child.on('close', status => {
      console.log(`=== ${label}: ${seconds(started)}`);
      if (status !== 0) exitCode = status ?? 1;
      resolve(status);
    });
  });
}

const extraArgs = process.argv.slice(2);

/** Runs a command with its output held back, so that two can run at once. */
function runQuietly(label, command, args) {
  return new Promise(resolve => {
    const started = Date.now();
    const child = spawn(command, args, { cwd: root, env });
    const output = [];
    child.stdout.on('data', chunk => output.push(chunk));
    child.stderr.on('data', chunk => output.push(chunk));
    child.on('close', status => {
      console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
      process.stdout.write(Buffer.concat(output));
      console.log(`=== ${label}: ${seconds(started)}`);
      if (status !== 0) {
        exitCode = status ?? 1;
        totals.failed += 1;
      }
      resolve(status);
    });
  });
}

// The static checks, as two chains side by side: each is single-threaded
// and there are two cores. The type check writes the declarations
// (dist-types/) the API reports read. Not incremental: TypeScript prints
// inferred object types (zod's) in the order it first met their keys, which
// an incremental run can change.
await Promise.all([
  (async () => {
    await runQuietly('Type check', 'yarn', ['tsc', '--incremental', 'false']);
    await runQuietly('API reports are current', 'yarn', [
      'api-reports',
      '--ci',
    ]);
  })(),
  (async () => {
    await runQuietly('Lint', 'yarn', ['backstage-cli', 'repo', 'lint']);
    await runQuietly('Formatting', 'yarn', ['prettier', '--check', '.']);
    // knip: the plugin packages declare what they import, and only that.
    await runQuietly('Dependencies (knip reports)', 'yarn', [
      'knip-reports',
      '--ci',
    ]);
  })(),
]);

// The backend's bundle, and with it the production build of the app: the
// image test (infra) checks the bundle, the browser tests open the app
// served by the backend (scripts/start-served.mjs), so it is built once.
const built =
  (await run('Build (the app and the backend bundle)', 'yarn', [
    'build:backend',
  ])) === 0;
if (!built) totals.failed += 1;

const jestJson = join(out, 'jest.json');
await run('Jest (unit, integration, CDK)', 'yarn', [
  'backstage-cli',
  'repo',
  'test',
  '--json',
  `--outputFile=${jestJson}`,
  ...extraArgs,
]);
if (existsSync(jestJson)) {
  const r = JSON.parse(readFileSync(jestJson, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
} else {
  totals.failed += 1;
}

function registryReachable() {
  const probe = spawnSync(
    'npm',
    ['view', '@backstage/create-app@0.9.2', 'version'],
    { cwd: root, env, stdio: 'ignore', timeout: 60_000 },
  );
  return probe.status === 0;
}

/**
 * The install test, started beside the browser tests: its packing and
 * installing are mostly IO, and it listens only on free ports, so it shares
 * the machine with them without a clash.
 */
function startInstallTest() {
  if (process.env.SKIP_INSTALL_TEST === '1') {
    console.log('\n=== Install test: skipped (SKIP_INSTALL_TEST=1)');
    return Promise.resolve('skipped');
  }
  if (!registryReachable()) {
    console.log(
      '\n=== Install test: skipped, the npm registry is not reachable (run `yarn test:install` where it is)',
    );
    return Promise.resolve('skipped');
  }
  console.log('\n=== Install test: started beside the browser tests');
  return runQuietly('Install test (create-app + the docs)', 'node', [
    'scripts/install-test/run.mjs',
  ]).then(status => (status === 0 ? 'passed' : 'failed'));
}

const installTest = startInstallTest();

if (existsSync(join(root, 'e2e'))) {
  const pwJson = join(out, 'playwright.json');
  await run(
    'Playwright (Chromium)',
    'yarn',
    ['playwright', 'test', '--reporter=list,json'],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
      ...(built ? { PORTAL_APP_BUILT: '1' } : {}),
    },
  );
  if (existsSync(pwJson)) {
    const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats ?? {};
    totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
    totals.failed += s.unexpected ?? 0;
    totals.skipped += s.skipped ?? 0;
  } else {
    totals.failed += 1;
  }
}

// A failed install test is counted by runQuietly, as the static checks are.
const installTestResult = await installTest;
if (installTestResult !== 'failed') totals[installTestResult] += 1;

if (totals.failed > 0 && exitCode === 0) exitCode = 1;
console.log(
  `\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
);
process.exit(exitCode);

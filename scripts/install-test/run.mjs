#!/usr/bin/env node
// The install test: installs the three plugin packages into a fresh
// @backstage/create-app app by following the docs' marked snippets, then
// type-checks the app, starts its backend against `yarn aws-local`, and
// launches Studio as the stock guest user. See README.md next to this file.
//
//   node scripts/install-test/run.mjs [--keep] [--workdir <dir>] [--no-legacy] [--no-browser]
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  addImports,
  applyTsxSnippet,
  editFile,
  insertBefore,
  mergeExtensions,
  mergeJson,
  removeExtension,
  removeLine,
} from './edits.mjs';
import { snippetBook, splitImports } from './snippets.mjs';

const CREATE_APP = '@backstage/create-app@0.9.2';
const repo = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const docs = snippetBook([
  join(repo, 'docs/install-backend.md'),
  join(repo, 'plugins/sagemaker-studio/README.md'),
  join(repo, 'packages/aws-local/README.md'),
]);

const { values: args } = parseArgs({
  options: {
    keep: { type: 'boolean', default: false },
    workdir: { type: 'string' },
    'no-legacy': { type: 'boolean', default: false },
    'no-browser': { type: 'boolean', default: false },
  },
});
const work =
  args.workdir ?? mkdtempSync(join(tmpdir(), 'studio-portal-install-'));
mkdirSync(work, { recursive: true });
const APP = join(work, 'app');
const logs = join(work, 'logs');
mkdirSync(logs, { recursive: true });

// Yarn in the temporary app: the registry npm uses (as scripts/env.sh sets
// it; yarn's own default may be unreachable), lockfile changes allowed
// although CI=true, and no install scripts: the only native module the test
// needs, better-sqlite3, is built on its own (see buildBetterSqlite3), which
// saves minutes of compiling modules the test never loads (tree-sitter,
// keytar, ssh2's cpu-features).
const registry =
  process.env.YARN_NPM_REGISTRY_SERVER ||
  spawnSync('npm', ['config', 'get', 'registry'], { cwd: tmpdir() })
    .stdout.toString()
    .trim();
const appEnv = {
  ...process.env,
  YARN_NPM_REGISTRY_SERVER: registry,
  YARN_ENABLE_TELEMETRY: '0',
  YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
  YARN_ENABLE_SCRIPTS: 'false',
  YARN_ENABLE_PROGRESS_BARS: 'false',
  APP,
};

const timings = [];
const children = [];

async function step(name, fn) {
  const started = Date.now();
  console.log(`\n### ${name}`);
  try {
    return await fn();
  } finally {
    timings.push([name, Date.now() - started]);
  }
}

function sh(command, { cwd = APP, env = appEnv } = {}) {
  console.log(`$ ${command}   (in ${cwd})`);
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', command], {
    cwd,
    env,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`'${command}' failed (exit ${result.status})`);
  }
}

/** Starts a long-running command in its own process group; resolves when `ready` shows in its output. */
function startServer(name, command, { cwd, env = appEnv, ready, timeoutMs }) {
  const logFile = join(logs, `${name}.log`);
  const out = openSync(logFile, 'w');
  console.log(`$ ${command}   (in ${cwd}; output in ${logFile})`);
  const child = spawn('bash', ['-c', `exec ${command}`], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  children.push(child);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = setInterval(async () => {
      const text = readFileSync(logFile, 'utf8');
      let isReady = false;
      try {
        isReady = await ready(text);
      } catch {
        // not yet
      }
      if (isReady) {
        clearInterval(poll);
        resolve({ child, logFile });
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(
          new Error(
            `${name} did not get ready (${
              child.exitCode !== null ? `exit ${child.exitCode}` : 'timeout'
            }):\n${text.slice(-3000)}`,
          ),
        );
      }
    }, 1000);
  });
}

async function stopChildren() {
  await Promise.all(
    children.map(
      child =>
        new Promise(resolve => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', resolve);
          try {
            process.kill(-child.pid, 'SIGTERM');
          } catch {
            resolve();
          }
          setTimeout(() => {
            try {
              process.kill(-child.pid, 'SIGKILL');
            } catch {
              // gone
            }
            resolve();
          }, 10_000).unref();
        }),
    ),
  );
}

/** A free loopback port below Linux's ephemeral range (so nothing takes it meanwhile). */
async function freePort() {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    const free = await new Promise(resolve => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

function check(condition, message) {
  if (!condition) throw new Error(`Check failed: ${message}`);
  console.log(`ok: ${message}`);
}

const withPorts = (text, dynamoDbPort, awsPort) =>
  text
    .replaceAll('127.0.0.1:7100', `127.0.0.1:${dynamoDbPort}`)
    .replaceAll('127.0.0.1:7101', `127.0.0.1:${awsPort}`);

// ---------------------------------------------------------------------------

async function scaffold() {
  const create = (dir, extra) =>
    sh(`npx -y ${CREATE_APP} --skip-install --path ${dir} ${extra}`, {
      cwd: work,
      env: { ...appEnv, BACKSTAGE_APP_NAME: 'app' },
    });
  create(APP, '');
  if (!args['no-legacy']) {
    // The legacy frontend joins the same monorepo as packages/app-legacy: one
    // install serves both apps, and the type check covers both.
    create(join(work, 'legacy'), '--legacy');
    renameSync(
      join(work, 'legacy/packages/app'),
      join(APP, 'packages/app-legacy'),
    );
    editFile(join(APP, 'packages/app-legacy/package.json'), text =>
      mergeJson(text, JSON.stringify({ name: 'app-legacy' })),
    );
    rmSync(join(work, 'legacy'), { recursive: true, force: true });
  }
  // create-app 0.9.2's ranges hold @backstage/backend-defaults at 0.18, whose
  // signals plugin crashes at start: take the current release (lockfile only;
  // the docs' `yarn add` below installs).
  sh(`yarn up '@backstage/*' --mode=update-lockfile`);
}

function installPackages() {
  // docs/install-backend.md, step 1: pack into the app, resolutions entry.
  sh(docs.get('pack', 'sh'), {
    cwd: repo,
    env: { ...process.env, YARN_NPM_REGISTRY_SERVER: registry, APP },
  });
  editFile(join(APP, 'package.json'), text =>
    mergeJson(text, docs.get('resolutions', 'json')),
  );
  const appAdd = docs.get('app-add', 'sh');
  if (!args['no-legacy']) {
    // The legacy app takes the same package as the app the command adds it to.
    const descriptor = appAdd.match(
      /add (@studio-portal\/plugin-sagemaker-studio@\S+)/,
    )[1];
    const at = descriptor.indexOf('@', 1);
    editFile(join(APP, 'packages/app-legacy/package.json'), text =>
      mergeJson(
        text,
        JSON.stringify({
          dependencies: { [descriptor.slice(0, at)]: descriptor.slice(at + 1) },
        }),
      ),
    );
  }
  // Step 2 and the frontend README's install command.
  sh(docs.get('backend-add', 'sh'));
  sh(appAdd);
}

function applyCodeEdits() {
  editFile(join(APP, 'packages/backend/src/index.ts'), text =>
    insertBefore(
      text,
      'backend.start();',
      docs.get('backend-index', 'ts'),
      'backend index.ts',
    ),
  );

  // New frontend system: the features list (for apps without discovery),
  // the home page card and landing page.
  editFile(join(APP, 'packages/app/src/App.tsx'), text => {
    const { imports, rest } = splitImports(docs.get('app-features', 'tsx'));
    const anchor = 'features: [';
    if (!text.includes(anchor)) throw new Error(`App.tsx has no '${anchor}'`);
    return addImports(text, imports, 'App.tsx').replace(
      anchor,
      `${anchor}${rest.trim()} `,
    );
  });
  editFile(join(APP, 'app-config.yaml'), text =>
    removeExtension(
      mergeExtensions(text, docs.get('app-config-home', 'yaml')),
      'page:catalog',
    ),
  );

  if (args['no-legacy']) return;
  const legacy = join(APP, 'packages/app-legacy');
  const homePage = docs.get('legacy-home-page', 'tsx');
  const homePagePath = homePage.match(/^\/\/ packages\/app\/(\S+)/)[1];
  mkdirSync(dirname(join(legacy, homePagePath)), { recursive: true });
  writeFileSync(join(legacy, homePagePath), homePage);
  editFile(join(legacy, 'src/App.tsx'), text =>
    applyTsxSnippet(
      removeLine(
        text,
        /<Route path="\/" element={<Navigate to="catalog" \/>} \/>/,
        'legacy App.tsx',
      ),
      docs.get('legacy-routes', 'tsx'),
      '</FlatRoutes>',
      'legacy App.tsx',
    ),
  );
  editFile(join(legacy, 'src/components/Root/Root.tsx'), text =>
    applyTsxSnippet(
      text,
      docs.get('legacy-sidebar', 'tsx'),
      '{/* End global nav */}',
      'Root.tsx',
    ),
  );
}

/**
 * The backend's database driver. The repo's own install compiled the same
 * better-sqlite3 for the same Node; reuse that binary when the versions
 * match, else compile it here.
 */
function buildBetterSqlite3() {
  const version = dir => {
    const file = join(dir, 'node_modules/better-sqlite3/package.json');
    return existsSync(file)
      ? JSON.parse(readFileSync(file, 'utf8')).version
      : undefined;
  };
  const binary =
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  if (
    version(repo) &&
    version(repo) === version(APP) &&
    existsSync(join(repo, binary))
  ) {
    console.log(
      `better-sqlite3 ${version(APP)}: the repo's build for this Node`,
    );
    mkdirSync(dirname(join(APP, binary)), { recursive: true });
    copyFileSync(join(repo, binary), join(APP, binary));
  } else {
    sh('yarn rebuild better-sqlite3', {
      env: { ...appEnv, YARN_ENABLE_SCRIPTS: 'true' },
    });
  }
}

function checkConfig() {
  const aws = docs.get('config-aws', 'yaml');
  const message = parseYaml(aws).sagemakerStudio.unmappedUserMessage;
  check(
    message.includes('#ml-platform'),
    `unmappedUserMessage reads whole: "${message}"`,
  );
  writeFileSync(join(APP, 'app-config.aws-example.yaml'), aws);
  // Validates the block against the config schema the backend package ships.
  sh(
    'yarn backstage-cli config:check --lax --config app-config.yaml --config app-config.aws-example.yaml',
  );
}

async function startStandIns() {
  const configOut = join(work, 'aws-local.yaml');
  // The docs' command, on free ports, writing the block it prints to a file.
  await startServer(
    'aws-local',
    `${docs.get(
      'aws-local-start',
      'sh',
    )} --port 0 --dynamodb-port 0 --config-out ${configOut}`,
    {
      cwd: repo,
      env: process.env,
      ready: text => text.includes('Ready.'),
      timeoutMs: 180_000,
    },
  );
  const printed = parseYaml(readFileSync(configOut, 'utf8'));
  const ports = {
    dynamoDb: new URL(printed.sagemakerStudio.mappings.endpoint).port,
    aws: new URL(printed.sagemakerStudio.aws.endpoints.sts).port,
  };
  const documented = withPorts(
    docs.get('aws-local-config', 'yaml'),
    ports.dynamoDb,
    ports.aws,
  );
  check(
    JSON.stringify(parseYaml(documented)) === JSON.stringify(printed),
    'the config block in packages/aws-local/README.md is what yarn aws-local prints',
  );
  writeFileSync(join(APP, 'app-config.local.yaml'), documented);
}

async function startPortal() {
  const [backendPort, appPort] = [await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${backendPort}`;
  const appUrl = `http://localhost:${appPort}`;
  writeFileSync(
    join(APP, 'app-config.install-test.yaml'),
    stringifyYaml({
      app: { baseUrl: appUrl },
      backend: {
        baseUrl,
        listen: { port: backendPort, host: '127.0.0.1' },
        cors: { origin: appUrl },
      },
    }),
  );
  const configs = [
    'app-config.yaml',
    'app-config.local.yaml',
    'app-config.install-test.yaml',
  ]
    .map(file => `--config ${join(APP, file)}`)
    .join(' ');
  const servers = [
    startServer('backend', `yarn workspace backend start ${configs}`, {
      cwd: APP,
      ready: async () =>
        (await fetch(`${baseUrl}/.backstage/health/v1/readiness`)).ok,
      timeoutMs: 300_000,
    }),
  ];
  if (!args['no-browser']) {
    servers.push(
      startServer('app', `yarn workspace app start ${configs}`, {
        cwd: APP,
        ready: async () => (await fetch(appUrl)).ok,
        timeoutMs: 300_000,
      }),
    );
  }
  await Promise.all(servers);
  return { baseUrl, appUrl };
}

async function launchAsGuest(baseUrl) {
  const refresh = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    method: 'POST',
  });
  check(refresh.ok, `guest sign-in (${refresh.status})`);
  const token = (await refresh.json()).backstageIdentity.token;
  const auth = { authorization: `Bearer ${token}` };

  const me = await fetch(`${baseUrl}/api/sagemaker-studio/me`, {
    headers: auth,
  });
  const body = await me.json();
  check(me.status === 200, `GET /me answers 200 (${me.status})`);
  check(
    body.userEntityRef === 'user:development/guest',
    `the user is ${body.userEntityRef}`,
  );
  check(
    body.memberships.some(
      m => m.lobId === 'lob-a' && m.userProfileName === 'guest',
    ),
    `the guest is in lob-a as profile guest: ${JSON.stringify(
      body.memberships,
    )}`,
  );

  const launch = await fetch(`${baseUrl}/api/sagemaker-studio/launch`, {
    headers: auth,
    redirect: 'manual',
  });
  const location = launch.headers.get('location') ?? '';
  check(launch.status === 302, `GET /launch answers 302 (${launch.status})`);
  check(
    launch.headers.get('cache-control') === 'no-store',
    'the redirect is not cached',
  );
  check(
    /^http:\/\/127\.0\.0\.1:\d+\/studio\/d-loba00000001\//.test(location),
    'it points at the stand-in Studio of lob-a',
  );

  const opened = await fetch(location, { redirect: 'manual' });
  check(
    opened.status === 302,
    `the presigned URL opens Studio (${opened.status})`,
  );
  const page = await fetch(new URL(opened.headers.get('location'), location), {
    headers: { cookie: opened.headers.get('set-cookie').split(';')[0] },
  });
  const html = await page.text();
  check(
    page.status === 200 &&
      html.includes('data-testid="studio-user-profile">guest<'),
    'Studio shows the profile guest',
  );
  const again = await fetch(location, { redirect: 'manual' });
  check(
    again.status === 403,
    `the URL opens only once (${again.status} the second time)`,
  );
}

/**
 * The new frontend system in Chromium, as the guest: the home page at `/`
 * with the card, the sidebar item, the click into Studio, the admin page.
 */
async function browseAsGuest(appUrl) {
  const { chromium } = await import('@playwright/test');
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath} (scripts/env.sh ensure_chromium installs Debian's)`,
    );
  }
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox'],
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
    });
    // A stock widget (Random Joke) fetches from the internet; where that
    // fails, the dev server's error overlay (an iframe, shown whenever the
    // error comes) would cover the page: keep it hidden.
    await context.addInitScript(() => {
      addEventListener('DOMContentLoaded', () => {
        const style = document.createElement('style');
        style.textContent =
          '#webpack-dev-server-client-overlay, body > iframe { display: none !important; }';
        document.head.append(style);
      });
    });
    const page = await context.newPage();
    // What the page itself says goes into the test's output (a failed click
    // is explained by an error here, or by the screenshot kept below).
    page.on('pageerror', error => console.log(`page error: ${error.message}`));
    page.on('console', message => {
      if (message.type() === 'error') console.log(`console: ${message.text()}`);
    });
    await page.goto(`${appUrl}/`, { timeout: 180_000 });
    await page
      .getByRole('button', { name: /enter/i })
      .click({ timeout: 180_000 });
    const open = page.getByRole('button', { name: 'Open Studio' });
    // The first page compile of the dev server takes a while.
    await open.waitFor({ timeout: 180_000 });
    check(
      new URL(page.url()).pathname === '/',
      'the home page with the card is the landing page',
    );
    check(
      await page.getByText('Line of business A').first().isVisible(),
      "the card shows the guest's LOB",
    );
    check(
      await page
        .locator('nav')
        .getByRole('link', { name: 'Studio', exact: true })
        .isVisible(),
      'the sidebar lists Studio',
    );
    const [studio] = await Promise.all([
      context.waitForEvent('page'),
      open.click({ timeout: 30_000 }),
    ]).catch(async error => {
      await page.screenshot({ path: join(work, 'open-studio-failed.png') });
      throw error;
    });
    const profile = studio.getByTestId('studio-user-profile');
    await profile.waitFor({ timeout: 30_000 });
    check(
      (await profile.innerText()) === 'guest',
      `Open Studio opens ${new URL(studio.url()).pathname} as guest`,
    );
    await page.goto(`${appUrl}/sagemaker-studio/admin`);
    await page
      .getByRole('heading', { name: 'Lines of business' })
      .waitFor({ timeout: 60_000 });
    // The memberships of the first LOB load after the LOBs.
    // The membership's row (the effective members list the guest too).
    const guestRow = page
      .getByRole('row', { name: /user:development\/guest/ })
      .filter({ has: page.getByRole('button', { name: /Edit membership/ }) });
    await guestRow.waitFor({ timeout: 60_000 });
    check(
      await guestRow.isVisible(),
      "the admin page lists the guest's membership",
    );
  } finally {
    await browser.close();
  }
}

async function main() {
  const started = Date.now();
  console.log(`Install test in ${work}`);
  let failed;
  try {
    await step(
      `Scaffold ${CREATE_APP} (new frontend system${
        args['no-legacy'] ? '' : ' and --legacy'
      })`,
      scaffold,
    );
    await step(
      'Pack and install the packages as the docs say',
      installPackages,
    );
    await step("Apply the docs' code and config edits", applyCodeEdits);
    await step('Build better-sqlite3', buildBetterSqlite3);
    await step('Type-check the app', () => sh('yarn tsc'));
    await step('Check the AWS config block', checkConfig);
    await step('Start the stand-ins (yarn aws-local)', startStandIns);
    const portal = await step(
      `Start the app's backend${args['no-browser'] ? '' : ' and frontend'}`,
      startPortal,
    );
    await step('Launch as the guest user (HTTP)', () =>
      launchAsGuest(portal.baseUrl),
    );
    if (!args['no-browser']) {
      await step('The app in Chromium as the guest user', () =>
        browseAsGuest(portal.appUrl),
      );
    }
  } catch (error) {
    failed = error;
  } finally {
    await stopChildren();
  }
  const minutes = ms => `${(ms / 60_000).toFixed(1)} min`;
  console.log('\nInstall test timings:');
  for (const [name, ms] of timings)
    console.log(`  ${minutes(ms).padStart(9)}  ${name}`);
  console.log(`  ${minutes(Date.now() - started).padStart(9)}  total`);
  if (failed) {
    console.error(
      `\nInstall test FAILED: ${failed.message}\nWork directory kept: ${work}`,
    );
    process.exit(1);
  }
  // The app tree is a whole node_modules: removed in the background, so that
  // the test command goes on meanwhile.
  if (!args.keep && !args.workdir)
    spawn('rm', ['-rf', work], { detached: true, stdio: 'ignore' }).unref();
  console.log('\nInstall test passed.');
}

await main();

#!/usr/bin/env node
// Local mode with the production build of the app, served by the backend's
// app plugin on http://localhost:7007 (app-config.served.yaml): pages load
// several times faster than from `yarn start`'s dev server, and the app runs
// as it does when deployed. The browser tests start the portal this way.
//
//   node scripts/start-served.mjs           builds the app, then starts the backend
//   PORTAL_APP_BUILT=1 node scripts/...     skips the build (the caller has just built it)
import { spawn, spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;

if (process.env.PORTAL_APP_BUILT !== '1') {
  const build = spawnSync('yarn', ['workspace', 'app', 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const backend = spawn(
  'yarn',
  [
    'workspace',
    'backend',
    'start',
    '--config',
    '../../app-config.yaml',
    '--config',
    '../../app-config.served.yaml',
  ],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => backend.kill(signal));
}
backend.on('exit', code => process.exit(code ?? 1));

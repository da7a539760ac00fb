import { defineConfig } from '@playwright/test';
import { APP_ORIGIN, BACKEND_ORIGIN, useDevServer } from './e2e/portalOrigin';

/**
 * Browser tests in Debian's Chromium against the portal in local mode: the
 * built app served by the backend (`yarn start:served`), or `yarn start`'s
 * dev server with E2E_DEV_SERVER=1 (e2e/portalOrigin.ts); the backend and
 * the AWS and sign-in stand-ins on 127.0.0.1. Playwright never downloads a
 * browser here.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: '.cache/e2e-results',
  globalSetup: './e2e/globalSetup.ts',
  use: {
    baseURL: APP_ORIGIN,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  webServer: {
    command: useDevServer ? 'yarn start' : 'yarn start:served',
    url: useDevServer
      ? APP_ORIGIN
      : `${BACKEND_ORIGIN}/.backstage/health/v1/readiness`,
    // The app's build (or the dev server's first compile) takes 40-100 s
    // on 2 cores.
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

import { defineConfig } from '@playwright/test';

/**
 * Browser tests in Debian's Chromium against the portal in local mode
 * (`yarn start`: app on :3000, backend and the AWS and sign-in stand-ins on
 * 127.0.0.1). Playwright never downloads a browser here.
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
    baseURL: 'http://localhost:3000',
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
    command: 'yarn start',
    url: 'http://localhost:3000',
    // The dev server's first compile takes 20-60 s on 2 cores.
    timeout: 300_000,
    reuseExistingServer: !process.env.CI,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});

import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { demoUsers, docsScreenshot, expectStudioOf, signIn } from './support';
import { APP_ORIGIN } from './portalOrigin';

/*
 * The data scientist's click path in real Chromium against the portal in
 * local mode: sign in through the OIDC flow, see the LOB on the card, click
 * "Open Studio", land on the (local) Studio of the right domain as the
 * right user.
 */

/** Clicks "Open Studio" and returns the Studio tab once it has loaded, and the presigned URL it used. */
async function openStudio(
  page: Page,
  context: BrowserContext,
  lobName: string,
) {
  const presignedUrls: string[] = [];
  context.on('request', request => {
    if (request.url().includes('/auth?token='))
      presignedUrls.push(request.url());
  });
  const studioPromise = context.waitForEvent('page');
  await page
    .getByRole('button', { name: `Open Studio for ${lobName} in a new tab` })
    .click();
  const studio = await studioPromise;
  await studio.waitForURL(/\/studio\/d-[a-z0-9]+\/(home|space)/);
  return { studio, presignedUrl: presignedUrls[0] };
}

test('user-lob-a opens the Studio of lob-a, and the used URL cannot be opened again', async ({
  page,
  context,
}) => {
  await signIn(page, demoUsers.userLobA);
  const card = page.getByLabel('Studio details for Line of business A');
  await expect(card).toContainText('d-loba00000001');
  await expect(card).toContainText('us-east-1');
  // The domain's name and status come with the profile check.
  await expect(card).toContainText(/Domain status\s*Ready/);
  await docsScreenshot(page, 'open-studio-card');

  // Which spaces run comes with the spaces (ListApps): the seeded JupyterLab
  // space's app is InService, the Code Editor space has none.
  await page.getByRole('combobox', { name: 'Open in' }).click();
  await expect(
    page.getByRole('option', { name: /user-lob-a-jupyterlab/ }),
  ).toContainText('Running');
  await expect(
    page.getByRole('option', { name: /user-lob-a-code-editor/ }),
  ).not.toContainText('Running');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox')).toBeHidden();

  const { studio, presignedUrl } = await openStudio(
    page,
    context,
    'Line of business A',
  );
  await expectStudioOf(studio, {
    domainId: 'd-loba00000001',
    userProfile: 'user-lob-a',
  });
  await expect(studio.getByTestId('studio-account')).toHaveText('111111111111');
  await docsScreenshot(studio, 'studio-landing');

  expect(presignedUrl).toContain('d-loba00000001');
  const again = await context.newPage();
  const response = await again.goto(presignedUrl);
  expect(response?.status()).toBe(403);
  await expect(again.getByText('Invalid or Expired Auth Token')).toBeVisible();
});

test('after signing out, user-lob-b signs in and opens the Studio of lob-b', async ({
  page,
  context,
}) => {
  await signIn(page, demoUsers.userLobA);
  await expect(
    page.getByLabel('Studio details for Line of business A'),
  ).toBeVisible();

  // Sign out from the settings page.
  await page.goto('/settings');
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Sign Out' }).click();
  await expect(
    page.getByRole('button', { name: 'Sign In' }).first(),
  ).toBeVisible();

  await signIn(page, demoUsers.userLobB);
  await expect(
    page.getByLabel('Studio details for Line of business B'),
  ).toContainText('d-lobb00000001');
  const { studio } = await openStudio(page, context, 'Line of business B');
  await expectStudioOf(studio, {
    domainId: 'd-lobb00000001',
    userProfile: 'user-lob-b',
  });
  await expect(studio.getByTestId('studio-region')).toHaveText('eu-west-1');
});

test('a user of both LOBs chooses one, and opens a space', async ({
  page,
  context,
}) => {
  await signIn(page, demoUsers.userLobAb);
  await page.getByRole('combobox', { name: 'Line of business' }).click();
  await page.getByRole('option', { name: /Line of business B/ }).click();
  await expect(
    page.getByLabel('Studio details for Line of business B'),
  ).toContainText('user-lob-ab-b');
  const { studio } = await openStudio(page, context, 'Line of business B');
  await expectStudioOf(studio, {
    domainId: 'd-lobb00000001',
    userProfile: 'user-lob-ab-b',
  });

  await page.getByRole('combobox', { name: 'Line of business' }).click();
  await page.getByRole('option', { name: /Line of business A/ }).click();
  await page.getByRole('combobox', { name: 'Open in' }).click();
  await page.getByRole('option', { name: /lob-a-shared/ }).click();
  const spaceTab = await openStudio(page, context, 'Line of business A');
  await expect(spaceTab.studio.getByTestId('studio-space')).toHaveText(
    'lob-a-shared',
  );
  await expect(spaceTab.studio.getByTestId('studio-user-profile')).toHaveText(
    'user-lob-ab',
  );
});

test('an unmapped user sees whom to ask', async ({ page }) => {
  await signIn(page, demoUsers.userUnmapped);
  await expect(
    page.getByText('You are not set up for SageMaker Studio yet'),
  ).toBeVisible();
  await expect(
    page.getByText('Ask the portal admins (group studio-admins) to add you.'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: /Open Studio/ })).toHaveCount(
    0,
  );
});

test('a user without a Studio profile is told before the click, and no tab opens', async ({
  page,
  context,
}) => {
  await signIn(page, demoUsers.userNoProfile);
  const tabs: Page[] = [];
  context.on('page', p => tabs.push(p));
  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'Your Studio user profile was not found' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(
    'your user profile user-no-profile does not exist in the Studio domain of Line of business B',
  );
  await expect(
    page.getByRole('button', {
      name: 'Open Studio for Line of business B in a new tab',
    }),
  ).toBeDisabled();
  await expect(page.getByText('You have no spaces yet')).toHaveCount(0);
  expect(tabs).toHaveLength(0);
});

/** Answers the card's POST /launch with a Backstage error, as the backend renders one. */
async function failLaunches(
  page: Page,
  status: number,
  name: string,
  message: string,
  correlationId: string,
) {
  await page.route('**/api/sagemaker-studio/launch', route =>
    route.request().method() === 'POST'
      ? route.fulfill({
          status,
          contentType: 'application/json',
          headers: {
            'x-correlation-id': correlationId,
            'access-control-expose-headers': 'x-correlation-id',
            'access-control-allow-origin': APP_ORIGIN,
            'access-control-allow-credentials': 'true',
          },
          body: JSON.stringify({
            error: { name, message, correlationId },
            response: { statusCode: status },
          }),
        })
      : route.continue(),
  );
}

test('a failed launch is explained in plain words in the card and in its tab, the correlation id in full and copyable', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: APP_ORIGIN,
  });
  await signIn(page, demoUsers.userLobA);
  const correlationId = '5f0c1e9a-7b7d-4c1e-9d3e-2a4b6c8d0e1f';
  await failLaunches(
    page,
    503,
    'AwsUnreachableError',
    "AWS could not be reached (creating the Studio URL for user-lob-a in d-loba00000001 of line of business 'lob-a'). Try again in a moment.",
    correlationId,
  );
  const tabPromise = context.waitForEvent('page');
  await page
    .getByRole('button', {
      name: 'Open Studio for Line of business A in a new tab',
    })
    .click();
  const tab = await tabPromise;

  const alert = page.getByRole('alert').filter({ hasText: 'Cannot reach AWS' });
  await expect(alert).toBeVisible();
  const id = alert.getByText(correlationId, { exact: true });
  await id.scrollIntoViewIfNeeded();
  // Fully visible: not cut off by the card's height or width.
  await expect(id).toBeInViewport({ ratio: 1 });
  await alert.getByRole('button', { name: 'Copy the correlation id' }).click();
  await expect(alert.getByText('Copied to the clipboard')).toBeAttached();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
    correlationId,
  );
  // The technical words wait behind the details toggle.
  await expect(alert.getByText(/AWS could not be reached/)).toBeHidden();
  await alert.getByText('Details for your portal administrators').click();
  await expect(alert.getByText(/AWS could not be reached/)).toBeVisible();

  // The tab the click opened stays, explaining the same, with the portal's look.
  await expect(
    tab.getByRole('heading', { level: 1, name: 'SageMaker Studio' }),
  ).toBeVisible();
  const inTab = tab.getByRole('alert');
  await expect(inTab).toContainText('Cannot reach AWS');
  await expect(inTab.getByText(correlationId, { exact: true })).toBeVisible();
  await expect(tab).toHaveTitle('SageMaker Studio could not open');
  expect(tab.isClosed()).toBe(false);
});

test('when pop-ups are blocked, Studio opens in the same tab through the portal, and a failure is explained there', async ({
  page,
}) => {
  await signIn(page, demoUsers.userLobA);
  // As a pop-up blocker does (after the sign-in, which needs its pop-up).
  await page.evaluate(() => {
    window.open = () => null;
  });
  const openButton = page.getByRole('button', {
    name: 'Open Studio for Line of business A in a new tab',
  });

  await failLaunches(
    page,
    403,
    'NotAllowedError',
    'You are not allowed to open SageMaker Studio from this portal.',
    'corr-blocked',
  );
  await openButton.click();
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: 'Your browser blocked the new tab' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Open Studio in this tab' }).click();
  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'You are not allowed to open this Studio' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('corr-blocked');
  await expect(page.getByText('"error"')).toHaveCount(0);

  await page.unroute('**/api/sagemaker-studio/launch');
  await openButton.click();
  await page.getByRole('button', { name: 'Open Studio in this tab' }).click();
  await page.waitForURL(/\/studio\/d-loba00000001\/home/);
  await expect(page.getByTestId('studio-user-profile')).toHaveText(
    'user-lob-a',
  );
});

test('an unknown user cannot sign in', async ({ page }) => {
  await page.goto('/');
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).first().click();
  const popup = await popupPromise;
  await popup.getByLabel('Username').fill('user-lob-a');
  await popup.getByLabel('Password').fill('wrong password');
  await popup.getByRole('button', { name: 'Sign in' }).click();
  await expect(popup.getByRole('alert')).toHaveText(
    'Incorrect username or password.',
  );
  await popup.close();
  await expect(
    page.getByRole('button', { name: 'Sign In' }).first(),
  ).toBeVisible();
});

import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { demoUsers, docsScreenshot, signIn } from './support';

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
  await docsScreenshot(page, 'open-studio-card');

  const { studio, presignedUrl } = await openStudio(
    page,
    context,
    'Line of business A',
  );
  await expect(studio.getByTestId('studio-domain-id')).toHaveText(
    'd-loba00000001',
  );
  await expect(studio.getByTestId('studio-user-profile')).toHaveText(
    'user-lob-a',
  );
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
  await expect(studio.getByTestId('studio-domain-id')).toHaveText(
    'd-lobb00000001',
  );
  await expect(studio.getByTestId('studio-user-profile')).toHaveText(
    'user-lob-b',
  );
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
  await expect(studio.getByTestId('studio-domain-id')).toHaveText(
    'd-lobb00000001',
  );
  await expect(studio.getByTestId('studio-user-profile')).toHaveText(
    'user-lob-ab-b',
  );

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

test('a user without a Studio profile is told which profile is missing', async ({
  page,
  context,
}) => {
  await signIn(page, demoUsers.userNoProfile);
  const tabs: Page[] = [];
  context.on('page', p => tabs.push(p));
  await page
    .getByRole('button', {
      name: 'Open Studio for Line of business B in a new tab',
    })
    .click();
  await expect(
    page.getByText('Your Studio user profile was not found'),
  ).toBeVisible();
  await expect(
    page.getByText(/profile 'user-no-profile' in domain d-lobb00000001/),
  ).toBeVisible();
  // The blank tab opened for the launch is closed again.
  await expect.poll(() => tabs.every(t => t.isClosed())).toBe(true);
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

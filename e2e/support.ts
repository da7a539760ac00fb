import { expect, type Page } from '@playwright/test';

/** Demo users of seed/demo.yaml with their local-mode passwords. */
export const demoUsers = {
  userLobA: { username: 'user-lob-a', password: 'UserLobA1!' },
  userLobB: { username: 'user-lob-b', password: 'UserLobB1!' },
  userLobAb: { username: 'user-lob-ab', password: 'UserLobAb1!' },
  userNoProfile: { username: 'user-no-profile', password: 'UserNoProfile1!' },
  userUnmapped: { username: 'user-unmapped', password: 'UserUnmapped1!' },
  userNew: { username: 'user-new', password: 'UserNew1!' },
  studioAdmin: { username: 'studio-admin', password: 'StudioAdmin1!' },
} as const;

/**
 * Signs in through the portal's sign-in page: the "Company sign-in" popup
 * goes to the OIDC provider (the local Cognito stand-in), whose form takes
 * the username and password, and comes back to Backstage.
 */
export async function signIn(
  page: Page,
  user: { username: string; password: string },
) {
  await page.goto('/');
  const popupPromise = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Sign In' }).first().click();
  const popup = await popupPromise;
  await popup.getByLabel('Username').fill(user.username);
  await popup.getByLabel('Password').fill(user.password);
  await Promise.all([
    popup.waitForEvent('close', { timeout: 30_000 }),
    popup.getByRole('button', { name: 'Sign in' }).click(),
  ]);
  // Signed in: the sign-in page gives way to the portal.
  await expect(page.getByRole('button', { name: 'Sign In' })).toHaveCount(0);
  await expect(
    page.getByRole('navigation', { name: 'sidebar nav' }),
  ).toBeAttached();
}

/**
 * The docs' screenshots (docs/screenshots/), written only on request
 * (`UPDATE_SCREENSHOTS=1 yarn test:e2e`), so a test run leaves the work tree
 * as it was.
 */
export async function docsScreenshot(page: Page, name: string) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: `docs/screenshots/${name}.png` });
}

/**
 * The local Studio page shows the domain and user profile the presigned URL
 * was made for: the proof that the launch reached the right Studio.
 */
export async function expectStudioOf(
  studio: Page,
  expected: { domainId: string; userProfile: string },
) {
  await expect(studio.getByTestId('studio-domain-id')).toHaveText(
    expected.domainId,
  );
  await expect(studio.getByTestId('studio-user-profile')).toHaveText(
    expected.userProfile,
  );
}

import { expect, test, type Page } from '@playwright/test';
import { demoUsers, expectStudioOf, signIn } from './support';

/*
 * The admin page in real Chromium against the portal in local mode: an admin
 * adds a LOB and a membership through the UI, the new member opens Studio in
 * it at once, a non-admin gets neither the link nor the page. Everything
 * created is removed again so that the other browser tests see the seed.
 */

const lobId = `lob-e2e-${Date.now().toString(36)}${Math.floor(
  Math.random() * 1e4,
)}`;
const displayName = `E2E ${lobId}`;
const member = 'user:default/user-unmapped';

async function openAdminPage(page: Page) {
  await page.goto('/sagemaker-studio');
  await page
    .getByRole('link', { name: 'Administer lines of business' })
    .click();
  await expect(page).toHaveURL(/\/sagemaker-studio\/admin$/);
  await expect(
    page.getByRole('table', { name: 'Lines of business' }),
  ).toBeVisible();
}

/** Removes what this run created, whatever state the test left it in. */
async function cleanUp(page: Page) {
  await page.goto('/sagemaker-studio/admin');
  const lobRow = page.getByRole('button', { name: `Delete ${lobId}` });
  await expect(
    page.getByRole('table', { name: 'Lines of business' }),
  ).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Delete lob-a' }),
  ).toBeVisible();
  if ((await lobRow.count()) === 0) return;
  await page.getByRole('button', { name: `Show members of ${lobId}` }).click();
  await expect(
    page.getByRole('table', { name: `Memberships of ${lobId}` }),
  ).toBeVisible();
  const removeMember = page.getByRole('button', { name: `Remove ${member}` });
  await expect(
    removeMember.or(page.getByText(`${lobId} has no members yet.`)),
  ).toBeVisible();
  if ((await removeMember.count()) > 0) {
    await removeMember.click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Remove' })
      .click();
    await expect(
      page.getByText(`Removed ${member} from ${lobId}.`),
    ).toBeVisible();
  }
  await lobRow.click();
  const dialog = page.getByRole('dialog', {
    name: `Delete line of business ${lobId}?`,
  });
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(
    page.getByText(`Deleted line of business ${lobId}.`),
  ).toBeVisible();
  await expect(
    page.getByRole('button', { name: `Delete ${lobId}` }),
  ).toHaveCount(0);
}

test('an admin adds a LOB and a member, who then opens Studio in it', async ({
  page,
  browser,
}) => {
  await signIn(page, demoUsers.studioAdmin);
  try {
    await openAdminPage(page);

    await page.getByRole('button', { name: 'Add line of business' }).click();
    const lobDialog = page.getByRole('dialog', {
      name: 'Add a line of business',
    });
    await lobDialog.getByLabel('LOB id').fill(lobId);
    await lobDialog.getByLabel('Display name').fill(displayName);
    // A domain no other LOB maps (one domain belongs to one LOB).
    await lobDialog.getByLabel('AWS account id').fill('333333333333');
    await lobDialog
      .getByLabel('Region', { exact: false })
      .first()
      .fill('us-east-1');
    await lobDialog.getByLabel('Studio domain id').fill('d-spare0000001');
    await lobDialog.getByRole('button', { name: 'Add' }).click();
    await expect(
      page.getByText(`Saved line of business ${lobId}.`),
    ).toBeVisible();
    await expect(lobDialog).toHaveCount(0);

    await page
      .getByRole('button', { name: `Show members of ${lobId}` })
      .click();
    await expect(
      page.getByRole('table', { name: `Memberships of ${lobId}` }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Add member' }).click();
    const memberDialog = page.getByRole('dialog', {
      name: `Add a member to ${lobId}`,
    });
    await memberDialog
      .getByRole('combobox', { name: /User or group/ })
      .fill(member);
    await memberDialog
      .getByLabel('Studio user profile (optional)')
      .fill('guest-c');
    await memberDialog.getByRole('button', { name: 'Add' }).click();
    await expect(
      page.getByText(`Saved membership of ${member} in ${lobId}.`),
    ).toBeVisible();
    await expect(
      page
        .getByRole('table', { name: `Memberships of ${lobId}` })
        .getByRole('link', { name: 'user-unmapped', exact: true }),
    ).toBeVisible();

    // The new member, in a browser context of their own.
    const memberContext = await browser.newContext();
    try {
      const memberPage = await memberContext.newPage();
      await signIn(memberPage, demoUsers.userUnmapped);
      const card = memberPage.getByLabel(`Studio details for ${displayName}`);
      await expect(card).toContainText('d-spare0000001', { timeout: 60_000 });
      await expect(card).toContainText('guest-c');
      const studioPromise = memberContext.waitForEvent('page');
      await memberPage
        .getByRole('button', {
          name: `Open Studio for ${displayName} in a new tab`,
        })
        .click();
      const studio = await studioPromise;
      await studio.waitForURL(/\/studio\/d-[a-z0-9]+\/(home|space)/, {
        timeout: 60_000,
      });
      await expectStudioOf(studio, {
        domainId: 'd-spare0000001',
        userProfile: 'guest-c',
      });
    } finally {
      await memberContext.close();
    }
  } finally {
    await cleanUp(page);
  }
});

test('a non-admin finds no admin link and is not allowed on the admin page', async ({
  page,
}) => {
  await signIn(page, demoUsers.userLobA);
  await page.goto('/sagemaker-studio');
  await expect(
    page.getByLabel('Studio details for Line of business A'),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('link', { name: 'Administer lines of business' }),
  ).toHaveCount(0);

  await page.goto('/sagemaker-studio/admin');
  await expect(
    page.getByText('You are not allowed to administer SageMaker Studio'),
  ).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByRole('table')).toHaveCount(0);
  await expect(
    page.getByRole('button', {
      name: /Add line of business|Import|Edit|Delete/,
    }),
  ).toHaveCount(0);
});

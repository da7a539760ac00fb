import { expect, test, type Page } from '@playwright/test';
import { demoUsers, docsScreenshot, expectStudioOf, signIn } from './support';

/*
 * Team access in real Chromium against the portal in local mode: the admin
 * grants lob-a to the catalog group data-scientists; user-new (in that
 * group, no membership of their own, no Studio profile anywhere) signs in,
 * sees through which group they are in, clicks once, watches the portal
 * create their profile (the stand-in keeps it Pending for a few seconds)
 * and lands in lob-a's Studio as user-new. The admin removes the group's
 * membership, and user-new is refused with the unmapped message within the
 * documented cache time (local mode: groups.cacheTtlSeconds 5 s; the
 * removal itself invalidates the mapping cache at once).
 */

const group = 'group:default/data-scientists';
const lobName = 'Line of business A';

async function showMembersOfLobA(page: Page) {
  await page.goto('/sagemaker-studio/admin');
  await page.getByRole('button', { name: 'Show members of lob-a' }).click();
  await expect(
    page.getByRole('table', { name: 'Memberships of lob-a' }),
  ).toBeVisible({ timeout: 60_000 });
}

/** Removes the group's membership of lob-a if it is there. */
async function removeGroup(page: Page) {
  await showMembersOfLobA(page);
  const remove = page.getByRole('button', { name: `Remove ${group}` });
  await expect(
    page
      .getByRole('table', { name: 'Memberships of lob-a' })
      .getByRole('link', { name: 'user-lob-a', exact: true }),
  ).toBeVisible();
  if ((await remove.count()) === 0) return;
  await remove.click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: 'Remove' })
    .click();
  await expect(page.getByText(`Removed ${group} from lob-a.`)).toBeVisible();
}

test('a group grant lets user-new open lob-a, creating their profile at the first click; removing it ends access', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  await signIn(page, demoUsers.studioAdmin);
  try {
    await showMembersOfLobA(page);
    await page.getByRole('button', { name: 'Add member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a member to lob-a' });
    // The entity picker searches the catalog (users and groups).
    await dialog
      .getByRole('combobox', { name: /User or group/ })
      .fill('data-sci');
    await page
      .getByRole('option', { name: new RegExp(`\\(${group}\\)`) })
      .click();
    await expect(
      dialog.getByLabel('Studio user profile (optional)'),
    ).toBeDisabled();
    await dialog.getByRole('button', { name: 'Add' }).click();
    await expect(
      page.getByText(`Saved membership of ${group} in lob-a.`),
    ).toBeVisible();
    const effective = page.getByRole('table', {
      name: 'Effective members of lob-a',
    });
    // Members and groups are catalog links, named without the default kind and namespace.
    await expect(
      effective.getByRole('row', { name: /user-new/ }),
    ).toContainText('data-scientists');

    const memberContext = await browser.newContext();
    try {
      const memberPage = await memberContext.newPage();
      await signIn(memberPage, demoUsers.userNew);
      await memberPage.goto('/sagemaker-studio');
      const card = memberPage.getByLabel(`Studio details for ${lobName}`);
      await expect(card).toContainText('d-loba00000001', { timeout: 60_000 });
      await expect(card).toContainText('user-new');
      await expect(card).toContainText('through group data-scientists');

      const studioPromise = memberContext.waitForEvent('page');
      await memberPage
        .getByRole('button', {
          name: `Open Studio for ${lobName} in a new tab`,
        })
        .click();
      // First launch only: the portal creates the profile and says so.
      await expect(
        memberPage.getByText(
          'Creating your Studio profile — first launch only',
        ),
      ).toBeVisible();
      await expect(
        memberPage.getByRole('progressbar', {
          name: 'Creating Studio user profile user-new',
        }),
      ).toBeVisible();
      await docsScreenshot(memberPage, 'first-launch-progress');
      const studio = await studioPromise;
      await studio.waitForURL(/\/studio\/d-[a-z0-9]+\/(home|space)/, {
        timeout: 90_000,
      });
      await expectStudioOf(studio, {
        domainId: 'd-loba00000001',
        userProfile: 'user-new',
      });
      await expect(
        memberPage.getByText('Studio opened in a new tab.'),
      ).toBeVisible();

      // The admin sees the profile the portal created.
      await showMembersOfLobA(page);
      await expect(
        page
          .getByRole('table', {
            name: 'Studio profiles the portal created in lob-a',
          })
          .getByRole('row', { name: /user-new/ }),
      ).toContainText('data-scientists');

      await removeGroup(page);
      // Refused within the documented time: the page asks again until then.
      await expect(async () => {
        await memberPage.goto('/sagemaker-studio');
        await expect(
          memberPage.getByText(
            'You are not mapped to a line of business with a SageMaker Studio domain yet.',
            { exact: false },
          ),
        ).toBeVisible({ timeout: 10_000 });
      }).toPass({ timeout: 60_000 });
      await expect(
        memberPage.getByRole('button', { name: /Open Studio for/ }),
      ).toHaveCount(0);
    } finally {
      await memberContext.close();
    }
  } finally {
    await removeGroup(page);
  }
});

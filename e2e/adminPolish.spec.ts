import { expect, test, type Page } from '@playwright/test';
import { demoUsers, signIn } from './support';

/*
 * The admin page's feedback and tables in real Chromium against the portal
 * in local mode (the seed's lob-a and lob-b): a save says what the check
 * found, the search runs on the server, members are catalog links, the
 * import dry run lists what would change. Nothing here writes to the
 * tables except saving lob-a unchanged (its version goes up).
 */

async function openAdminPage(page: Page) {
  await signIn(page, demoUsers.studioAdmin);
  await page.goto('/sagemaker-studio/admin');
  await expect(
    page.getByRole('button', { name: 'Delete lob-a' }),
  ).toBeVisible();
}

test('saving a LOB says whether Studio access works', async ({ page }) => {
  await openAdminPage(page);
  await page.getByRole('button', { name: 'Edit lob-a' }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Edit line of business lob-a',
  });
  const check = page.waitForRequest(
    r => r.method() === 'POST' && r.url().endsWith('/lobs/lob-a/check'),
  );
  await dialog.getByRole('button', { name: 'Save' }).click();
  await check;
  await expect(
    page.getByText('Saved line of business lob-a. Studio access works.'),
  ).toBeVisible();
});

test('the LOB search asks the server, and members link to the catalog', async ({
  page,
}) => {
  await openAdminPage(page);
  const lobs = page.getByRole('table', { name: 'Lines of business' });
  const searched = page.waitForRequest(r =>
    /\/api\/sagemaker-studio\/lobs\?.*q=business\+B/.test(r.url()),
  );
  await page
    .getByRole('searchbox', { name: 'Search lines of business' })
    .fill('business B');
  await searched;
  await expect(
    lobs.getByRole('cell', { name: 'lob-b', exact: true }),
  ).toBeVisible();
  await expect(
    lobs.getByRole('cell', { name: 'lob-a', exact: true }),
  ).toHaveCount(0);

  await page.getByRole('button', { name: 'Show members of lob-b' }).click();
  const members = page.getByRole('table', { name: 'Memberships of lob-b' });
  const link = members.getByRole('link', { name: /user-lob-b/ }).first();
  await expect(link).toHaveAttribute(
    'href',
    /\/catalog\/default\/user\/user-lob-b$/,
  );

  const memberSearch = page.waitForRequest(r =>
    /\/memberships\?.*lobId=lob-b.*q=no-profile/.test(r.url()),
  );
  await page
    .getByRole('searchbox', { name: 'Search members' })
    .fill('no-profile');
  await memberSearch;
  await expect(members.getByRole('link', { name: /user-lob-b/ })).toHaveCount(
    0,
  );
  await expect(members.getByRole('link', { name: /no-profile/ })).toBeVisible();
});

test('on a phone, ids and headers stay whole', async ({ page }) => {
  // Signed in at the desktop size (the phone layout has no sidebar nav).
  await openAdminPage(page);
  await page.setViewportSize({ width: 390, height: 844 });
  const table = page.getByRole('table', { name: 'Lines of business' });
  for (const text of ['111111111111', 'd-loba00000001', 'Account']) {
    const cell = table.getByText(text, { exact: true }).first();
    await cell.scrollIntoViewIfNeeded();
    // One line of text: the lines its text occupies, not the row's height.
    const lines = await cell.evaluate(el => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map(r => Math.round(r.top)))
        .size;
    });
    expect(lines).toBe(1);
  }
});

test('the import dry run lists what would change, from a real upload button', async ({
  page,
}) => {
  await openAdminPage(page);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import mappings' });
  // The upload control is a button (no label with a button role).
  await expect(
    dialog.locator('button', { hasText: 'Upload a file' }),
  ).toBeVisible();
  await expect(dialog.locator('label[role]')).toHaveCount(0);

  await dialog.getByLabel('Format').click();
  await page.getByRole('option', { name: 'YAML' }).click();
  await dialog
    .getByRole('textbox', { name: 'Content' })
    .fill(
      [
        'lobs:',
        '  - lobId: lob-b',
        '    displayName: Line of business B, renamed',
        "    accountId: '222222222222'",
        '    region: eu-west-1',
        '    domainId: d-lobb00000001',
        'memberships: []',
      ].join('\n'),
    );
  await dialog.getByRole('button', { name: 'Dry run' }).click();
  const status = dialog.getByRole('status');
  await expect(status).toContainText('nothing was written yet');
  await expect(
    status.getByRole('list', { name: 'Lines of business changed' }),
  ).toContainText(
    'Display name: Line of business B → Line of business B, renamed',
  );
  await expect(status).toContainText('not in the file (kept)');
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Nothing was written.
  await expect(
    page
      .getByRole('table', { name: 'Lines of business' })
      .getByRole('cell', { name: 'Line of business B', exact: true }),
  ).toBeVisible();
});

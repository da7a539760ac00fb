import AxeBuilder from '@axe-core/playwright';
import {
  expect,
  test,
  type Browser,
  type Locator,
  type Page,
} from '@playwright/test';
import { demoUsers, signIn } from './support';

/*
 * Accessibility of the card, the plugin page, the admin page and its
 * dialogs in real Chromium (axe), and the main paths with the keyboard only.
 * axe: nothing serious or critical anywhere on the page, and nothing at all
 * inside the plugin's own parts. One browser context per user, reused.
 */

/** The plugin's own parts: the card, the pages' content, open dialogs. */
const CARD = '[data-sagemaker-studio="card"]';
const PAGE_CONTENT = 'main article';
const DIALOG = '[role="dialog"]';

type Violation = Awaited<
  ReturnType<AxeBuilder['analyze']>
>['violations'][number];

const describeViolations = (violations: Violation[]) =>
  violations.map(
    v =>
      `${v.id} (${v.impact}): ${v.help}; ${v.nodes
        .slice(0, 3)
        .map(n => n.target.join(' '))
        .join(' | ')}`,
  );

/**
 * Known findings in components the plugin uses but does not draw itself,
 * each with its reason; nothing else is let through.
 */
const KNOWN = {
  // Backstage's EmptyState renders its title as an h5 below the card's title.
  emptyStateHeading: 'heading-order',
};

/** Runs axe on the whole page and on the plugin's parts of it. */
async function expectAccessible(
  page: Page,
  what: string,
  ownParts: string[],
  options: { disableRules?: string[] } = {},
) {
  const builder = () => {
    let axe = new AxeBuilder({ page });
    if (options.disableRules) axe = axe.disableRules(options.disableRules);
    return axe;
  };
  const whole = await builder().analyze();
  expect(
    describeViolations(
      whole.violations.filter(
        v => v.impact === 'serious' || v.impact === 'critical',
      ),
    ),
    `${what}: serious or critical violations on the page`,
  ).toEqual([]);
  const scoped = ownParts.reduce((axe, part) => axe.include(part), builder());
  const own = await scoped.analyze();
  expect(
    describeViolations(own.violations),
    `${what}: violations in the plugin's own parts`,
  ).toEqual([]);
}

async function signedIn(
  browser: Browser,
  user: { username: string; password: string },
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, user);
  return { context, page };
}

/** The card has settled: no loading line, the space list (if any) loaded. */
async function cardSettled(page: Page) {
  const card = page.locator(CARD).first();
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card.getByText(/Loading your/)).toHaveCount(0, {
    timeout: 60_000,
  });
  return card;
}

test.describe('axe', () => {
  test('the card with spaces, its space list, and the plugin page', async ({
    browser,
  }) => {
    const { context, page } = await signedIn(browser, demoUsers.userLobA);
    try {
      const card = await cardSettled(page);
      await expect(
        card.getByLabel('Studio details for Line of business A'),
      ).toContainText('Ready');
      await expectAccessible(page, 'card with spaces', [CARD]);
      await page.getByRole('combobox', { name: 'Open in' }).click();
      await expect(
        page.getByRole('option', { name: /user-lob-a-jupyterlab/ }),
      ).toBeVisible();
      await expectAccessible(page, 'space list open', [
        CARD,
        '[role="listbox"]',
      ]);
      await page.keyboard.press('Escape');

      await page.goto('/sagemaker-studio');
      await expect(
        page.getByRole('heading', { level: 1, name: 'SageMaker Studio' }),
      ).toBeVisible();
      await cardSettled(page);
      await expectAccessible(page, 'plugin page', [PAGE_CONTENT]);
    } finally {
      await context.close();
    }
  });

  for (const [state, user, marker] of [
    [
      'no profile',
      demoUsers.userNoProfile,
      'Your Studio user profile was not found',
    ],
    [
      'unmapped',
      demoUsers.userUnmapped,
      'You are not set up for SageMaker Studio yet',
    ],
    ['several LOBs', demoUsers.userLobAb, 'Line of business A'],
  ] as const) {
    test(`the card: ${state}`, async ({ browser }) => {
      const { context, page } = await signedIn(browser, user);
      try {
        const card = await cardSettled(page);
        await expect(card.getByText(marker).first()).toBeVisible();
        await expectAccessible(page, `card: ${state}`, [CARD], {
          disableRules:
            state === 'unmapped' ? [KNOWN.emptyStateHeading] : undefined,
        });
      } finally {
        await context.close();
      }
    });
  }

  test('the admin page and each of its dialogs', async ({ browser }) => {
    // Eight dialogs, each checked twice: slow on a loaded 2-core machine.
    test.setTimeout(240_000);
    const { context, page } = await signedIn(browser, demoUsers.studioAdmin);
    try {
      await page.goto('/sagemaker-studio/admin');
      await expect(
        page.getByRole('table', { name: 'Lines of business' }),
      ).toBeVisible({ timeout: 60_000 });
      await expect(
        page.getByRole('button', {
          name: 'Remove user:default/user-lob-a',
          exact: true,
        }),
      ).toBeVisible();
      await expectAccessible(page, 'admin page', [PAGE_CONTENT]);

      const dialogs: Array<[string, Locator, string]> = [
        [
          'add LOB',
          page.getByRole('button', { name: 'Add line of business' }),
          'Cancel',
        ],
        [
          'edit LOB',
          page.getByRole('button', { name: 'Edit lob-a' }),
          'Cancel',
        ],
        [
          'check LOB',
          page.getByRole('button', { name: 'Check lob-a' }),
          'Close',
        ],
        [
          'delete LOB',
          page.getByRole('button', { name: 'Delete lob-a' }),
          'Cancel',
        ],
        [
          'add member',
          page.getByRole('button', { name: 'Add member' }),
          'Cancel',
        ],
        [
          'edit member',
          page.getByRole('button', {
            name: 'Edit membership of user:default/user-lob-a',
            exact: true,
          }),
          'Cancel',
        ],
        [
          'remove member',
          page.getByRole('button', {
            name: 'Remove user:default/user-lob-a',
            exact: true,
          }),
          'Cancel',
        ],
        ['import', page.getByRole('button', { name: 'Import…' }), 'Close'],
      ];
      for (const [name, opener, closer] of dialogs) {
        await opener.click();
        const dialog = page.getByRole('dialog');
        await expect(dialog).toBeVisible();
        if (name === 'check LOB') {
          await expect(dialog.getByRole('progressbar')).toHaveCount(0, {
            timeout: 30_000,
          });
        }
        await expectAccessible(page, `dialog: ${name}`, [DIALOG]);
        await dialog.getByRole('button', { name: closer, exact: true }).click();
        await expect(dialog).toHaveCount(0);
      }
    } finally {
      await context.close();
    }
  });
});

/** Presses Tab until `target` has the focus (at most `max` times). */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate(el => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

/** The focused element shows where it is: an outline or a focus ring. */
async function expectFocusVisible(page: Page) {
  const focus = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return undefined;
    const style = getComputedStyle(el);
    return {
      what: `${el.tagName} ${el.getAttribute('aria-label') ?? el.textContent}`,
      outline:
        style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
      ring: style.boxShadow !== 'none',
    };
  });
  expect(focus, 'something has the focus').toBeDefined();
  expect(
    focus!.outline || focus!.ring,
    `focus is visible on ${focus!.what}`,
  ).toBe(true);
}

test.describe('keyboard only', () => {
  test('choose a LOB and a space and open Studio', async ({ browser }) => {
    const { context, page } = await signedIn(browser, demoUsers.userLobAb);
    try {
      await cardSettled(page);
      const lob = page.getByRole('combobox', { name: 'Line of business' });
      await tabTo(page, lob);
      await expectFocusVisible(page);
      await page.keyboard.press('ArrowDown');
      await expect(page.getByRole('listbox')).toBeVisible();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('listbox')).toHaveCount(0);
      await expect(
        page.getByLabel('Studio details for Line of business B'),
      ).toBeVisible();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      await expect(
        page.getByLabel('Studio details for Line of business A'),
      ).toBeVisible();

      const space = page.getByRole('combobox', { name: 'Open in' });
      await expect(space).toBeEnabled();
      await tabTo(page, space);
      await expectFocusVisible(page);
      await page.keyboard.press('Enter');
      const shared = page.getByRole('option', { name: /lob-a-shared/ });
      await expect(shared).toBeVisible();
      // Studio home is selected; the shared space is the first after it.
      for (let i = 0; i < 5; i++) {
        if (await shared.evaluate(el => el === document.activeElement)) break;
        await page.keyboard.press('ArrowDown');
      }
      await page.keyboard.press('Enter');
      await expect(space).toContainText('lob-a-shared');

      const open = page.getByRole('button', {
        name: 'Open Studio for Line of business A in a new tab',
      });
      await tabTo(page, open);
      await expectFocusVisible(page);
      const studioPromise = context.waitForEvent('page');
      await page.keyboard.press('Enter');
      const studio = await studioPromise;
      await studio.waitForURL(/\/studio\/d-[a-z0-9]+\/space/);
      await expect(studio.getByTestId('studio-space')).toHaveText(
        'lob-a-shared',
      );
    } finally {
      await context.close();
    }
  });

  test('add a LOB, and leave a dialog with Escape', async ({ browser }) => {
    const lobId = `lob-kbd-${Date.now().toString(36)}`;
    const { context, page } = await signedIn(browser, demoUsers.studioAdmin);
    try {
      await page.goto('/sagemaker-studio');
      const adminLink = page.getByRole('link', {
        name: 'Administer lines of business',
      });
      await expect(adminLink).toBeVisible({ timeout: 60_000 });
      await tabTo(page, adminLink, 80);
      await expectFocusVisible(page);
      await page.keyboard.press('Enter');
      await expect(page).toHaveURL(/\/sagemaker-studio\/admin$/);
      await expect(
        page.getByRole('table', { name: 'Lines of business' }),
      ).toBeVisible({ timeout: 60_000 });

      const add = page.getByRole('button', { name: 'Add line of business' });
      await tabTo(page, add);
      await expectFocusVisible(page);
      await page.keyboard.press('Enter');
      let dialog = page.getByRole('dialog', { name: 'Add a line of business' });
      await expect(dialog).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);

      await tabTo(page, add);
      await page.keyboard.press('Enter');
      dialog = page.getByRole('dialog', { name: 'Add a line of business' });
      await expect(dialog).toBeVisible();
      for (const [label, value] of [
        ['LOB id', lobId],
        ['Display name', `Keyboard ${lobId}`],
        ['AWS account id', '333333333333'],
        ['Region', 'us-east-1'],
        ['Studio domain id', 'd-spare0000001'],
      ]) {
        await tabTo(page, dialog.getByRole('textbox', { name: label }), 20);
        await expectFocusVisible(page);
        await page.keyboard.type(value);
      }
      await tabTo(page, dialog.getByRole('button', { name: 'Add' }), 20);
      await expectFocusVisible(page);
      await page.keyboard.press('Enter');
      await expect(
        page.getByText(`Saved line of business ${lobId}.`),
      ).toBeVisible();
      await expect(dialog).toHaveCount(0);
    } finally {
      await removeLob(page, lobId);
      await context.close();
    }
  });
});

/** Deletes the LOB the keyboard test added, whatever state it left. */
async function removeLob(page: Page, lobId: string) {
  await page.goto('/sagemaker-studio/admin');
  await expect(page.getByRole('button', { name: 'Delete lob-a' })).toBeVisible({
    timeout: 60_000,
  });
  const remove = page.getByRole('button', { name: `Delete ${lobId}` });
  if ((await remove.count()) === 0) return;
  await remove.click();
  await page
    .getByRole('dialog', { name: `Delete line of business ${lobId}?` })
    .getByRole('button', { name: 'Delete' })
    .click();
  await expect(
    page.getByText(`Deleted line of business ${lobId}.`),
  ).toBeVisible();
}

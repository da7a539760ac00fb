import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SEARCH_MAX_LENGTH } from '@studio-portal/plugin-sagemaker-studio-common';
import {
  fakeAdminApi,
  lob,
  member,
  noChanges,
  renderAdminPage,
} from '../../__testUtils__/adminFixtures';

describe('admin tables', () => {
  it('searches the LOBs on the server once typing pauses, from the first page', async () => {
    const api = fakeAdminApi({
      listLobs: async ({ q } = {}) => ({
        items: q ? [lob('lob-b')] : [lob('lob-a'), lob('lob-b')],
      }),
    });
    renderAdminPage(api);
    const table = await screen.findByRole('table', {
      name: 'Lines of business',
    });
    await within(table).findByText('lob-a');
    const user = userEvent.setup({ delay: null });
    const box = screen.getByRole('searchbox', {
      name: 'Search lines of business',
    });
    await user.type(box, '  D-LOBB ');
    // One request for the whole word, not one per key.
    await waitFor(() =>
      expect(api.listLobs).toHaveBeenLastCalledWith({
        cursor: undefined,
        limit: 25,
        q: 'D-LOBB',
      }),
    );
    expect(api.listLobs).toHaveBeenCalledTimes(2);
    await waitFor(() =>
      expect(within(table).queryByText('lob-a')).not.toBeInTheDocument(),
    );
    expect(within(table).getByText('lob-b')).toBeInTheDocument();
    expect(box).toHaveAttribute('maxLength', String(SEARCH_MAX_LENGTH));

    await user.clear(box);
    await waitFor(() =>
      expect(api.listLobs).toHaveBeenLastCalledWith({
        cursor: undefined,
        limit: 25,
        q: undefined,
      }),
    );
  });

  it('says when no LOB matches the search', async () => {
    const api = fakeAdminApi({
      listLobs: async ({ q } = {}) => ({ items: q ? [] : [lob('lob-a')] }),
    });
    renderAdminPage(api);
    await screen.findByRole('button', { name: 'Edit lob-a' });
    const user = userEvent.setup({ delay: null });
    await user.type(
      screen.getByRole('searchbox', { name: 'Search lines of business' }),
      'nothing{Enter}',
    );
    expect(
      await screen.findByText("No LOB matches 'nothing'."),
    ).toBeInTheDocument();
  });

  it("searches a LOB's members on the server, and links members to their catalog page", async () => {
    const api = fakeAdminApi({
      listMemberships: async ({ lobId, q }) => ({
        items: [
          member(lobId!, 'user:default/jane', {
            updatedBy: 'user:default/studio-admin',
          }),
          ...(q
            ? []
            : [
                member(lobId!, 'group:default/data-scientists', {
                  // Written by the seed loader: not an entity ref.
                  updatedBy: 'seed',
                }),
              ]),
        ],
      }),
    });
    renderAdminPage(api);
    const members = await screen.findByRole('table', {
      name: 'Memberships of lob-a',
    });
    const group = await within(members).findByRole('link', {
      name: /data-scientists/,
    });
    expect(group).toHaveAttribute(
      'href',
      '/catalog/default/group/data-scientists',
    );
    const jane = within(members).getByRole('link', { name: /jane/ });
    expect(jane).toHaveAttribute('href', '/catalog/default/user/jane');
    expect(
      within(members).getByRole('link', { name: /studio-admin/ }),
    ).toHaveAttribute('href', '/catalog/default/user/studio-admin');
    // The default namespace and kind are not repeated as raw refs.
    expect(members).not.toHaveTextContent('user:default/');
    // A writer that is no entity ref is plain text.
    const seedRow = group.closest('tr')!;
    expect(seedRow).toHaveTextContent('seed');
    expect(within(seedRow).getAllByRole('link')).toHaveLength(1);

    const user = userEvent.setup({ delay: null });
    await user.type(
      screen.getByRole('searchbox', { name: 'Search members' }),
      'jan',
    );
    await waitFor(() =>
      expect(api.listMemberships).toHaveBeenLastCalledWith({
        lobId: 'lob-a',
        q: 'jan',
        cursor: undefined,
        limit: 25,
      }),
    );
    await waitFor(() =>
      expect(
        within(members).queryByRole('link', { name: /data-scientists/ }),
      ).not.toBeInTheDocument(),
    );
  });

  it('keeps ids and headers whole and lets names wrap between words', async () => {
    renderAdminPage(
      fakeAdminApi({
        listLobs: async () => ({
          items: [lob('lob-a', { displayName: 'A rather long name of a LOB' })],
        }),
      }),
    );
    const table = await screen.findByRole('table', {
      name: 'Lines of business',
    });
    const name = await within(table).findByText('A rather long name of a LOB');
    expect(getComputedStyle(name).whiteSpace).toBe('normal');
    const account = within(table).getByText('111111111111');
    expect(getComputedStyle(account).whiteSpace).toBe('nowrap');
    const header = within(table).getByRole('columnheader', { name: 'Account' });
    expect(getComputedStyle(header).whiteSpace).toBe('nowrap');
  });
});

describe('import dialog', () => {
  it('shows what a dry run would add, change (old -> new) and keep', async () => {
    const api = fakeAdminApi({
      dryRunImport: async () => ({
        dryRun: true,
        lobs: 2,
        memberships: 2,
        preview: {
          lobs: noChanges({
            added: {
              count: 1,
              rows: [
                {
                  lobId: 'lob-new',
                  changes: [{ field: 'displayName', to: 'New' }],
                },
              ],
            },
            changed: {
              count: 1,
              rows: [
                {
                  lobId: 'lob-a',
                  changes: [
                    { field: 'displayName', from: 'Old', to: 'Renamed' },
                    { field: 'roleName', to: 'Other' },
                  ],
                },
              ],
            },
            notInFile: { count: 1, rows: [{ lobId: 'lob-b', changes: [] }] },
          }),
          memberships: noChanges({
            changed: {
              count: 1,
              rows: [
                {
                  lobId: 'lob-a',
                  userRef: 'user:default/jane',
                  changes: [{ field: 'userProfileName', to: 'jane-laptop' }],
                },
              ],
            },
            unchanged: 1,
          }),
        },
      }),
    });
    renderAdminPage(api);
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: 'Import…' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Import mappings',
    });
    await user.click(within(dialog).getByRole('textbox', { name: 'Content' }));
    await user.paste('lobs: []');
    await user.click(within(dialog).getByRole('button', { name: 'Dry run' }));

    const status = await within(dialog).findByRole('status');
    expect(status).toHaveTextContent('nothing was written yet');
    const lobs = within(status).getByRole('region', {
      name: 'Lines of business',
    });
    expect(lobs).toHaveTextContent(
      'Lines of business: 1 added, 1 changed, 0 unchanged, 1 not in the file (kept)',
    );
    const items = (name: string) =>
      within(within(status).getByRole('list', { name }))
        .getAllByRole('listitem')
        .map(li => li.textContent);
    expect(items('Lines of business added')).toEqual([
      'lob-newDisplay name: New',
      'Display name: New',
    ]);
    expect(items('Lines of business changed')).toEqual([
      'lob-aDisplay name: Old → RenamedAccess role: none → Other',
      'Display name: Old → Renamed',
      'Access role: none → Other',
    ]);
    expect(items('Lines of business not in the file, kept')).toEqual(['lob-b']);
    // An unset profile is the one derived from the user name, said plainly.
    expect(items('Memberships changed')).toContain(
      'User profile: jane (default) → jane-laptop',
    );
  });

  it('opens the file chooser from a real button, the input out of the tab order', async () => {
    renderAdminPage(fakeAdminApi());
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: 'Import…' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Import mappings',
    });
    const input = within(dialog).getByLabelText(
      'File to import',
    ) as HTMLInputElement;
    const chooser = jest.spyOn(input, 'click');
    const button = within(dialog).getByRole('button', {
      name: 'Upload a file',
    });
    expect(button.tagName).toBe('BUTTON');
    expect(button).not.toContainElement(input);
    expect(input).not.toBeVisible();
    await act(async () => {
      await user.click(button);
    });
    expect(chooser).toHaveBeenCalled();
  });
});

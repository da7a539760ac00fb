import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  adminError,
  checkRunning,
  fakeAdminApi,
  lob,
  member,
  noChanges,
  renderAdminPage,
} from '../../__testUtils__/adminFixtures';

const lobsTable = () =>
  screen.findByRole('table', { name: 'Lines of business' });

/*
 * A row's buttons, looked up in their own table: role queries over the
 * whole admin page are slow.
 */
const lobButton = async (name: string) =>
  within(await lobsTable()).findByRole('button', { name });
const memberButton = async (name: string) =>
  within(
    await screen.findByRole('table', { name: /^Memberships of/ }),
  ).findByRole('button', { name });

describe('SageMakerStudioAdminPageContent', () => {
  // No pause between keys: the page is large, each typed key re-renders it.
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  /** Clicks the button of that name in a dialog, a notice or a table. */
  const press = (container: HTMLElement, name: string) =>
    user.click(within(container).getByRole('button', { name }));

  /**
   * Opens the Add dialog and submits a LOB in us-east-1, domain
   * d-new00000001, with these fields.
   */
  async function addLob(fields: {
    lobId: string;
    displayName: string;
    accountId: string;
  }) {
    await user.click(
      await screen.findByRole('button', { name: 'Add line of business' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Add a line of business',
    });
    const type = (label: RegExp, text: string) =>
      user.type(within(dialog).getByRole('textbox', { name: label }), text);
    await type(/LOB id/, fields.lobId);
    await type(/Display name/, fields.displayName);
    await type(/AWS account id/, fields.accountId);
    await type(/^Region/, 'us-east-1');
    await type(/Studio domain id/, 'd-new00000001');
    await press(dialog, 'Add');
    return dialog;
  }

  /** Types over a field's value. */
  async function retype(field: HTMLElement, text: string) {
    await user.clear(field);
    await user.type(field, text);
  }

  /** Opens lob-a's Edit dialog and saves it under another display name. */
  async function renameLobA(displayName: string) {
    await user.click(await lobButton('Edit lob-a'));
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit line of business lob-a',
    });
    const name = within(dialog).getByRole('textbox', {
      name: /Display name/,
    });
    await retype(name, displayName);
    await press(dialog, 'Save');
    return { dialog, name };
  }

  /** Opens lob-a's Check dialog and runs the check, for a user if named. */
  async function checkLobA(userName?: string) {
    await user.click(await lobButton('Check lob-a'));
    const dialog = await screen.findByRole('dialog', { name: 'Check lob-a' });
    if (userName) {
      await user.type(
        within(dialog).getByRole('textbox', {
          name: 'User to check (optional)',
        }),
        userName,
      );
    }
    await press(dialog, 'Run check');
    return dialog;
  }

  const checkResults = (dialog: HTMLElement) =>
    within(dialog).findByRole('region', { name: 'Check results' });

  it('shows memberships readably: the profile each opens, a readable time, no internal version', async () => {
    renderAdminPage(fakeAdminApi());

    const members = await screen.findByRole('table', {
      name: 'Memberships of lob-a',
    });
    // The member is a catalog link, named without the default kind and namespace.
    const link = await within(members).findByRole('link', {
      name: 'user-lob-a',
    });
    expect(link).toHaveAttribute('href', '/catalog/default/user/user-lob-a');
    const row = link.closest('tr')!;
    // The derived profile name itself, not "(from user name)".
    expect(row).toHaveTextContent('user-lob-a');
    expect(row).not.toHaveTextContent('from user name');
    const time = row.querySelector('time')!;
    expect(time).toHaveAttribute('dateTime', '2026-01-01T00:00:00.000Z');
    expect(time).not.toHaveTextContent('2026-01-01T00:00:00.000Z');
    expect(
      within(members).queryByRole('columnheader', { name: 'Version' }),
    ).not.toBeInTheDocument();
    expect(
      within(await lobsTable()).queryByRole('columnheader', {
        name: 'Version',
      }),
    ).not.toBeInTheDocument();
  });

  it('lists the LOBs and the members of the first LOB, with edit controls for admins', async () => {
    const api = fakeAdminApi();
    renderAdminPage(api);

    const table = await lobsTable();
    expect(await within(table).findByText('lob-a')).toBeInTheDocument();
    expect(within(table).getByText('lob-b')).toBeInTheDocument();
    expect(within(table).getByText('d-loba')).toBeInTheDocument();
    expect(api.listLobs).toHaveBeenCalledWith({ cursor: undefined, limit: 25 });

    const members = await screen.findByRole('table', {
      name: 'Memberships of lob-a',
    });
    expect(
      await within(members).findByRole('link', { name: 'user-lob-a' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Add line of business' }),
    ).toBeInTheDocument();
    expect(
      within(table).getByRole('button', { name: 'Edit lob-a' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Import…' })).toBeInTheDocument();

    await press(table, 'Show members of lob-b');
    expect(
      await screen.findByRole('table', { name: 'Memberships of lob-b' }),
    ).toBeInTheDocument();
    expect(
      await within(
        await screen.findByRole('table', { name: 'Memberships of lob-b' }),
      ).findByRole('link', { name: 'user-lob-b' }),
    ).toBeInTheDocument();
    expect(api.listMemberships).toHaveBeenLastCalledWith({
      lobId: 'lob-b',
      userRef: undefined,
      cursor: undefined,
      limit: 25,
    });
  });

  it('shows a non-admin a clear not-allowed state, no controls, and calls nothing', async () => {
    const api = fakeAdminApi();
    renderAdminPage(api, { role: 'none' });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'You are not allowed to administer SageMaker Studio',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /add|edit|delete|import|export/i }),
    ).not.toBeInTheDocument();
    expect(api.listLobs).not.toHaveBeenCalled();
  });

  it('gives readers the tables and export but no edit controls', async () => {
    const api = fakeAdminApi();
    renderAdminPage(api, { role: 'reader' });

    expect(
      await within(await lobsTable()).findByText('lob-a'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Export CSV' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add line of business' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /^(Edit|Delete|Check) lob-a$/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Import…' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Add member' }),
    ).not.toBeInTheDocument();
  });

  it('shows why the LOBs could not be loaded, and retries', async () => {
    const api = fakeAdminApi();
    api.listLobs.mockRejectedValueOnce(
      await adminError(
        503,
        'ServiceUnavailableError',
        'Mapping store unavailable',
      ),
    );
    renderAdminPage(api);

    const alert = await screen.findByText('Mapping store unavailable');
    expect(alert.closest('[role=alert]')).toHaveTextContent('corr-admin');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await within(await lobsTable()).findByText('lob-a'),
    ).toBeInTheDocument();
  });

  it('pages forwards and back with the opaque cursor', async () => {
    const api = fakeAdminApi({
      listLobs: async ({ cursor } = {}) =>
        cursor === 'page-2'
          ? { items: [lob('lob-c')] }
          : { items: [lob('lob-a'), lob('lob-b')], nextCursor: 'page-2' },
    });
    renderAdminPage(api, { pageSize: 2 });

    const pager = await screen.findByRole('navigation', {
      name: 'Lines of business pages',
    });
    expect(
      await within(await lobsTable()).findByText('lob-a'),
    ).toBeInTheDocument();
    expect(
      within(pager).getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();

    await press(pager, 'Next page');
    expect(
      await within(await lobsTable()).findByText('lob-c'),
    ).toBeInTheDocument();
    expect(
      within(await lobsTable()).queryByText('lob-a'),
    ).not.toBeInTheDocument();
    expect(api.listLobs).toHaveBeenLastCalledWith({
      cursor: 'page-2',
      limit: 2,
    });
    expect(pager).toHaveTextContent('Page 2');
    expect(
      within(pager).getByRole('button', { name: 'Next page' }),
    ).toBeDisabled();

    await press(pager, 'Previous page');
    expect(
      await within(await lobsTable()).findByText('lob-a'),
    ).toBeInTheDocument();
    expect(pager).toHaveTextContent('Page 1');
  });

  describe('LOB dialogs', () => {
    it('shows the 400 field errors at their fields, then adds the LOB', async () => {
      const api = fakeAdminApi();
      api.createLob.mockRejectedValueOnce(
        await adminError(
          400,
          'InputError',
          'Invalid request: accountId must be 12 digits',
          {
            fields: { accountId: 'must be 12 digits' },
          },
        ),
      );
      renderAdminPage(api);
      const dialog = await addLob({
        lobId: 'lob-new',
        displayName: 'New LOB',
        accountId: '1234',
      });

      const account = within(dialog).getByRole('textbox', {
        name: /AWS account id/,
      });
      await waitFor(() =>
        expect(account).toHaveAccessibleDescription('must be 12 digits'),
      );
      expect(account).toHaveAttribute('aria-invalid', 'true');
      expect(within(dialog).getByRole('alert')).toHaveTextContent(
        'Please correct the marked fields',
      );
      expect(api.createLob).toHaveBeenCalledWith({
        lobId: 'lob-new',
        displayName: 'New LOB',
        accountId: '1234',
        region: 'us-east-1',
        domainId: 'd-new00000001',
      });

      await retype(account, '123456789012');
      await press(dialog, 'Add');
      expect(
        await screen.findByText(
          'Saved line of business lob-new. Studio access works.',
        ),
      ).toBeInTheDocument();
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
      expect(api.listLobs).toHaveBeenCalledTimes(2);
    });

    it('on a 409 shows the edit beside the newer data, takes the newer data on request, and refreshes the list', async () => {
      const api = fakeAdminApi();
      const newer = lob('lob-a', {
        displayName: 'Renamed by Bob',
        version: 2,
        updatedBy: 'user:default/bob',
      });
      api.updateLob.mockRejectedValueOnce(
        await adminError(
          409,
          'ConflictError',
          'lob-a was changed since you read it',
          {
            current: newer,
          },
        ),
      );
      renderAdminPage(api);
      const { dialog, name } = await renameLobA('My name');

      const conflict = await within(dialog).findByRole('alert');
      expect(conflict).toHaveTextContent('Changed by someone else');
      expect(conflict).toHaveTextContent('was changed since you read it');
      expect(conflict).toHaveTextContent('version 2, by user:default/bob');
      expect(conflict).toHaveTextContent('1 field(s) differ');
      const compare = within(conflict).getByRole('table', {
        name: 'Your edit and the newer data',
      });
      const differing = compare.querySelectorAll('tr[data-differs]');
      expect(differing).toHaveLength(1);
      const nameRow = differing[0];
      expect(nameRow).toHaveTextContent('Display name (differs)');
      expect(nameRow).toHaveTextContent('My name');
      expect(nameRow).toHaveTextContent('Renamed by Bob');

      // The list behind the dialog is read again.
      await waitFor(() => expect(api.listLobs).toHaveBeenCalledTimes(2));

      await press(conflict, 'Use the newer data (drops my edit)');
      expect(name).toHaveValue('Renamed by Bob');
      await retype(name, 'My name again');
      await press(dialog, 'Save');

      expect(
        await screen.findByText(
          'Saved line of business lob-a. Studio access works.',
        ),
      ).toBeInTheDocument();
      expect(api.updateLob).toHaveBeenLastCalledWith('lob-a', {
        displayName: 'My name again',
        accountId: '111111111111',
        region: 'us-east-1',
        domainId: 'd-loba',
        version: 2,
      });
    });

    it('on a 409 re-applies the edit on the newer version', async () => {
      const api = fakeAdminApi();
      api.updateLob.mockRejectedValueOnce(
        await adminError(409, 'ConflictError', 'lob-a was changed', {
          current: lob('lob-a', { displayName: 'By Bob', version: 5 }),
        }),
      );
      renderAdminPage(api);
      const { dialog, name } = await renameLobA('Mine');
      const conflict = await within(dialog).findByRole('alert');

      await press(conflict, 'Re-apply my edit on the newer version');
      expect(name).toHaveValue('Mine');
      await press(dialog, 'Save');

      await waitFor(() =>
        expect(api.updateLob).toHaveBeenLastCalledWith(
          'lob-a',
          expect.objectContaining({ displayName: 'Mine', version: 5 }),
        ),
      );
    });

    it('says at the field that a new LOB id is taken, without turning Add into Edit', async () => {
      const api = fakeAdminApi();
      api.createLob.mockRejectedValueOnce(
        await adminError(
          409,
          'ConflictError',
          "Line of business 'lob-a' already exists.",
          {
            current: lob('lob-a', { displayName: 'The other one' }),
          },
        ),
      );
      renderAdminPage(api);
      const dialog = await addLob({
        lobId: 'lob-a',
        displayName: 'Mine',
        accountId: '123456789012',
      });

      const id = within(dialog).getByRole('textbox', { name: /LOB id/ });
      await waitFor(() =>
        expect(id).toHaveAccessibleDescription(
          "A LOB with the id 'lob-a' exists. Choose another id, or edit that LOB.",
        ),
      );
      expect(id).toHaveAttribute('aria-invalid', 'true');
      expect(id).toBeEnabled();
      expect(within(dialog).getByRole('alert')).not.toHaveTextContent(
        'Changed by someone else',
      );
      expect(
        screen.getByRole('dialog', { name: 'Add a line of business' }),
      ).toBeInTheDocument();
      expect(
        within(dialog).getByRole('textbox', { name: /Display name/ }),
      ).toHaveValue('Mine');
    });

    it('deletes a LOB with its members when asked, and shows a refusal', async () => {
      const api = fakeAdminApi();
      api.deleteLob
        .mockRejectedValueOnce(
          await adminError(409, 'ConflictError', 'lob-a still has 2 members'),
        )
        .mockResolvedValueOnce({ removedMembers: 2 });
      renderAdminPage(api);
      await user.click(await lobButton('Delete lob-a'));
      const dialog = await screen.findByRole('dialog', {
        name: 'Delete line of business lob-a?',
      });
      await press(dialog, 'Delete');
      expect(await within(dialog).findByRole('alert')).toHaveTextContent(
        'lob-a still has 2 members',
      );
      expect(api.deleteLob).toHaveBeenLastCalledWith('lob-a', {
        version: 1,
        cascade: false,
      });

      await user.click(
        within(dialog).getByRole('checkbox', {
          name: 'Also remove all its memberships',
        }),
      );
      await press(dialog, 'Delete');
      expect(
        await screen.findByText(
          'Deleted line of business lob-a and 2 membership(s).',
        ),
      ).toBeInTheDocument();
      expect(api.deleteLob).toHaveBeenLastCalledWith('lob-a', {
        version: 1,
        cascade: true,
      });
    });

    it('runs the check and shows each step, with the failing AWS error', async () => {
      const api = fakeAdminApi({
        checkLob: checkRunning([
          {
            step: 'assume-role',
            ok: true,
            detail: 'Assumed StudioPortalAccess',
          },
          {
            step: 'describe-domain',
            ok: true,
            detail: 'Domain d-loba is InService',
          },
          {
            step: 'describe-user-profile',
            ok: false,
            detail: 'No user profile jane in d-loba',
            awsError: 'ResourceNotFound',
          },
        ]),
      });
      renderAdminPage(api);
      const results = await checkResults(await checkLobA('jane'));
      expect(results).toHaveTextContent('A check failed.');
      expect(results).toHaveTextContent('✓ Passed: Assume the access role');
      expect(results).toHaveTextContent('✓ Passed: Find the Studio domain');
      expect(results).toHaveTextContent('✗ Failed: Find the user profile');
      expect(results).toHaveTextContent(
        'No user profile jane in d-loba (AWS error: ResourceNotFound)',
      );
      expect(api.checkLob).toHaveBeenCalledWith('lob-a', {
        userRef: 'user:default/jane',
      });
    });

    it('lists the steps that did not run after a failed one, with the whole explanation', async () => {
      const long =
        "AWS refused to let the portal assume the access role of line of business 'lob-a' in account 111111111111. An administrator should check that role's trust policy.";
      const api = fakeAdminApi({
        checkLob: checkRunning([
          {
            step: 'assume-role',
            ok: false,
            detail: long,
            awsError: 'AccessDenied',
          },
        ]),
      });
      renderAdminPage(api);
      const results = await checkResults(await checkLobA('jane'));
      expect(results).toHaveTextContent(
        `✗ Failed: Assume the access role${long}`,
      );
      expect(results).toHaveTextContent('– Not run: Find the Studio domain');
      expect(results).toHaveTextContent('– Not run: Find the user profile');
      expect(results).toHaveTextContent('An earlier step failed');
    });

    it('shows why a check could not run', async () => {
      const api = fakeAdminApi();
      api.checkLob.mockRejectedValueOnce(
        await adminError(
          404,
          'NotFoundError',
          "There is no line of business 'lob-a'.",
        ),
      );
      renderAdminPage(api);
      const dialog = await checkLobA();
      expect(await within(dialog).findByRole('alert')).toHaveTextContent(
        "There is no line of business 'lob-a'.",
      );
      expect(api.checkLob).toHaveBeenCalledWith('lob-a', {
        userRef: undefined,
      });
    });
  });

  describe('membership dialogs', () => {
    it('shows a bad profile name at its field, then adds the member', async () => {
      const api = fakeAdminApi();
      api.putMembership.mockRejectedValueOnce(
        await adminError(
          400,
          'InputError',
          'Invalid request: userProfileName ...',
          {
            fields: {
              userProfileName: 'must be a SageMaker user profile name',
            },
          },
        ),
      );
      renderAdminPage(api);
      await user.click(
        await screen.findByRole('button', { name: 'Add member' }),
      );
      const dialog = await screen.findByRole('dialog', {
        name: 'Add a member to lob-a',
      });
      await user.type(
        within(dialog).getByRole('combobox', { name: /^User or group/ }),
        'jane',
      );
      const profile = within(dialog).getByRole('textbox', {
        name: /Studio user profile/,
      });
      await user.type(profile, 'no spaces');
      await press(dialog, 'Add');
      await waitFor(() =>
        expect(profile).toHaveAccessibleDescription(
          'must be a SageMaker user profile name',
        ),
      );
      expect(api.putMembership).toHaveBeenCalledWith(
        'lob-a',
        'user:default/jane',
        {
          userProfileName: 'no spaces',
        },
      );

      await retype(profile, 'jane-doe');
      await press(dialog, 'Add');
      expect(
        await screen.findByText(
          'Saved membership of user:default/jane in lob-a.',
        ),
      ).toBeInTheDocument();
    });

    it('on a 409 shows the newer membership and saves on its version', async () => {
      const api = fakeAdminApi();
      api.putMembership.mockRejectedValueOnce(
        await adminError(409, 'ConflictError', 'The membership was changed', {
          current: member('lob-a', 'user:default/user-lob-a', {
            userProfileName: 'profile-by-bob',
            version: 3,
          }),
        }),
      );
      renderAdminPage(api);
      await user.click(
        await memberButton('Edit membership of user:default/user-lob-a'),
      );
      const dialog = await screen.findByRole('dialog');
      const profile = within(dialog).getByRole('textbox', {
        name: /Studio user profile/,
      });
      await user.type(profile, 'mine');
      await press(dialog, 'Save');
      const conflict = await within(dialog).findByRole('alert');
      expect(conflict).toHaveTextContent('profile-by-bob');
      expect(conflict.querySelector('tr[data-differs]')).toHaveTextContent(
        /User profile \(differs\)mine/,
      );
      await press(conflict, 'Use the newer data (drops my edit)');
      expect(profile).toHaveValue('profile-by-bob');
      await press(dialog, 'Save');
      await waitFor(() =>
        expect(api.putMembership).toHaveBeenLastCalledWith(
          'lob-a',
          'user:default/user-lob-a',
          { userProfileName: 'profile-by-bob', version: 3 },
        ),
      );
    });

    it('removes a member at the version read', async () => {
      const api = fakeAdminApi();
      renderAdminPage(api);
      await user.click(await memberButton('Remove user:default/user-lob-a'));
      const dialog = await screen.findByRole('dialog');
      await press(dialog, 'Remove');
      expect(
        await screen.findByText('Removed user:default/user-lob-a from lob-a.'),
      ).toBeInTheDocument();
      expect(api.deleteMembership).toHaveBeenCalledWith(
        'lob-a',
        'user:default/user-lob-a',
        1,
      );
    });
  });

  describe('export and import', () => {
    it('downloads the export', async () => {
      const createObjectURL = jest.fn(() => 'blob:export');
      const revokeObjectURL = jest.fn();
      Object.assign(URL, { createObjectURL, revokeObjectURL });
      const click = jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(() => {});
      const api = fakeAdminApi();
      renderAdminPage(api);
      await user.click(
        await screen.findByRole('button', { name: 'Export YAML' }),
      );
      await waitFor(() => expect(click).toHaveBeenCalled());
      expect(api.exportMappings).toHaveBeenCalledWith('yaml');
      expect(createObjectURL).toHaveBeenCalled();
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:export');
      click.mockRestore();
    });

    it('lists each bad row of a refused import, and reports a dry run and an import', async () => {
      const api = fakeAdminApi({
        dryRunImport: async () => ({
          dryRun: true,
          lobs: 1,
          memberships: 2,
          preview: { lobs: noChanges(), memberships: noChanges() },
        }),
        importMappings: async () => ({
          lobs: { created: 1, updated: 0, unchanged: 0 },
          memberships: { created: 2, updated: 0, unchanged: 1 },
        }),
      });
      api.importMappings.mockRejectedValueOnce(
        await adminError(
          400,
          'InputError',
          'Invalid import: 2 bad rows; nothing was written',
          {
            rows: [
              { row: 3, kind: 'lob', message: 'accountId must be 12 digits' },
              {
                row: 4,
                kind: 'membership',
                message: 'userRef must be a user entity ref',
              },
            ],
          },
        ),
      );
      renderAdminPage(api);
      await user.click(await screen.findByRole('button', { name: 'Import…' }));
      const dialog = await screen.findByRole('dialog', {
        name: 'Import mappings',
      });
      const content = within(dialog).getByRole('textbox', { name: 'Content' });
      await user.type(content, 'kind,lobId');
      await press(dialog, 'Import');

      const alert = await within(dialog).findByRole('alert');
      expect(alert).toHaveTextContent('2 bad rows; nothing was written');
      const rows = within(alert).getAllByRole('listitem');
      expect(rows.map(r => r.textContent)).toEqual([
        'Row 3 (lob): accountId must be 12 digits',
        'Row 4 (membership): userRef must be a user entity ref',
      ]);
      expect(api.importMappings).toHaveBeenCalledWith({
        format: 'csv',
        content: 'kind,lobId',
      });

      await press(dialog, 'Dry run');
      expect(
        await within(dialog).findByText(
          /1 line\(s\) of business and 2 membership\(s\) are valid/,
        ),
      ).toBeInTheDocument();

      await press(dialog, 'Import');
      expect(
        await within(dialog).findByText(
          /Lines of business: 1 created, 0 updated, 0 unchanged/,
        ),
      ).toBeInTheDocument();
      expect(await screen.findByText('Import applied.')).toBeInTheDocument();
    });

    it('reads an uploaded file and takes its format from the name', async () => {
      const api = fakeAdminApi();
      renderAdminPage(api);
      await user.click(await screen.findByRole('button', { name: 'Import…' }));
      const dialog = await screen.findByRole('dialog', {
        name: 'Import mappings',
      });
      const file = new File(['lobs: []\n'], 'mappings.yaml', {
        type: 'application/yaml',
      });
      await user.upload(within(dialog).getByLabelText('File to import'), file);
      await waitFor(() =>
        expect(
          within(dialog).getByRole('textbox', { name: 'Content' }),
        ).toHaveValue('lobs: []\n'),
      );
      await press(dialog, 'Dry run');
      await waitFor(() =>
        expect(api.dryRunImport).toHaveBeenCalledWith({
          format: 'yaml',
          content: 'lobs: []\n',
        }),
      );
    });
  });
});

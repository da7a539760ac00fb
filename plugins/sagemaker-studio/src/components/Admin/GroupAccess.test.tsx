import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { SageMakerStudioAdminApi } from '../../api/adminApi';
import {
  adminError,
  CATALOG_ENTITIES,
  fakeAdminApi,
  lob,
  member,
  renderAdminPage,
} from '../../__testUtils__/adminFixtures';

/** The catalog the member picker searches, with a component it must not offer. */
const catalog = () =>
  catalogApiMock({
    entities: [
      ...CATALOG_ENTITIES,
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'data-pipeline', namespace: 'default' },
        spec: { type: 'service', owner: 'data-scientists' },
      },
    ],
  });

function render(api: SageMakerStudioAdminApi, catalogApi: object = catalog()) {
  return renderAdminPage(api, { catalogApi });
}

// No pause between keys: the page is large, each typed key re-renders it.
let user: ReturnType<typeof userEvent.setup>;
beforeEach(() => {
  user = userEvent.setup({ delay: null });
});

/** Opens the Add member dialog; resolves to it and its user-or-group picker. */
async function openAddDialog() {
  await user.click(await screen.findByRole('button', { name: 'Add member' }));
  const dialog = await screen.findByRole('dialog', {
    name: 'Add a member to lob-a',
  });
  const picker = within(dialog).getByRole('combobox', {
    name: /^User or group/,
  });
  return { dialog, picker };
}

/** Submits the Add member dialog. */
const add = (dialog: HTMLElement) =>
  user.click(within(dialog).getByRole('button', { name: 'Add' }));

describe('group access on the admin page', () => {
  it('adds a group picked from the catalog; a group names no profile', async () => {
    const api = fakeAdminApi();
    render(api);
    const { dialog, picker } = await openAddDialog();

    await user.type(picker, 'data');
    const option = await screen.findByRole('option', {
      name: 'Data scientists (group:default/data-scientists)',
    });
    // Users and groups only: the catalog's components are not offered.
    expect(
      screen.queryByRole('option', { name: /data-pipeline/ }),
    ).not.toBeInTheDocument();
    await user.click(option);

    const profile = within(dialog).getByRole('textbox', {
      name: /Studio user profile/,
    });
    expect(profile).toBeDisabled();
    expect(profile).toHaveAccessibleDescription(
      'Each member of the group opens their own profile, derived from their user name',
    );
    await add(dialog);

    expect(
      await screen.findByText(
        'Saved membership of group:default/data-scientists in lob-a.',
      ),
    ).toBeInTheDocument();
    expect(api.putMembership).toHaveBeenCalledWith(
      'lob-a',
      'group:default/data-scientists',
      {},
    );
  });

  it('finds a user by display name and keeps their profile field', async () => {
    const api = fakeAdminApi();
    render(api);
    const { dialog, picker } = await openAddDialog();

    await user.type(picker, 'Jane D');
    await user.click(
      await screen.findByRole('option', {
        name: 'Jane Doe (user:default/jane)',
      }),
    );
    const profile = within(dialog).getByRole('textbox', {
      name: /Studio user profile/,
    });
    expect(profile).toBeEnabled();
    await user.type(profile, 'jane-doe');
    await add(dialog);

    await waitFor(() =>
      expect(api.putMembership).toHaveBeenCalledWith(
        'lob-a',
        'user:default/jane',
        { userProfileName: 'jane-doe' },
      ),
    );
  });

  it('says when the catalog cannot be searched, and still takes a typed ref', async () => {
    const api = fakeAdminApi();
    const failing = catalogApiMock.mock({
      queryEntities: jest.fn().mockRejectedValue(new Error('catalog down')),
    });
    render(api, failing);
    const { dialog, picker } = await openAddDialog();
    await user.type(picker, 'group:default/ml-team');
    await waitFor(() =>
      expect(picker).toHaveAccessibleDescription(
        'The catalog could not be searched; type the entity ref.',
      ),
    );
    await add(dialog);

    await waitFor(() =>
      expect(api.putMembership).toHaveBeenCalledWith(
        'lob-a',
        'group:default/ml-team',
        {},
      ),
    );
  });

  it('shows a refused group at the field, and adds nothing', async () => {
    const api = fakeAdminApi();
    api.putMembership.mockRejectedValueOnce(
      await adminError(400, 'InputError', 'Invalid request: userRef ...', {
        fields: { userRef: 'must be a user or group entity ref' },
      }),
    );
    render(api);
    const { dialog, picker } = await openAddDialog();
    await user.type(picker, 'group:default/Bad Name');
    await add(dialog);

    await waitFor(() =>
      expect(picker).toHaveAccessibleDescription(
        'must be a user or group entity ref',
      ),
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('lists the effective members, through which group, and warns of unknown groups', async () => {
    const api = fakeAdminApi({
      listMemberships: async ({ lobId }) => ({
        items: [
          member(lobId!, 'user:default/user-lob-a'),
          member(lobId!, 'group:default/data-scientists'),
          member(lobId!, 'group:default/gone'),
        ],
      }),
      listEffectiveMembers: async lobId => ({
        lobId,
        members: [
          {
            userRef: 'user:default/user-lob-a',
            userProfileName: 'user-lob-a',
            via: 'direct',
            alsoVia: ['group:default/data-scientists'],
          },
          {
            userRef: 'user:default/user-new',
            userProfileName: 'user-new',
            via: 'group:default/data-scientists',
          },
        ],
        unknownGroups: ['group:default/gone'],
        truncated: false,
      }),
    });
    render(api);

    const memberships = await screen.findByRole('table', {
      name: 'Memberships of lob-a',
    });
    const groupRow = (
      await within(memberships).findByRole('link', { name: /data-scientists/ })
    ).closest('tr')!;
    expect(groupRow).toHaveTextContent("(each member's own)");

    const effective = await screen.findByRole('table', {
      name: 'Effective members of lob-a',
    });
    const newRow = (
      await within(effective).findByRole('link', { name: 'user-new' })
    ).closest('tr')!;
    expect(newRow).toHaveTextContent('user-new');
    // The group it comes through, as a link to the group's page.
    expect(
      within(newRow).getByRole('link', { name: /data-scientists/ }),
    ).toHaveAttribute('href', '/catalog/default/group/data-scientists');
    const ownRow = within(effective)
      .getByRole('link', { name: 'user-lob-a' })
      .closest('tr')!;
    expect(ownRow).toHaveTextContent(
      /own membership \(also in (group:)?data-scientists\)/,
    );
    expect(
      screen.getByText(/The catalog has no group group:default\/gone/),
    ).toBeInTheDocument();
    expect(api.listEffectiveMembers).toHaveBeenCalledWith('lob-a');
  });

  it('loads the effective members again after a membership change', async () => {
    const api = fakeAdminApi();
    render(api);
    await screen.findByRole('table', { name: 'Effective members of lob-a' });
    await waitFor(() => expect(api.listEffectiveMembers).toHaveBeenCalled());
    const before = api.listEffectiveMembers.mock.calls.length;

    const { dialog, picker } = await openAddDialog();
    await user.type(picker, 'group:default/data-scientists');
    await add(dialog);

    await waitFor(() =>
      expect(api.listEffectiveMembers.mock.calls.length).toBeGreaterThan(
        before,
      ),
    );
  });

  it('lists the Studio profiles the portal created', async () => {
    const api = fakeAdminApi({
      listProvisionedProfiles: async lobId => ({
        items: [
          {
            lobId,
            domainId: 'd-loba',
            userProfileName: 'user-new',
            userRef: 'user:default/user-new',
            viaGroup: 'group:default/data-scientists',
            createdAt: '2026-12-01T10:00:00.000Z',
          },
        ],
      }),
    });
    render(api);

    const table = await screen.findByRole('table', {
      name: 'Studio profiles the portal created in lob-a',
    });
    const row = (await within(table).findAllByText('user-new'))[0].closest(
      'tr',
    )!;
    expect(within(row).getByRole('link', { name: 'user-new' })).toHaveAttribute(
      'href',
      '/catalog/default/user/user-new',
    );
    expect(
      within(row).getByRole('link', { name: /data-scientists/ }),
    ).toBeInTheDocument();
    // A readable time, the stored one behind it.
    expect(row.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2026-12-01T10:00:00.000Z',
    );
    expect(row).not.toHaveTextContent('2026-12-01T10:00:00.000Z');
  });

  it('says so when there are no members or created profiles', async () => {
    const api = fakeAdminApi({
      listEffectiveMembers: async lobId => ({
        lobId,
        members: [],
        unknownGroups: [],
        truncated: false,
      }),
    });
    render(api);

    expect(
      await screen.findByText("Nobody can open lob-a's Studio yet."),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'The portal has created no Studio profiles in lob-a.',
      ),
    ).toBeInTheDocument();
  });

  it('says which list could not be loaded', async () => {
    const api = fakeAdminApi();
    api.listEffectiveMembers.mockRejectedValue(
      await adminError(503, 'ServiceUnavailableError', 'Catalog unavailable'),
    );
    api.listProvisionedProfiles.mockRejectedValue(
      await adminError(503, 'ServiceUnavailableError', 'Store unavailable'),
    );
    render(api);

    expect(
      await screen.findByText('Could not load the effective members'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Could not load the created profiles'),
    ).toBeInTheDocument();
    // The memberships themselves still show.
    expect(
      await screen.findByRole('table', { name: 'Memberships of lob-a' }),
    ).toBeInTheDocument();
  });
});

describe('a LOB that creates profiles', () => {
  it('turns profile creation on, with the execution role of created profiles', async () => {
    const api = fakeAdminApi();
    render(api);
    await user.click(await screen.findByRole('button', { name: 'Edit lob-a' }));
    const dialog = await screen.findByRole('dialog');
    const provision = within(dialog).getByRole('checkbox', {
      name: "Create a member's Studio user profile at their first launch",
    });
    expect(provision).not.toBeChecked();
    await user.click(provision);
    await user.type(
      within(dialog).getByRole('textbox', { name: /Execution role/ }),
      'StudioExecution',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.updateLob).toHaveBeenCalledWith(
        'lob-a',
        expect.objectContaining({
          provisionProfiles: true,
          executionRoleName: 'StudioExecution',
          version: 1,
        }),
      ),
    );
  });

  it('turns it off again: the update leaves the field out', async () => {
    const api = fakeAdminApi({
      listLobs: async () => ({
        items: [lob('lob-a', { provisionProfiles: true })],
      }),
      getLob: async lobId => lob(lobId, { provisionProfiles: true }),
    });
    render(api);
    await user.click(await screen.findByRole('button', { name: 'Edit lob-a' }));
    const dialog = await screen.findByRole('dialog');
    const provision = within(dialog).getByRole('checkbox', {
      name: "Create a member's Studio user profile at their first launch",
    });
    expect(provision).toBeChecked();
    await user.click(provision);
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(api.updateLob).toHaveBeenCalled());
    expect(api.updateLob.mock.calls[0][1]).not.toHaveProperty(
      'provisionProfiles',
    );
  });
});

import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  sageMakerStudioApiRef,
  SageMakerStudioApi,
  StudioSpace,
} from '../../api';
import { OpenStudioContent } from './OpenStudioContent';
import { describeSpace } from './SpacePicker';
import {
  fakeApi,
  fakeTab,
  marketingLob,
  responseError,
  riskLob,
} from './testFixtures';

const spaces: StudioSpace[] = [
  {
    spaceName: 'jane-lab',
    appType: 'JupyterLab',
    sharingType: 'Private',
    ownerUserProfileName: 'jane-doe',
    status: 'InService',
  },
  {
    spaceName: 'team-editor',
    appType: 'CodeEditor',
    sharingType: 'Shared',
    ownerUserProfileName: 'raj',
  },
];

function render(api: SageMakerStudioApi) {
  return renderInTestApp(<OpenStudioContent />, {
    apis: [[sageMakerStudioApiRef, api]],
  });
}

const spacePicker = () => screen.findByRole('combobox', { name: 'Open in' });

// A stand-in for the tab Studio opens in: no real window opens.
beforeEach(() => {
  jest.spyOn(window, 'open').mockReturnValue(fakeTab() as any);
});
afterEach(() => jest.restoreAllMocks());

describe('space picker', () => {
  it('defaults to Studio home and lists private and shared spaces', async () => {
    const api = fakeApi({ listSpaces: jest.fn(async () => ({ spaces })) });
    render(api);

    const picker = await spacePicker();
    expect(picker).toHaveTextContent('Studio home');
    await waitFor(() => expect(api.listSpaces).toHaveBeenCalledWith('risk'));
    expect(
      await screen.findByText(
        'Optional: open a space directly, or Studio home.',
      ),
    ).toBeInTheDocument();

    await userEvent.click(picker);
    const options = within(await screen.findByRole('listbox')).getAllByRole(
      'option',
    );
    expect(options.map(o => o.textContent)).toEqual([
      'Studio home',
      'jane-lab (JupyterLab, private)',
      'team-editor (Code Editor, shared by raj)',
    ]);
  });

  it('launches into the chosen space, and back to Studio home', async () => {
    const api = fakeApi({ listSpaces: jest.fn(async () => ({ spaces })) });
    render(api);

    await userEvent.click(await spacePicker());
    await userEvent.click(
      await screen.findByRole('option', { name: /team-editor/ }),
    );
    expect(await spacePicker()).toHaveTextContent('team-editor');
    await userEvent.click(
      await screen.findByRole('button', { name: /open studio/i }),
    );
    expect(api.launch).toHaveBeenLastCalledWith({
      lobId: 'risk',
      spaceName: 'team-editor',
    });

    await userEvent.click(await spacePicker());
    await userEvent.click(
      await screen.findByRole('option', { name: 'Studio home' }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: /open studio/i }),
    );
    expect(api.launch).toHaveBeenLastCalledWith({
      lobId: 'risk',
      spaceName: undefined,
    });
  });

  it('can be operated with the keyboard', async () => {
    const api = fakeApi({ listSpaces: jest.fn(async () => ({ spaces })) });
    render(api);
    await waitFor(() => expect(api.listSpaces).toHaveBeenCalled());
    await screen.findByText('Optional: open a space directly, or Studio home.');

    const picker = await spacePicker();
    act(() => picker.focus());
    await userEvent.keyboard('{ArrowDown}');
    await screen.findByRole('listbox');
    await userEvent.keyboard('{ArrowDown}{Enter}');

    expect(await spacePicker()).toHaveTextContent('jane-lab');
  });

  it('still lets the user open Studio home when spaces cannot be loaded', async () => {
    const api = fakeApi({
      listSpaces: jest.fn(async () => {
        throw await responseError(502, 'Error', 'ListSpaces failed');
      }),
    });
    render(api);

    expect(
      await screen.findByText(
        'Your spaces could not be loaded just now. You can still open Studio home.',
      ),
    ).toBeInTheDocument();
    const button = await screen.findByRole('button', { name: /open studio/i });
    expect(button).toBeEnabled();
    await userEvent.click(button);
    expect(api.launch).toHaveBeenCalledWith({
      lobId: 'risk',
      spaceName: undefined,
    });
  });

  it('says so when the user has no spaces', async () => {
    render(fakeApi());

    expect(
      await screen.findByText('You have no spaces yet: Studio home will open.'),
    ).toBeInTheDocument();
  });

  it('forgets the chosen space when the LOB changes', async () => {
    const api = fakeApi({
      getMe: jest.fn(async () => ({
        userEntityRef: 'user:default/jane',
        memberships: [riskLob, marketingLob],
      })),
      listSpaces: jest.fn(async (lobId: string) => ({
        spaces: lobId === 'risk' ? spaces : [],
      })),
    });
    render(api);

    await userEvent.click(await spacePicker());
    await userEvent.click(
      await screen.findByRole('option', { name: /jane-lab/ }),
    );
    await userEvent.click(
      await screen.findByRole('combobox', { name: 'Line of business' }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'Marketing Science' }),
    );

    expect(await spacePicker()).toHaveTextContent('Studio home');
    await userEvent.click(
      await screen.findByRole('button', { name: /open studio/i }),
    );
    expect(api.launch).toHaveBeenCalledWith({
      lobId: 'marketing',
      spaceName: undefined,
    });
  });
});

describe('space states', () => {
  it('tells spaces that are not in service, and offers none that cannot open', async () => {
    const api = fakeApi({
      listSpaces: jest.fn(async () => ({
        spaces: [
          { ...spaces[0], status: 'Updating' },
          { ...spaces[1], spaceName: 'old-editor', status: 'Deleting' },
        ],
      })),
    });
    render(api);

    await userEvent.click(await spacePicker());
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox).getByRole('option', { name: /jane-lab/ }),
    ).toHaveTextContent('jane-lab (JupyterLab, private, being updated)');
    const gone = within(listbox).getByRole('option', { name: /old-editor/ });
    expect(gone).toHaveTextContent('being deleted');
    expect(gone).toHaveAttribute('aria-disabled', 'true');
  });
});

describe('running spaces', () => {
  it('marks a space whose app runs with a "Running" chip, in words, and no other', async () => {
    const api = fakeApi({
      listSpaces: jest.fn(async () => ({
        spaces: [
          { ...spaces[0], running: true },
          { ...spaces[1], running: false },
          { ...spaces[1], spaceName: 'unknown-editor' },
        ],
      })),
    });
    render(api);

    await userEvent.click(await spacePicker());
    const listbox = await screen.findByRole('listbox');
    expect(
      within(listbox).getByRole('option', {
        name: 'jane-lab (JupyterLab, private) Running',
      }),
    ).toBeInTheDocument();
    expect(within(listbox).getAllByText('Running')).toHaveLength(1);
    for (const name of [/team-editor/, /unknown-editor/]) {
      expect(
        within(listbox).getByRole('option', { name }),
      ).not.toHaveTextContent('Running');
    }

    // The chosen space still says it runs.
    await userEvent.click(
      within(listbox).getByRole('option', { name: /jane-lab/ }),
    );
    expect(await spacePicker()).toHaveTextContent(
      'jane-lab (JupyterLab, private) Running',
    );
  });
});

describe('describeSpace', () => {
  it('names the app and who shares the space', () => {
    expect(describeSpace(spaces[0])).toBe('jane-lab (JupyterLab, private)');
    expect(describeSpace(spaces[1])).toBe(
      'team-editor (Code Editor, shared by raj)',
    );
    expect(
      describeSpace({
        spaceName: 'x',
        sharingType: 'Shared',
        appType: 'RStudio',
      }),
    ).toBe('x (RStudio, shared)');
    expect(describeSpace({ spaceName: 'y', sharingType: 'Private' })).toBe(
      'y (Space, private)',
    );
  });
});

import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  LaunchResponse,
  sageMakerStudioApiRef,
  SageMakerStudioApi,
} from '../../api';
import { OpenStudioContent } from './OpenStudioContent';
import {
  deferred,
  failingWith,
  fakeApi,
  fakeTab,
  marketingLob,
  PRESIGNED_URL,
  responseError,
  riskLob,
} from './testFixtures';

function render(api: SageMakerStudioApi) {
  return renderInTestApp(<OpenStudioContent />, {
    apis: [[sageMakerStudioApiRef, api]],
  });
}

const openButton = () => screen.findByRole('button', { name: /open studio/i });

/** Renders the card, opens Studio and waits for the card's alert. */
async function openAndWaitForAlert(api: SageMakerStudioApi) {
  render(api);
  await userEvent.click(await openButton());
  return screen.findByRole('alert');
}

describe('OpenStudioContent', () => {
  let openSpy: jest.SpyInstance;
  let tab: ReturnType<typeof fakeTab>;

  beforeEach(() => {
    tab = fakeTab();
    openSpy = jest.spyOn(window, 'open').mockReturnValue(tab as any);
  });

  afterEach(() => {
    openSpy.mockRestore();
  });

  describe('loading who the user is', () => {
    it('announces loading, then shows the single LOB with domain and region', async () => {
      const me = deferred<Awaited<ReturnType<SageMakerStudioApi['getMe']>>>();
      const api = fakeApi({ getMe: jest.fn(() => me.promise) });
      render(api);

      expect(screen.getByRole('status')).toHaveTextContent(
        'Loading your Studio access',
      );

      me.resolve({
        userEntityRef: 'user:default/jane',
        memberships: [riskLob],
      });

      expect(await screen.findByText('Risk Analytics')).toBeInTheDocument();
      const details = screen.getByLabelText(
        'Studio details for Risk Analytics',
      );
      expect(details).toHaveTextContent('d-risk123');
      expect(details).toHaveTextContent('eu-west-1');
      expect(details).toHaveTextContent('111122223333');
      expect(details).toHaveTextContent('jane-doe');
      // One LOB: nothing to choose.
      expect(
        screen.queryByRole('combobox', { name: 'Line of business' }),
      ).not.toBeInTheDocument();
      expect(await openButton()).toHaveAccessibleName(
        'Open Studio for Risk Analytics in a new tab',
      );
    });

    it('tells an unmapped user whom to contact, from the 404 message', async () => {
      const api = fakeApi({
        getMe: failingWith(
          404,
          'NotFoundError',
          'You are not mapped to a line of business; ask #ml-platform for access',
          'corr-me',
        ),
      });
      render(api);

      const empty = await screen.findByTestId('studio-not-set-up');
      expect(empty).toHaveTextContent(
        'You are not set up for SageMaker Studio yet',
      );
      expect(empty).toHaveTextContent('ask #ml-platform for access');
      // Not an error: no alert, nothing to quote, no retry, no support line unless configured.
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
      expect(empty).not.toHaveTextContent('corr-me');
      expect(empty).not.toHaveTextContent(/correlation/i);
      expect(
        screen.queryByRole('button', { name: 'Retry' }),
      ).not.toBeInTheDocument();
      expect(screen.queryByTestId('studio-support')).not.toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: /open studio/i }),
      ).not.toBeInTheDocument();
    });

    it('links the Studio guide and says whom to ask, when configured, also to an unmapped user', async () => {
      const api = fakeApi({
        getMe: failingWith(404, 'NotFoundError', 'Ask #ml-platform.'),
      });
      renderInTestApp(<OpenStudioContent />, {
        apis: [[sageMakerStudioApiRef, api]],
        config: {
          sagemakerStudio: {
            support: {
              docsUrl: 'https://docs.example.com/studio',
              contact: '#ml-platform on chat',
            },
          },
        },
      });

      const support = await screen.findByTestId('studio-support');
      expect(
        within(support).getByRole('link', { name: /Studio guide/ }),
      ).toHaveAttribute('href', 'https://docs.example.com/studio');
      expect(support).toHaveTextContent('Questions: #ml-platform on chat');
    });

    it('treats a user without memberships as not set up', async () => {
      const api = fakeApi({
        getMe: jest.fn(async () => ({
          userEntityRef: 'user:default/jane',
          memberships: [],
        })),
      });
      render(api);

      expect(await screen.findByTestId('studio-not-set-up')).toHaveTextContent(
        'not a member of any line of business',
      );
    });

    it("shows the domain's name and state from the profile check, and the support line", async () => {
      const api = fakeApi({
        getProfileStatus: jest.fn(async () => ({
          lobId: 'risk',
          userProfileName: 'jane-doe',
          state: 'ready' as const,
          domain: {
            domainId: 'd-risk123',
            domainName: 'risk-studio',
            status: 'Updating',
          },
        })),
      });
      renderInTestApp(<OpenStudioContent />, {
        apis: [[sageMakerStudioApiRef, api]],
        config: { sagemakerStudio: { support: { contact: 'the ML team' } } },
      });

      const details = await screen.findByLabelText(
        'Studio details for Risk Analytics',
      );
      await waitFor(() =>
        expect(details).toHaveTextContent('Domainrisk-studio (d-risk123)'),
      );
      expect(details).toHaveTextContent('Domain statusBeing updated');
      expect(await screen.findByTestId('studio-support')).toHaveTextContent(
        'Questions: the ML team',
      );
      expect(
        within(screen.getByTestId('studio-support')).queryByRole('link'),
      ).not.toBeInTheDocument();
    });

    it('shows the domain id alone when SageMaker did not describe the domain', async () => {
      const api = fakeApi();
      render(api);
      const details = await screen.findByLabelText(
        'Studio details for Risk Analytics',
      );
      await waitFor(() => expect(api.getProfileStatus).toHaveBeenCalled());
      expect(details).toHaveTextContent('Domaind-risk123');
      expect(details).not.toHaveTextContent('Domain status');
    });

    it('offers a retry when /me fails for another reason', async () => {
      const api = fakeApi();
      api.getMe.mockRejectedValueOnce(
        await responseError(
          503,
          'ServiceUnavailableError',
          'Mapping store unavailable',
        ),
      );
      render(api);

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Mapping store unavailable');
      expect(alert).toHaveTextContent('corr-42');

      await userEvent.click(
        within(alert).getByRole('button', { name: 'Retry' }),
      );

      expect(await openButton()).toBeEnabled();
      expect(api.getMe).toHaveBeenCalledTimes(2);
    });
  });

  describe('opening Studio', () => {
    it('opens a blank tab in the click, then sends it to Studio', async () => {
      const launched = deferred<LaunchResponse>();
      const api = fakeApi({ launch: jest.fn(() => launched.promise) });
      render(api);

      await userEvent.click(await openButton());

      // Opened synchronously, before the URL exists, so pop-up blockers let it through.
      expect(openSpy).toHaveBeenCalledWith('', '_blank');
      expect(tab.opener).toBeNull();
      expect(tab.document.title).toBe('Opening SageMaker Studio…');
      // The tab shows the portal's launch page: who, what, progress.
      const page = within(tab.document.body);
      expect(
        await waitFor(() =>
          page.getByRole('heading', { level: 1, name: 'SageMaker Studio' }),
        ),
      ).toBeInTheDocument();
      expect(tab.document.body).toHaveTextContent('Risk Analytics');
      expect(
        page.getByRole('progressbar', { name: 'Preparing your Studio link' }),
      ).toBeInTheDocument();
      expect(page.getByRole('main')).toBeInTheDocument();
      expect(api.launch).toHaveBeenCalledWith({
        lobId: 'risk',
        spaceName: undefined,
      });
      expect(await openButton()).toBeDisabled();
      expect(await openButton()).toHaveAttribute('aria-busy', 'true');
      expect(
        screen.getByText('Preparing your Studio link…'),
      ).toBeInTheDocument();

      launched.resolve({
        url: PRESIGNED_URL,
        expiresAt: '2026-01-01T00:05:00Z',
      });

      await waitFor(() =>
        expect(tab.location.replace).toHaveBeenCalledWith(PRESIGNED_URL),
      );
      expect(
        await screen.findByText('Studio opened in a new tab.'),
      ).toBeInTheDocument();
      expect(tab.close).not.toHaveBeenCalled();
      expect(await openButton()).toBeEnabled();
      // The presigned URL is a secret: it must not end up in either page.
      expect(document.body.innerHTML).not.toContain('very-secret');
      expect(tab.document.body.innerHTML).not.toContain('very-secret');
    });

    it('can be used with the keyboard alone', async () => {
      const api = fakeApi();
      render(api);
      const button = await openButton();

      act(() => button.focus());
      await userEvent.keyboard('{Enter}');

      expect(openSpy).toHaveBeenCalledTimes(1);
      await waitFor(() => expect(tab.location.replace).toHaveBeenCalled());
    });

    it('shows a missing profile in plain words, naming profile and domain in the details, in the card and the tab', async () => {
      const api = fakeApi({
        launch: failingWith(
          404,
          'NotFoundError',
          'User profile jane-doe does not exist in domain d-risk123',
        ),
      });
      const alert = await openAndWaitForAlert(api);
      expect(alert).toHaveTextContent('Your Studio user profile was not found');
      expect(alert).toHaveTextContent('Ask your portal administrators');
      // The backend's words are there, behind the details toggle.
      const details = alert.querySelector('details')!;
      expect(details).not.toHaveAttribute('open');
      expect(details).toHaveTextContent(
        'jane-doe does not exist in domain d-risk123',
      );
      expect(alert).toHaveTextContent('corr-42');
      expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
      // The explanation stays in the tab, where the user now looks.
      const inTab = await waitFor(() =>
        within(tab.document.body).getByRole('alert'),
      );
      expect(inTab).toHaveTextContent('Your Studio user profile was not found');
      expect(inTab).toHaveTextContent('corr-42');
      expect(tab.document.title).toBe('SageMaker Studio could not open');
      expect(tab.close).not.toHaveBeenCalled();
      expect(tab.location.replace).not.toHaveBeenCalled();
    });

    it('shows a missing permission', async () => {
      const api = fakeApi({
        launch: failingWith(
          403,
          'NotAllowedError',
          'You may not launch SageMaker Studio',
        ),
      });
      const alert = await openAndWaitForAlert(api);
      expect(alert).toHaveTextContent(
        'You are not allowed to open this Studio',
      );
      expect(alert).toHaveTextContent('You may not launch SageMaker Studio');
      expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
      expect(
        await waitFor(() => within(tab.document.body).getByRole('alert')),
      ).toHaveTextContent('You are not allowed to open this Studio');
    });

    it('shows a rejected request', async () => {
      const api = fakeApi({
        launch: failingWith(400, 'InputError', 'Choose a line of business'),
      });
      render(api);

      await userEvent.click(await openButton());

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Choose a line of business',
      );
      expect(
        await waitFor(() => within(tab.document.body).getByRole('alert')),
      ).toHaveTextContent('Choose a line of business');
    });

    it.each([
      [502, 'AWS did not answer as expected'],
      [503, 'AWS is busy right now'],
      [504, 'AWS took too long to answer'],
    ])(
      'shows an AWS failure (%i) with its correlation id, and retries in a new tab',
      async (status, title) => {
        const api = fakeApi();
        api.launch.mockRejectedValueOnce(
          await responseError(
            status,
            'Error',
            'SageMaker is throttling requests',
            'corr-aws',
          ),
        );
        const alert = await openAndWaitForAlert(api);
        expect(alert).toHaveTextContent(title);
        expect(alert).toHaveTextContent('SageMaker is throttling requests');
        expect(alert).toHaveTextContent('corr-aws');
        expect(tab.close).not.toHaveBeenCalled();

        const retryTab = fakeTab();
        openSpy.mockReturnValue(retryTab as any);
        await userEvent.click(
          within(alert).getByRole('button', { name: 'Retry' }),
        );

        await waitFor(() =>
          expect(retryTab.location.replace).toHaveBeenCalledWith(PRESIGNED_URL),
        );
        expect(api.launch).toHaveBeenCalledTimes(2);
        expect(screen.queryByRole('alert')).not.toBeInTheDocument();
        // The tab that explained the failure gave way to the new one.
        expect(tab.close).toHaveBeenCalledTimes(1);
      },
    );

    it('treats a network failure as retryable', async () => {
      const api = fakeApi({
        launch: jest.fn(async () => {
          throw new TypeError('Failed to fetch');
        }),
      });
      const alert = await openAndWaitForAlert(api);
      expect(alert).toHaveTextContent('Cannot reach the portal');
      expect(alert).toHaveTextContent('Failed to fetch');
      expect(
        within(alert).getByRole('button', { name: 'Retry' }),
      ).toBeInTheDocument();
    });

    it('opens Studio in this tab when the browser blocks the new one, explaining a failure in the card', async () => {
      openSpy.mockReturnValue(null);
      const api = fakeApi();
      api.launch.mockRejectedValueOnce(
        await responseError(
          504,
          'AwsTimeoutError',
          'AWS did not answer within 5000 ms',
          'corr-here',
        ),
      );
      const alert = await openAndWaitForAlert(api);
      expect(alert).toHaveTextContent('Your browser blocked the new tab');
      expect(api.launch).not.toHaveBeenCalled();
      await userEvent.click(
        within(alert).getByRole('button', { name: 'Open Studio in this tab' }),
      );

      // Through the portal, with the user's token: a failure is explained, never raw JSON.
      expect(api.launch).toHaveBeenCalledWith({
        lobId: 'risk',
        spaceName: undefined,
      });
      const failure = await screen.findByRole('alert');
      expect(failure).toHaveTextContent('AWS took too long to answer');
      expect(failure).toHaveTextContent('corr-here');
      expect(failure).not.toHaveTextContent('{');
      expect(openSpy).toHaveBeenCalledTimes(1);
    });

    it('shows the correlation id in full and copies it', async () => {
      const writeText = jest.fn(async (_: string) => {});
      Object.defineProperty(window.navigator, 'clipboard', {
        value: { writeText },
        configurable: true,
      });
      const longId = 'c0ffee00-1234-4567-89ab-cdef01234567-long-id-to-wrap';
      const api = fakeApi();
      api.launch.mockRejectedValueOnce(
        await responseError(502, 'AwsUpstreamError', 'x', longId),
      );
      const alert = await openAndWaitForAlert(api);
      expect(within(alert).getByText(longId).tagName).toBe('CODE');
      fireEvent.click(
        within(alert).getByRole('button', { name: 'Copy the correlation id' }),
      );
      await waitFor(() => expect(writeText).toHaveBeenCalledWith(longId));
      expect(
        await within(alert).findByText('Copied to the clipboard'),
      ).toBeInTheDocument();
    });

    it('says so when the clipboard refuses, and the id stays selectable', async () => {
      Object.defineProperty(window.navigator, 'clipboard', {
        value: {
          writeText: jest.fn(async () => {
            throw new Error('NotAllowedError');
          }),
        },
        configurable: true,
      });
      const api = fakeApi();
      api.launch.mockRejectedValueOnce(
        await responseError(502, 'AwsUpstreamError', 'x', 'corr-copy'),
      );
      const alert = await openAndWaitForAlert(api);
      fireEvent.click(
        within(alert).getByRole('button', { name: 'Copy the correlation id' }),
      );

      expect(
        await within(alert).findByText(
          'Could not copy: select the id and copy it',
        ),
      ).toBeInTheDocument();
      expect(within(alert).getByText('corr-copy')).toBeVisible();
    });

    it('retries from the tab that explains the failure, in that same tab', async () => {
      const api = fakeApi();
      api.launch.mockRejectedValueOnce(
        await responseError(504, 'AwsTimeoutError', 'slow', 'corr-slow'),
      );
      render(api);

      await userEvent.click(await openButton());
      const inTab = await waitFor(() =>
        within(tab.document.body).getByRole('alert'),
      );
      expect(inTab).toHaveTextContent('AWS took too long to answer');
      expect(
        within(inTab).getByRole('button', { name: 'Copy the correlation id' }),
      ).toBeInTheDocument();

      fireEvent.click(within(inTab).getByRole('button', { name: 'Retry' }));

      await waitFor(() =>
        expect(tab.location.replace).toHaveBeenCalledWith(PRESIGNED_URL),
      );
      expect(openSpy).toHaveBeenCalledTimes(1);
      expect(api.launch).toHaveBeenCalledTimes(2);
      expect(tab.close).not.toHaveBeenCalled();
    });

    it('closes the tab when the user chooses another LOB after a failure', async () => {
      const api = fakeApi({
        getMe: jest.fn(async () => ({
          userEntityRef: 'user:default/jane',
          memberships: [riskLob, marketingLob],
        })),
      });
      api.launch.mockRejectedValueOnce(
        await responseError(502, 'AwsUpstreamError', 'x'),
      );
      render(api);

      await userEvent.click(await openButton());
      await waitFor(() => within(tab.document.body).getByRole('alert'));
      await userEvent.click(
        screen.getByRole('combobox', { name: 'Line of business' }),
      );
      await userEvent.click(
        await screen.findByRole('option', { name: 'Marketing Science' }),
      );

      expect(tab.close).toHaveBeenCalled();
    });
  });

  describe('before the click, with the profile check', () => {
    const missing = {
      lobId: 'risk',
      userProfileName: 'jane-doe',
      state: 'missing' as const,
    };

    it('tells a user without a Studio profile before they click, and checks again', async () => {
      const api = fakeApi();
      api.getProfileStatus.mockResolvedValueOnce(missing);
      render(api);

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Your Studio user profile was not found');
      expect(alert).toHaveTextContent(
        'your user profile jane-doe does not exist in the Studio domain of Risk Analytics',
      );
      expect(await openButton()).toBeDisabled();
      // No "You have no spaces yet: Studio home will open." to mislead.
      expect(
        screen.queryByRole('combobox', { name: 'Open in' }),
      ).not.toBeInTheDocument();
      expect(api.getProfileStatus).toHaveBeenCalledWith('risk');

      await userEvent.click(
        within(alert).getByRole('button', { name: 'Check again' }),
      );

      await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
      expect(await openButton()).toBeEnabled();
      expect(api.getProfileStatus).toHaveBeenCalledTimes(2);
    });

    it('says the first launch creates the profile in a LOB that provisions them', async () => {
      const api = fakeApi({
        getMe: jest.fn(async () => ({
          userEntityRef: 'user:default/jane',
          memberships: [{ ...riskLob, provisionProfiles: true }],
        })),
      });
      api.getProfileStatus.mockResolvedValueOnce(missing);
      render(api);

      expect(
        await screen.findByText(
          /Your first launch creates your Studio user profile jane-doe/,
        ),
      ).toBeInTheDocument();
      expect(await openButton()).toBeEnabled();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });

    it('does not block the launch when the check itself fails', async () => {
      const api = fakeApi();
      api.getProfileStatus.mockRejectedValueOnce(
        await responseError(503, 'AwsUnreachableError', 'down'),
      );
      render(api);

      expect(await openButton()).toBeEnabled();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    });
  });

  describe('with several lines of business', () => {
    it('lets the user choose the LOB and launches in the chosen one', async () => {
      const api = fakeApi({
        getMe: jest.fn(async () => ({
          userEntityRef: 'user:default/jane',
          memberships: [riskLob, marketingLob],
        })),
      });
      render(api);

      const chooser = await screen.findByRole('combobox', {
        name: 'Line of business',
      });
      expect(chooser).toHaveTextContent('Risk Analytics');
      expect(
        screen.getByLabelText('Studio details for Risk Analytics'),
      ).toHaveTextContent('d-risk123');

      await userEvent.click(chooser);
      await userEvent.click(
        await screen.findByRole('option', { name: 'Marketing Science' }),
      );

      const details = screen.getByLabelText(
        'Studio details for Marketing Science',
      );
      expect(details).toHaveTextContent('d-mkt456');
      expect(details).toHaveTextContent('us-east-1');
      await waitFor(() =>
        expect(api.listSpaces).toHaveBeenCalledWith('marketing'),
      );

      await userEvent.click(await openButton());
      expect(api.launch).toHaveBeenCalledWith({
        lobId: 'marketing',
        spaceName: undefined,
      });
    });
  });
});

describe('OpenStudioContent in a LOB that creates profiles', () => {
  let openSpy: jest.SpyInstance;
  let tab: ReturnType<typeof fakeTab>;
  const groupLob = {
    ...riskLob,
    viaGroup: 'group:default/data-scientists',
    provisionProfiles: true,
  };
  const creating = (elapsedSeconds: number) => ({
    provisioning: {
      lobId: 'risk',
      userProfileName: 'jane-doe',
      state: 'creating' as const,
      awsStatus: 'Pending',
      elapsedSeconds,
    },
  });

  beforeEach(() => {
    tab = fakeTab();
    openSpy = jest.spyOn(window, 'open').mockReturnValue(tab as any);
  });

  afterEach(() => {
    openSpy.mockRestore();
  });

  it('says through which group the user has access', async () => {
    const api = fakeApi({
      getMe: jest.fn(async () => ({
        userEntityRef: 'user:default/jane',
        memberships: [groupLob],
      })),
    });
    render(api);

    const details = await screen.findByLabelText(
      'Studio details for Risk Analytics',
    );
    expect(details).toHaveTextContent('Accessthrough group data-scientists');
  });

  it('names no group for an own membership', async () => {
    render(fakeApi());

    const details = await screen.findByLabelText(
      'Studio details for Risk Analytics',
    );
    expect(details).not.toHaveTextContent('through group');
  });

  it('shows the progress while the first launch creates the profile, then opens Studio', async () => {
    const api = fakeApi({
      getMe: jest.fn(async () => ({
        userEntityRef: 'user:default/jane',
        memberships: [groupLob],
      })),
    });
    api.launch.mockResolvedValueOnce(creating(0));
    api.getProfileStatus
      // The check before the click: not there yet, the first launch creates it.
      .mockResolvedValueOnce({ ...creating(0).provisioning, state: 'missing' })
      .mockResolvedValueOnce(creating(2).provisioning)
      .mockResolvedValueOnce({
        lobId: 'risk',
        userProfileName: 'jane-doe',
        state: 'ready',
        awsStatus: 'InService',
      });
    render(api);

    await userEvent.click(await openButton());

    const status = screen.getByRole('status');
    expect(
      await within(status).findByText(
        'Creating your Studio profile — first launch only',
      ),
    ).toBeInTheDocument();
    expect(
      within(status).getByRole('progressbar', {
        name: 'Creating Studio user profile jane-doe',
      }),
    ).toBeInTheDocument();
    expect(status).toHaveTextContent('SageMaker status: Pending');
    expect(
      await waitFor(() =>
        within(tab.document.body).getByText(
          'Creating your Studio profile — first launch only',
        ),
      ),
    ).toBeInTheDocument();
    expect(tab.document.body).toHaveTextContent(
      'Studio opens in this tab when it is ready',
    );
    expect(await openButton()).toBeDisabled();
    expect(tab.location.replace).not.toHaveBeenCalled();

    // The card asks until the profile is ready, then launches again.
    expect(
      await within(status).findByText(/Pending · 2 s/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(tab.location.replace).toHaveBeenCalledWith(PRESIGNED_URL),
    );
    expect(api.getProfileStatus).toHaveBeenCalledWith('risk');
    expect(api.getProfileStatus).toHaveBeenCalledTimes(3);
    expect(api.launch).toHaveBeenCalledTimes(2);
    expect(
      await screen.findByText('Studio opened in a new tab.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(tab.close).not.toHaveBeenCalled();
  });

  it('shows why the profile could not be created, in the card and the tab, and offers a retry', async () => {
    const api = fakeApi();
    api.launch.mockResolvedValueOnce(creating(0));
    api.getProfileStatus
      .mockResolvedValueOnce({ ...creating(0).provisioning, state: 'ready' })
      .mockRejectedValueOnce(
        await responseError(
          502,
          'AwsUpstreamError',
          "SageMaker could not create your Studio user profile 'jane-doe' in domain d-risk123 (it is Failed).",
          'corr-failed',
        ),
      );
    const alert = await openAndWaitForAlert(api);
    expect(alert).toHaveTextContent('(it is Failed)');
    expect(alert).toHaveTextContent('corr-failed');
    expect(
      await waitFor(() => within(tab.document.body).getByRole('alert')),
    ).toHaveTextContent('corr-failed');
    expect(tab.location.replace).not.toHaveBeenCalled();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(
      within(alert).getByRole('button', { name: 'Retry' }),
    ).toBeInTheDocument();
  });

  it('refuses a profile that belongs to someone else, with the reason', async () => {
    const api = fakeApi({
      launch: failingWith(
        403,
        'NotAllowedError',
        "The SageMaker Studio user profile 'jane-doe' in domain d-risk123 belongs to another user",
      ),
    });
    const alert = await openAndWaitForAlert(api);
    expect(alert).toHaveTextContent('You are not allowed to open this Studio');
    expect(alert).toHaveTextContent('belongs to another user');
    // Only the check before the click: no polling.
    expect(api.getProfileStatus).toHaveBeenCalledTimes(1);
  });

  it('launches again when the profile is reported missing, which starts it anew', async () => {
    const api = fakeApi();
    api.launch.mockResolvedValueOnce(creating(0));
    api.getProfileStatus
      .mockResolvedValueOnce(creating(0).provisioning)
      .mockResolvedValueOnce({
        lobId: 'risk',
        userProfileName: 'jane-doe',
        state: 'missing',
      });
    render(api);

    await userEvent.click(await openButton());

    await waitFor(() =>
      expect(tab.location.replace).toHaveBeenCalledWith(PRESIGNED_URL),
    );
    expect(api.launch).toHaveBeenCalledTimes(2);
  });
});

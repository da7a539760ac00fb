import { act, screen, waitFor, within } from '@testing-library/react';
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
        getMe: jest.fn(async () => {
          throw await responseError(
            404,
            'NotFoundError',
            'You are not mapped to a line of business; ask #ml-platform for access',
            'corr-me',
          );
        }),
      });
      render(api);

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'You are not set up for SageMaker Studio yet',
      );
      expect(alert).toHaveTextContent('ask #ml-platform for access');
      expect(alert).toHaveTextContent('corr-me');
      expect(
        within(alert).queryByRole('button', { name: 'Retry' }),
      ).not.toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: /open studio/i }),
      ).not.toBeInTheDocument();
    });

    it('treats a user without memberships as not set up', async () => {
      const api = fakeApi({
        getMe: jest.fn(async () => ({
          userEntityRef: 'user:default/jane',
          memberships: [],
        })),
      });
      render(api);

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'not a member of any line of business',
      );
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
      expect(tab.document.body.textContent).toBe('Opening SageMaker Studio…');
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
      // The presigned URL is a secret: it must not end up in the page.
      expect(document.body.innerHTML).not.toContain('very-secret');
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

    it('shows a missing profile, naming profile and domain, and closes the tab', async () => {
      const api = fakeApi({
        launch: jest.fn(async () => {
          throw await responseError(
            404,
            'NotFoundError',
            'User profile jane-doe does not exist in domain d-risk123',
          );
        }),
      });
      render(api);

      await userEvent.click(await openButton());

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Your Studio user profile was not found');
      expect(alert).toHaveTextContent(
        'jane-doe does not exist in domain d-risk123',
      );
      expect(alert).toHaveTextContent('corr-42');
      expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
      expect(tab.close).toHaveBeenCalled();
      expect(tab.location.replace).not.toHaveBeenCalled();
    });

    it('shows a missing permission', async () => {
      const api = fakeApi({
        launch: jest.fn(async () => {
          throw await responseError(
            403,
            'NotAllowedError',
            'You may not launch SageMaker Studio',
          );
        }),
      });
      render(api);

      await userEvent.click(await openButton());

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'You are not allowed to open this Studio',
      );
      expect(alert).toHaveTextContent('You may not launch SageMaker Studio');
      expect(within(alert).queryByRole('button', { name: 'Retry' })).toBeNull();
      expect(tab.close).toHaveBeenCalled();
    });

    it('shows a rejected request', async () => {
      const api = fakeApi({
        launch: jest.fn(async () => {
          throw await responseError(
            400,
            'InputError',
            'Choose a line of business',
          );
        }),
      });
      render(api);

      await userEvent.click(await openButton());

      expect(await screen.findByRole('alert')).toHaveTextContent(
        'Choose a line of business',
      );
      expect(tab.close).toHaveBeenCalled();
    });

    it.each([502, 503, 504])(
      'shows an AWS failure (%i) with its correlation id, and retries in a new tab',
      async status => {
        const api = fakeApi();
        api.launch.mockRejectedValueOnce(
          await responseError(
            status,
            'Error',
            'SageMaker is throttling requests',
            'corr-aws',
          ),
        );
        render(api);

        await userEvent.click(await openButton());

        const alert = await screen.findByRole('alert');
        expect(alert).toHaveTextContent('AWS did not answer as expected');
        expect(alert).toHaveTextContent('SageMaker is throttling requests');
        expect(alert).toHaveTextContent('corr-aws');
        expect(tab.close).toHaveBeenCalledTimes(1);

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
      },
    );

    it('treats a network failure as retryable', async () => {
      const api = fakeApi({
        launch: jest.fn(async () => {
          throw new TypeError('Failed to fetch');
        }),
      });
      render(api);

      await userEvent.click(await openButton());

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Failed to fetch');
      expect(
        within(alert).getByRole('button', { name: 'Retry' }),
      ).toBeInTheDocument();
      expect(tab.close).toHaveBeenCalled();
    });

    it('offers a plain link when the browser blocks the new tab', async () => {
      openSpy.mockReturnValue(null);
      const api = fakeApi();
      render(api);

      await userEvent.click(await openButton());

      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent('Your browser blocked the new tab');
      expect(api.launch).not.toHaveBeenCalled();
      expect(
        await within(alert).findByRole('link', {
          name: 'Open Studio in this tab',
        }),
      ).toHaveAttribute('href', '/api/sagemaker-studio/launch?lobId=risk');
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
    expect(tab.document.body.textContent).toBe(
      'Creating your SageMaker Studio profile — first launch only…',
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
    expect(api.getProfileStatus).toHaveBeenCalledTimes(2);
    expect(api.launch).toHaveBeenCalledTimes(2);
    expect(
      await screen.findByText('Studio opened in a new tab.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(tab.close).not.toHaveBeenCalled();
  });

  it('shows why the profile could not be created, closes the tab and offers a retry', async () => {
    const api = fakeApi();
    api.launch.mockResolvedValueOnce(creating(0));
    api.getProfileStatus.mockRejectedValueOnce(
      await responseError(
        502,
        'AwsUpstreamError',
        "SageMaker could not create your Studio user profile 'jane-doe' in domain d-risk123 (it is Failed).",
        'corr-failed',
      ),
    );
    render(api);

    await userEvent.click(await openButton());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('(it is Failed)');
    expect(alert).toHaveTextContent('corr-failed');
    expect(tab.close).toHaveBeenCalled();
    expect(tab.location.replace).not.toHaveBeenCalled();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(
      within(alert).getByRole('button', { name: 'Retry' }),
    ).toBeInTheDocument();
  });

  it('refuses a profile that belongs to someone else, with the reason', async () => {
    const api = fakeApi({
      launch: jest.fn(async () => {
        throw await responseError(
          403,
          'NotAllowedError',
          "The SageMaker Studio user profile 'jane-doe' in domain d-risk123 belongs to another user",
        );
      }),
    });
    render(api);

    await userEvent.click(await openButton());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('You are not allowed to open this Studio');
    expect(alert).toHaveTextContent('belongs to another user');
    expect(tab.close).toHaveBeenCalled();
    expect(api.getProfileStatus).not.toHaveBeenCalled();
  });

  it('launches again when the profile is reported missing, which starts it anew', async () => {
    const api = fakeApi();
    api.launch.mockResolvedValueOnce(creating(0));
    api.getProfileStatus.mockResolvedValueOnce({
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

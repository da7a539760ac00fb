import { ResponseError } from '@backstage/errors';
import { SageMakerStudioClient } from './SageMakerStudioClient';
import {
  BASE_URL,
  Call,
  clientOn,
  errorJson,
  json,
} from '../__testUtils__/fakeBackend';

const setup = (respond: (call: Call) => Response) =>
  clientOn(SageMakerStudioClient, respond);

const backstageError = (
  status: number,
  name: string,
  message: string,
  correlationId = 'corr-1',
) =>
  errorJson(status, name, message, {}, { 'X-Correlation-Id': correlationId });

const membership = {
  lobId: 'risk',
  displayName: 'Risk Analytics',
  accountId: '111122223333',
  region: 'eu-west-1',
  domainId: 'd-abc123',
  userProfileName: 'jane-doe',
};

describe('SageMakerStudioClient', () => {
  describe('getMe', () => {
    it('gets /me from the plugin base URL', async () => {
      const me = {
        userEntityRef: 'user:default/jane',
        memberships: [membership],
      };
      const { client, calls, discoveryApi } = setup(() => json(me));

      await expect(client.getMe()).resolves.toEqual(me);
      expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('sagemaker-studio');
      expect(calls).toHaveLength(1);
      expect(calls[0].url).toBe(`${BASE_URL}/me`);
      expect(calls[0].init?.method ?? 'GET').toBe('GET');
    });

    it('rejects an unmapped user with the 404 message and correlation id', async () => {
      const { client } = setup(() =>
        backstageError(
          404,
          'NotFoundError',
          'Ask the Risk platform team',
          'c-404',
        ),
      );

      const error = await client.getMe().catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(404);
      expect(error.cause.name).toBe('NotFoundError');
      expect(error.cause.message).toBe('Ask the Risk platform team');
      expect(error.response.headers.get('x-correlation-id')).toBe('c-404');
    });
  });

  describe('launch', () => {
    it('posts the choice as JSON and returns the URL', async () => {
      const launched = {
        url: 'https://d-abc123.studio.eu-west-1.sagemaker.aws/auth?token=secret',
        expiresAt: '2026-01-01T00:05:00.000Z',
      };
      const { client, calls } = setup(() => json(launched));

      await expect(
        client.launch({ lobId: 'risk', spaceName: 'my-lab' }),
      ).resolves.toEqual(launched);
      expect(calls[0].url).toBe(`${BASE_URL}/launch`);
      expect(calls[0].init?.method).toBe('POST');
      expect(new Headers(calls[0].init?.headers).get('content-type')).toBe(
        'application/json',
      );
      expect(JSON.parse(String(calls[0].init?.body))).toEqual({
        lobId: 'risk',
        spaceName: 'my-lab',
      });
    });

    it('leaves out unset and empty fields', async () => {
      const { client, calls } = setup(() =>
        json({ url: 'https://x', expiresAt: '2026-01-01T00:00:00Z' }),
      );

      await client.launch({
        lobId: 'risk',
        spaceName: '',
        landingUri: undefined,
      });
      expect(JSON.parse(String(calls[0].init?.body))).toEqual({
        lobId: 'risk',
      });
    });

    it.each([
      [400, 'InputError', 'Choose a line of business'],
      [403, 'NotAllowedError', 'You are not a member of risk'],
      [404, 'NotFoundError', 'Profile jane-doe is missing in domain d-abc123'],
      [502, 'Error', 'SageMaker did not answer'],
      [503, 'ServiceUnavailableError', 'STS is unavailable'],
      [504, 'Error', 'AWS timed out'],
    ])('maps %i %s to a ResponseError', async (status, name, message) => {
      const { client } = setup(() => backstageError(status, name, message));

      const error = await client.launch({ lobId: 'risk' }).catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(status);
      expect(error.cause.name).toBe(name);
      expect(error.cause.message).toBe(message);
      expect(error.response.headers.get('x-correlation-id')).toBe('corr-1');
    });

    it('still rejects with a ResponseError when the body is not JSON', async () => {
      const { client } = setup(
        () =>
          new Response('Bad Gateway', {
            status: 502,
            statusText: 'Bad Gateway',
          }),
      );

      const error = await client.launch({}).catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(502);
    });
  });

  describe('listSpaces', () => {
    it('gets /spaces for the LOB, encoding the id', async () => {
      const spaces = {
        spaces: [
          {
            spaceName: 'my-lab',
            appType: 'JupyterLab',
            sharingType: 'Private',
          },
        ],
      };
      const { client, calls } = setup(() => json(spaces));

      await expect(client.listSpaces('risk & fraud')).resolves.toEqual(spaces);
      expect(calls[0].url).toBe(`${BASE_URL}/spaces?lobId=risk+%26+fraud`);
    });

    it('rejects with a ResponseError on failure', async () => {
      const { client } = setup(() =>
        backstageError(403, 'NotAllowedError', 'Not a member'),
      );

      await expect(client.listSpaces('risk')).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 403,
      });
    });
  });

  describe('getLaunchLink', () => {
    it('has the user cookie set, then builds the redirecting GET /launch link', async () => {
      const { client, calls } = setup(() =>
        json({ expiresAt: '2026-01-01T00:00:00Z' }),
      );

      await expect(
        client.getLaunchLink({ lobId: 'risk', spaceName: 'my lab' }),
      ).resolves.toBe(`${BASE_URL}/launch?lobId=risk&spaceName=my+lab`);
      await expect(client.getLaunchLink({})).resolves.toBe(
        `${BASE_URL}/launch`,
      );
      expect(calls.map(c => c.url)).toEqual([
        `${BASE_URL}/.backstage/auth/v1/cookie`,
        `${BASE_URL}/.backstage/auth/v1/cookie`,
      ]);
    });
  });

  describe('first launch in a LOB that creates profiles', () => {
    const creating = {
      provisioning: {
        lobId: 'risk',
        userProfileName: 'jane-doe',
        state: 'creating',
        awsStatus: 'Pending',
      },
    };

    it('passes on the 202 that says the profile is being created', async () => {
      const { client } = setup(() => json(creating, 202));

      await expect(client.launch({ lobId: 'risk' })).resolves.toEqual(creating);
    });

    it('asks GET /profile for the LOB, and rejects a failed creation with its message', async () => {
      const { client, calls } = setup(({ url }) =>
        url.endsWith('lobId=risk')
          ? json({ ...creating.provisioning, state: 'ready' })
          : backstageError(502, 'AwsUpstreamError', 'It is Failed', 'c-502'),
      );

      await expect(client.getProfileStatus('risk')).resolves.toMatchObject({
        state: 'ready',
      });
      expect(calls[0].url).toBe(`${BASE_URL}/profile?lobId=risk`);
      const failure = await client.getProfileStatus().catch(e => e);
      expect(calls[1].url).toBe(`${BASE_URL}/profile`);
      expect(ResponseError.is(failure)).toBe(true);
      expect(failure.cause.message).toBe('It is Failed');
    });
  });
});

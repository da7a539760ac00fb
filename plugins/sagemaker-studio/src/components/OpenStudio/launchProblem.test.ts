import { describeLaunchError, describeMeError } from './launchProblem';
import { responseError } from './testFixtures';

const TECHNICAL =
  /arn:|caused by|sourceVpce|ResourceNotFound|AccessDenied|\(\w+Error\)/;

describe('describeMeError', () => {
  it('reads a 404 as "not set up", with the configured whom-to-ask and no id to quote', async () => {
    const problem = describeMeError(
      await responseError(404, 'NotFoundError', 'Ask #ml-platform', 'c-1'),
    );
    expect(problem).toEqual({
      kind: 'not-mapped',
      title: 'You are not set up for SageMaker Studio yet',
      message: 'Ask #ml-platform',
      retryable: false,
    });
  });
});

describe('describeLaunchError', () => {
  it.each([
    [403, 'NotAllowedError', 'forbidden', false, 'You are not allowed'],
    [404, 'NotFoundError', 'profile-missing', false, 'profile was not found'],
    [404, 'SpaceNotFoundError', 'space-missing', false, 'space does not exist'],
    [500, 'Error', 'unknown', true, 'Something went wrong'],
    [502, 'AwsUpstreamError', 'aws', true, 'AWS did not answer as expected'],
    [503, 'ServiceUnavailableError', 'aws', true, 'AWS is busy'],
    [503, 'AwsUnreachableError', 'aws-unreachable', true, 'Cannot reach AWS'],
    [504, 'AwsTimeoutError', 'aws', true, 'AWS took too long'],
    [502, 'ProvisioningError', 'aws', true, 'could not be created'],
    [409, 'ProvisioningError', 'aws', false, 'could not be created'],
  ])(
    'reads %i %s as %s (retryable: %s), in plain words with the detail kept apart',
    async (status, name, kind, retryable, title) => {
      const backendSaid =
        'AWS denied creating the Studio URL (user-profile scoping and the aws:sourceVpce condition); caused by ResourceNotFound: arn:aws:sagemaker:eu-west-1:1:user-profile/d-1/x';
      const problem = describeLaunchError(
        await responseError(status, name, backendSaid, 'c-2'),
      );
      expect(problem).toMatchObject({
        kind,
        retryable,
        detail: backendSaid,
        correlationId: 'c-2',
      });
      expect(problem.title).toContain(title);
      expect(problem.title).not.toMatch(TECHNICAL);
      expect(problem.message).not.toMatch(TECHNICAL);
    },
  );

  it('keeps the backend words of a rejected request: they are about the input', async () => {
    const problem = describeLaunchError(
      await responseError(
        400,
        'InputError',
        'Choose a line of business',
        'c-3',
      ),
    );
    expect(problem).toMatchObject({
      kind: 'invalid-request',
      message: 'Choose a line of business',
      retryable: false,
      correlationId: 'c-3',
    });
  });

  it('has no correlation id when the response carried none', async () => {
    const error = await responseError(503, 'Error', 'down');
    error.response.headers.delete('X-Correlation-Id');
    expect(describeLaunchError(error).correlationId).toBeUndefined();
  });

  it('says the portal cannot be reached when no answer came back', () => {
    expect(describeLaunchError(new TypeError('Failed to fetch'))).toEqual({
      kind: 'portal-unreachable',
      title: 'Cannot reach the portal',
      message: 'Check your network connection, then try again.',
      detail: 'Failed to fetch',
      retryable: true,
    });
    expect(describeLaunchError('boom').detail).toBe('boom');
  });
});

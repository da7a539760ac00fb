import { describeLaunchError, describeMeError } from './launchProblem';
import { responseError } from './testFixtures';

describe('describeMeError', () => {
  it('reads a 404 as "not set up", keeping the backend message', async () => {
    const problem = describeMeError(
      await responseError(404, 'NotFoundError', 'Ask #ml-platform', 'c-1'),
    );
    expect(problem).toEqual({
      kind: 'not-mapped',
      title: 'You are not set up for SageMaker Studio yet',
      message: 'Ask #ml-platform',
      correlationId: 'c-1',
      retryable: false,
    });
  });
});

describe('describeLaunchError', () => {
  it.each([
    [400, 'invalid-request', false],
    [403, 'forbidden', false],
    [404, 'profile-missing', false],
    [500, 'unknown', true],
    [502, 'aws', true],
    [503, 'aws', true],
    [504, 'aws', true],
  ])('reads %i as %s (retryable: %s)', async (status, kind, retryable) => {
    const problem = describeLaunchError(
      await responseError(status, 'Error', 'what the backend said', 'c-2'),
    );
    expect(problem).toMatchObject({
      kind,
      retryable,
      message: 'what the backend said',
      correlationId: 'c-2',
    });
  });

  it('has no correlation id when the response carried none', async () => {
    const error = await responseError(503, 'Error', 'down');
    error.response.headers.delete('X-Correlation-Id');
    expect(describeLaunchError(error).correlationId).toBeUndefined();
  });

  it('describes errors that never reached the backend', () => {
    expect(describeLaunchError(new TypeError('Failed to fetch'))).toEqual({
      kind: 'unknown',
      title: 'Something went wrong',
      message: 'Failed to fetch',
      retryable: true,
    });
    expect(describeLaunchError('boom').message).toBe('boom');
  });
});

import { toStudioError, type AwsCallContext } from './awsErrors';

const ctx: AwsCallContext = {
  step: 'presign',
  lobId: 'lob-a',
  accountId: '111111111111',
  roleArn: 'arn:aws:iam::111111111111:role/Access',
  domainId: 'd-loba00000001',
  userProfileName: 'jane',
  timeoutMs: 5000,
};

const sdkError = (name: string, extra: object = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...extra });

function statusOf(error: any): number {
  return (
    error.statusCode ??
    {
      InputError: 400,
      NotAllowedError: 403,
      NotFoundError: 404,
      ServiceUnavailableError: 503,
    }[error.name as string]
  );
}

describe('toStudioError', () => {
  it.each([
    ['AccessDenied', 'assume-role', 403, /trust policy/],
    ['AccessDeniedException', 'presign', 403, /portal's VPC endpoint/],
    [
      'ResourceNotFound',
      'presign',
      404,
      /profile 'jane' in domain d-loba00000001/,
    ],
    ['Throttling', 'assume-role', 503, /throttling/],
    ['ThrottlingException', 'presign', 503, /throttling/],
    ['ProvisionedThroughputExceededException', 'mappings', 503, /throttling/],
    ['AbortError', 'presign', 504, /within 5000 ms/],
    [
      'InvalidClientTokenId',
      'assume-role',
      502,
      /portal's own AWS credentials/,
    ],
    ['SomethingNew', 'presign', 502, /SomethingNew/],
  ] as const)('%s during %s -> %i', (name, step, status, message) => {
    const error = toStudioError(sdkError(name), { ...ctx, step });
    expect(statusOf(error)).toBe(status);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('lob-a');
  });

  it('treats AWS server faults and unreachable endpoints as 503, named apart', () => {
    const fault = toStudioError(
      sdkError('InternalFailure', { $fault: 'server' }),
      ctx,
    );
    expect(statusOf(fault)).toBe(503);
    expect(fault.name).toBe('ServiceUnavailableError');
    const unreachable = toStudioError(
      sdkError('Error', { code: 'ECONNREFUSED' }),
      ctx,
    );
    expect(statusOf(unreachable)).toBe(503);
    // The card tells "cannot reach AWS" apart from "AWS answered badly".
    expect(unreachable.name).toBe('AwsUnreachableError');
    expect(unreachable.message).toMatch(/could not be reached/);
  });

  it('never names an AWS condition key or ARN in what the user reads', () => {
    for (const name of ['AccessDeniedException', 'ResourceNotFound']) {
      const error = toStudioError(sdkError(name), ctx);
      expect(error.message).not.toMatch(/aws:|arn:|caused by/);
    }
  });

  it('says which space is missing', () => {
    const error = toStudioError(
      sdkError('ResourceNotFound', { message: 'Space not found' }),
      { ...ctx, spaceName: 'gone' },
    );
    expect(error.message).toContain("no space 'gone'");
    expect(error.name).toBe('SpaceNotFoundError');
    expect(statusOf(error)).toBe(404);
  });
});

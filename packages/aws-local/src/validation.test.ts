import { cognitoRequest } from './cognitoRequests';
import { sageMakerRequest } from './sagemakerRequests';

function failure(run: () => unknown) {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; status: number };
  }
  throw new Error('expected a validation error');
}

describe('SageMaker request validation', () => {
  const presign = (input: unknown) => () =>
    sageMakerRequest('CreatePresignedDomainUrl', input);

  it('returns the declared members with the optional ones absent', () => {
    expect(
      sageMakerRequest('CreatePresignedDomainUrl', {
        DomainId: 'd-abc',
        UserProfileName: 'alice',
        SpaceName: null,
        Unknown: 'dropped',
      }),
    ).toEqual({ DomainId: 'd-abc', UserProfileName: 'alice' });
  });

  it('words each failed member as SageMaker does, in declaration order', () => {
    expect(failure(presign({ DomainId: 'domain-1' }))).toMatchObject({
      code: 'ValidationException',
      status: 400,
      message:
        "2 validation errors detected: Value 'domain-1' at 'domainId' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: d-(?:-*[a-z0-9]){1,61}; ' +
        "Value null at 'userProfileName' failed to satisfy constraint: Member must not be null",
    });
    expect(
      failure(
        presign({
          DomainId: 'd-abc',
          UserProfileName: 'alice',
          ExpiresInSeconds: 1,
        }),
      ).message,
    ).toBe(
      "1 validation error detected: Value '1' at 'expiresInSeconds' failed to satisfy constraint: " +
        'Member must have value greater than or equal to 5',
    );
  });

  it('names one constraint per member: the length before the pattern', () => {
    const name = `${'x'.repeat(63)}_`;
    expect(
      failure(presign({ DomainId: 'd-abc', UserProfileName: name })).message,
    ).toBe(
      `1 validation error detected: Value '${name}' at 'userProfileName' failed to satisfy constraint: ` +
        'Member must have length less than or equal to 63',
    );
  });

  it('answers a wrongly typed member with SerializationException', () => {
    expect(
      failure(presign({ DomainId: 7, UserProfileName: 'alice' })),
    ).toMatchObject({
      code: 'SerializationException',
      message: 'Expected a string for DomainId',
    });
    expect(
      failure(
        presign({
          DomainId: 'd-abc',
          UserProfileName: 'alice',
          ExpiresInSeconds: 'soon',
        }),
      ).message,
    ).toBe('Expected an integer for ExpiresInSeconds');
  });

  it('checks nested tag members by their own names', () => {
    expect(
      failure(() =>
        sageMakerRequest('CreateUserProfile', {
          DomainId: 'd-abc',
          UserProfileName: 'alice',
          Tags: [{ Key: 'ok' }, { Key: 'x'.repeat(129) }],
        }),
      ).message,
    ).toMatch(/^1 validation error detected: Value 'x+' at 'key' failed/);
  });
});

describe('Cognito request validation', () => {
  it('treats an empty required string as missing, as Cognito does', () => {
    expect(
      failure(() => cognitoRequest('AdminGetUser', { Username: '' })),
    ).toMatchObject({
      code: 'InvalidParameterException',
      message:
        "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must not be null",
    });
  });

  it('bounds the page size', () => {
    expect(
      failure(() => cognitoRequest('ListUsers', { Limit: 61 })).message,
    ).toBe(
      "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: " +
        'Member must have value less than or equal to 60',
    );
    expect(
      failure(() => cognitoRequest('ListGroups', { NextToken: 5 })),
    ).toMatchObject({
      code: 'SerializationException',
      message: 'Value for NextToken must be a string.',
    });
  });
});

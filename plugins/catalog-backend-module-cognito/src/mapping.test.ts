import type {
  UserStatusType,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  groupToEntity,
  isCatalogUser,
  userToEntity,
  type MappingContext,
} from './mapping';

const ctx: MappingContext = {
  userPoolId: 'us-east-1_Pool1',
  userNameFrom: 'username',
  groupType: 'team',
};

function user(
  overrides: Partial<UserType> = {},
  attributes: Record<string, string> = {},
): UserType {
  return {
    Username: 'jane',
    Enabled: true,
    UserStatus: 'CONFIRMED',
    Attributes: Object.entries({ sub: 'sub-1', ...attributes }).map(
      ([Name, Value]) => ({ Name, Value }),
    ),
    ...overrides,
  };
}

describe('userToEntity', () => {
  it('maps name, display name, email, memberships and annotations', () => {
    const entity = userToEntity(
      user({}, { email: 'jane@corp.com', name: 'Jane Doe' }),
      ['fraud-ds'],
      ctx,
    );
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: {
        name: 'jane',
        annotations: {
          'backstage.io/managed-by-location':
            'cognito-user-pool:us-east-1_Pool1',
          'backstage.io/managed-by-origin-location':
            'cognito-user-pool:us-east-1_Pool1',
          'cognito.aws.amazon.com/user-pool-id': 'us-east-1_Pool1',
          'cognito.aws.amazon.com/sub': 'sub-1',
          'cognito.aws.amazon.com/username': 'jane',
        },
      },
      spec: {
        profile: { displayName: 'Jane Doe', email: 'jane@corp.com' },
        memberOf: ['fraud-ds'],
      },
    });
  });

  it('builds the display name from given and family name, then preferred_username', () => {
    expect(
      userToEntity(
        user({}, { given_name: 'Jane', family_name: 'Doe' }),
        [],
        ctx,
      ).spec.profile,
    ).toEqual({
      displayName: 'Jane Doe',
    });
    expect(
      userToEntity(user({}, { preferred_username: 'jd' }), [], ctx).spec
        .profile,
    ).toEqual({ displayName: 'jd' });
    expect(userToEntity(user(), [], ctx).spec.profile).toEqual({});
  });

  it('names by email when configured, keeping the username in an annotation', () => {
    const entity = userToEntity(
      user(
        { Username: '0b6e2f7a-1111-4222-8333-944445555666' },
        { email: 'Jane.Doe@corp.com' },
      ),
      [],
      { ...ctx, userNameFrom: 'email' },
    );
    expect(entity.metadata.name).toMatch(/^jane.doe_[a-z2-7]{12}$/);
    expect(
      entity.metadata.annotations!['cognito.aws.amazon.com/username'],
    ).toBe('0b6e2f7a-1111-4222-8333-944445555666');
  });

  it('refuses records without a username or sub as bad records', () => {
    expect(() => userToEntity(user({ Username: undefined }), [], ctx)).toThrow(
      expect.objectContaining({ name: 'BadRecordError' }),
    );
    expect(() =>
      userToEntity({ Username: 'x', Attributes: [{ Name: 'email' }] }, [], ctx),
    ).toThrow('user x: no sub attribute');
  });
});

describe('isCatalogUser', () => {
  it.each([
    ['CONFIRMED', true, true],
    ['EXTERNAL_PROVIDER', true, true],
    ['FORCE_CHANGE_PASSWORD', true, true],
    ['RESET_REQUIRED', true, true],
    ['CONFIRMED', false, false],
    ['UNCONFIRMED', true, false],
    ['ARCHIVED', true, false],
    [undefined, true, false],
  ])('status %s, enabled %s -> %s', (UserStatus, Enabled, expected) => {
    expect(
      isCatalogUser({
        Username: 'x',
        UserStatus: UserStatus as UserStatusType,
        Enabled,
      }),
    ).toBe(expected);
  });
});

describe('groupToEntity', () => {
  it('maps the group with its description and original name', () => {
    expect(
      groupToEntity(
        { GroupName: 'Fraud DS', Description: 'Fraud data scientists' },
        ctx,
      ),
    ).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: expect.stringMatching(/^fraud-ds_[a-z2-7]{12}$/),
        description: 'Fraud data scientists',
        annotations: expect.objectContaining({
          'cognito.aws.amazon.com/group-name': 'Fraud DS',
        }),
      },
      spec: {
        type: 'team',
        profile: { displayName: 'Fraud DS' },
        children: [],
      },
    });
  });
});

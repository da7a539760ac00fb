import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  paginateListUsers,
} from '@aws-sdk/client-cognito-identity-provider';
import { startCognitoStandIn, type CognitoStandIn } from './cognito';

const POOL = 'us-east-1_TestPool01';
const ADMIN = {
  accessKeyId: 'AKIACOGNITOADMIN0001',
  secretAccessKey: 'admin-secret',
  arn: 'arn:aws:iam::123456789012:user/admin',
};
const READER = {
  accessKeyId: 'AKIACOGNITOREADER001',
  secretAccessKey: 'reader-secret',
  arn: 'arn:aws:iam::123456789012:role/catalog',
  actions: [
    'cognito-idp:ListUsers',
    'cognito-idp:ListGroups',
    'cognito-idp:ListUsersInGroup',
  ],
};

let standIn: CognitoStandIn;

function client(
  caller: { accessKeyId: string; secretAccessKey: string },
  region = 'us-east-1',
) {
  return new CognitoIdentityProviderClient({
    endpoint: standIn.endpoint,
    region,
    credentials: {
      accessKeyId: caller.accessKeyId,
      secretAccessKey: caller.secretAccessKey,
    },
    maxAttempts: 1,
  });
}

beforeEach(async () => {
  standIn = await startCognitoStandIn({
    pools: [
      {
        userPoolId: POOL,
        groups: [
          { groupName: 'fraud-ds', description: 'Fraud data scientists' },
        ],
        users: Array.from({ length: 130 }, (_, i) => ({
          username: `user-${String(i).padStart(3, '0')}`,
          attributes: { email: `user-${i}@example.com`, name: `User ${i}` },
          password: 'Passw0rd!',
          groups: i < 65 ? ['fraud-ds'] : [],
        })),
      },
      { userPoolId: 'eu-west-1_ByEmail01', usernameAttributes: ['email'] },
    ],
    callers: [ADMIN, READER],
  });
});

afterEach(() => standIn.close());

describe('Cognito stand-in', () => {
  it('pages ListUsers 60 at a time with a token, as AWS does, in a stable order', async () => {
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of paginateListUsers(
      { client: client(READER) },
      { UserPoolId: POOL },
    )) {
      pages.push(page.Users!.length);
      names.push(...page.Users!.map(u => u.Username!));
    }
    expect(pages).toEqual([60, 60, 10]);
    expect(new Set(names).size).toBe(130);
    expect(names).toEqual([...names].sort());
  });

  it('answers users in AWS shape: attributes as Name/Value, dates, Enabled, UserStatus', async () => {
    const { Users } = await client(READER).send(
      new ListUsersCommand({
        UserPoolId: POOL,
        Limit: 1,
        AttributesToGet: ['email'],
      }),
    );
    expect(Users![0]).toEqual({
      Username: 'user-000',
      Attributes: [{ Name: 'email', Value: 'user-0@example.com' }],
      UserCreateDate: expect.any(Date),
      UserLastModifiedDate: expect.any(Date),
      Enabled: true,
      UserStatus: 'CONFIRMED',
    });
  });

  it('refuses a page size above 60 and a token of another operation', async () => {
    await expect(
      client(READER).send(
        new ListUsersCommand({ UserPoolId: POOL, Limit: 61 }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    const groups = await client(READER).send(
      new ListUsersInGroupCommand({
        UserPoolId: POOL,
        GroupName: 'fraud-ds',
        Limit: 2,
      }),
    );
    expect(groups.NextToken).toBeDefined();
    await expect(
      client(READER).send(
        new ListUsersCommand({
          UserPoolId: POOL,
          PaginationToken: groups.NextToken,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('keeps paging right while users are added between pages', async () => {
    const first = await client(READER).send(
      new ListUsersCommand({ UserPoolId: POOL, Limit: 60 }),
    );
    standIn.pool(POOL).seedUser({ username: 'aaa-new' });
    const second = await client(READER).send(
      new ListUsersCommand({
        UserPoolId: POOL,
        Limit: 60,
        PaginationToken: first.PaginationToken,
      }),
    );
    expect(second.Users![0].Username).toBe('user-060');
  });

  it('lists groups and their members, and shows disabled users as Enabled: false', async () => {
    await client(ADMIN).send(
      new AdminDisableUserCommand({ UserPoolId: POOL, Username: 'user-001' }),
    );
    const { Groups } = await client(READER).send(
      new ListGroupsCommand({ UserPoolId: POOL }),
    );
    expect(Groups).toEqual([
      expect.objectContaining({
        GroupName: 'fraud-ds',
        Description: 'Fraud data scientists',
        UserPoolId: POOL,
      }),
    ]);
    const members = await client(READER).send(
      new ListUsersInGroupCommand({ UserPoolId: POOL, GroupName: 'fraud-ds' }),
    );
    expect(members.Users).toHaveLength(60);
    expect(members.Users!.find(u => u.Username === 'user-001')?.Enabled).toBe(
      false,
    );
    await expect(
      client(READER).send(
        new ListUsersInGroupCommand({ UserPoolId: POOL, GroupName: 'nope' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('creates users and groups with the admin API and AWS error names', async () => {
    const admin = client(ADMIN);
    await admin.send(
      new CreateGroupCommand({ UserPoolId: POOL, GroupName: 'new-team' }),
    );
    await expect(
      admin.send(
        new CreateGroupCommand({ UserPoolId: POOL, GroupName: 'new-team' }),
      ),
    ).rejects.toMatchObject({
      name: 'GroupExistsException',
    });
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: POOL,
          Username: 'Odd User@Corp',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' }); // whitespace is not allowed
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: POOL,
        Username: 'Odd.User@Corp',
      }),
    );
    await admin.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: POOL,
        Username: 'Odd.User@Corp',
        GroupName: 'new-team',
      }),
    );
    await expect(
      admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: POOL,
          Username: 'ghost',
          GroupName: 'new-team',
        }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
    const got = await admin.send(
      new AdminGetUserCommand({ UserPoolId: POOL, Username: 'Odd.User@Corp' }),
    );
    expect(got.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(got.UserAttributes!.map(a => a.Name)).toContain('sub');
  });

  it('gives email pools UUID usernames and finds users by email', async () => {
    const admin = client(ADMIN, 'eu-west-1');
    const created = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: 'eu-west-1_ByEmail01',
        Username: 'jane@example.com',
        UserAttributes: [{ Name: 'email', Value: 'jane@example.com' }],
      }),
    );
    expect(created.User!.Username).toMatch(/^[0-9a-f-]{36}$/);
    const got = await admin.send(
      new AdminGetUserCommand({
        UserPoolId: 'eu-west-1_ByEmail01',
        Username: 'jane@example.com',
      }),
    );
    expect(got.Username).toBe(created.User!.Username);
    expect(got.UserAttributes).toContainEqual({
      Name: 'sub',
      Value: got.Username,
    });
  });

  it('refuses actions the caller may not call, unknown keys, and pools of another region', async () => {
    await expect(
      client(READER).send(
        new AdminCreateUserCommand({ UserPoolId: POOL, Username: 'x' }),
      ),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        `cognito-idp:AdminCreateUser on resource: arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL}`,
      ),
    });
    await expect(
      client({
        accessKeyId: 'AKIAUNKNOWN000000001',
        secretAccessKey: 'x',
      }).send(new ListUsersCommand({ UserPoolId: POOL })),
    ).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    await expect(
      client({ ...READER, secretAccessKey: 'wrong' }).send(
        new ListUsersCommand({ UserPoolId: POOL }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' });
    await expect(
      client(READER, 'eu-west-1').send(
        new ListUsersCommand({ UserPoolId: POOL }),
      ),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('throttles with TooManyRequestsException, which the SDK retries', async () => {
    standIn.injectFault({ kind: 'throttle', action: 'ListUsers', times: 2 });
    const retrying = new CognitoIdentityProviderClient({
      endpoint: standIn.endpoint,
      region: 'us-east-1',
      credentials: READER,
      maxAttempts: 3,
      retryStrategy: undefined,
    });
    const { Users } = await retrying.send(
      new ListUsersCommand({ UserPoolId: POOL, Limit: 1 }),
    );
    expect(Users).toHaveLength(1);
    expect(standIn.stats().ListUsers).toBe(3);

    standIn.injectFault({ kind: 'throttle', times: 1 });
    await expect(
      client(READER).send(new ListGroupsCommand({ UserPoolId: POOL })),
    ).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
  });

  it('filters ListUsers by attribute, and verifies passwords for the local sign-in', async () => {
    const { Users } = await client(READER).send(
      new ListUsersCommand({
        UserPoolId: POOL,
        Filter: 'email = "user-7@example.com"',
      }),
    );
    expect(Users!.map(u => u.Username)).toEqual(['user-007']);
    const pool = standIn.pool(POOL);
    expect(pool.verifyPassword('user-007', 'Passw0rd!')?.username).toBe(
      'user-007',
    );
    expect(pool.verifyPassword('user-007', 'wrong')).toBeUndefined();
    expect(pool.idTokenClaims('user-000')).toMatchObject({
      'cognito:username': 'user-000',
      'cognito:groups': ['fraud-ds'],
      email: 'user-0@example.com',
    });
    pool.setEnabled('user-007', false);
    expect(() => pool.verifyPassword('user-007', 'Passw0rd!')).toThrow(
      'User is disabled.',
    );
  });
});

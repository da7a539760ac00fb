import type {
  GroupType,
  UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import type { CognitoProviderConfig } from './config';
import { CognitoUserPoolEntityProvider } from './provider';
import type { UserPoolReader } from './reader';

const config: CognitoProviderConfig = {
  id: 'test',
  userPoolId: 'us-east-1_Pool1',
  region: 'us-east-1',
  userNameFrom: 'username',
  groupType: 'team',
  maxAttempts: 3,
  schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 } },
};

function poolUser(username: string, extra: Partial<UserType> = {}): UserType {
  return {
    Username: username,
    Enabled: true,
    UserStatus: 'CONFIRMED',
    Attributes: [{ Name: 'sub', Value: `sub-${username}` }],
    ...extra,
  };
}

/** A pool read in pages of `pageSize`, as the SDK paginators yield them. */
class FakeReader implements UserPoolReader {
  calls: string[] = [];
  failOn?: string;

  constructor(
    private readonly users: UserType[],
    private readonly groups: GroupType[],
    private readonly members: Record<string, string[]>,
    private readonly pageSize = 2,
  ) {}

  private async *pages<T>(what: string, items: T[]): AsyncIterable<T[]> {
    for (let i = 0; i === 0 || i < items.length; i += this.pageSize) {
      this.calls.push(what);
      if (this.failOn === what)
        throw Object.assign(new Error('Rate exceeded'), {
          name: 'TooManyRequestsException',
        });
      yield items.slice(i, i + this.pageSize);
    }
  }

  listUsers() {
    return this.pages('ListUsers', this.users);
  }
  listGroups() {
    return this.pages('ListGroups', this.groups);
  }
  listUsersInGroup(groupName: string) {
    return this.pages(
      `ListUsersInGroup:${groupName}`,
      this.members[groupName] ?? [],
    );
  }
}

function connection() {
  const mutations: EntityProviderMutation[] = [];
  return {
    mutations,
    connection: {
      applyMutation: async (mutation: EntityProviderMutation) => {
        mutations.push(mutation);
      },
      refresh: async () => {},
    } as EntityProviderConnection,
  };
}

/** A logger whose child loggers are itself, so that tests see every line. */
function testLogger() {
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  return logger;
}

async function run(reader: UserPoolReader, logger = testLogger()) {
  const provider = new CognitoUserPoolEntityProvider({
    config,
    reader,
    logger,
  });
  const { connection: conn, mutations } = connection();
  await provider.connect(conn);
  const result = await provider.refresh();
  return { result, mutations, logger };
}

const names = (mutation: EntityProviderMutation) =>
  mutation.type === 'full'
    ? mutation.entities.map(e => `${e.entity.kind}:${e.entity.metadata.name}`)
    : [];

describe('CognitoUserPoolEntityProvider', () => {
  it('reads every page and applies one full mutation with users, groups and memberships', async () => {
    const reader = new FakeReader(
      ['a', 'b', 'c', 'd', 'e'].map(u => poolUser(u)),
      [
        { GroupName: 'fraud-ds' },
        { GroupName: 'admins' },
        { GroupName: 'empty' },
      ],
      { 'fraud-ds': ['a', 'b', 'c'], admins: ['c'] },
    );
    const { result, mutations } = await run(reader);
    expect(result).toMatchObject({
      users: 5,
      groups: 3,
      leftOut: 0,
      skipped: 0,
    });
    expect(mutations).toHaveLength(1);
    expect(mutations[0].type).toBe('full');
    expect(names(mutations[0]).sort()).toEqual(
      [
        'Group:admins',
        'Group:empty',
        'Group:fraud-ds',
        'User:a',
        'User:b',
        'User:c',
        'User:d',
        'User:e',
      ].sort(),
    );
    const c = (mutations[0] as any).entities.find(
      (e: any) => e.entity.metadata.name === 'c',
    );
    expect(c.entity.spec.memberOf).toEqual(['fraud-ds', 'admins']);
    expect(c.locationKey).toBe('cognito-user-pool:us-east-1_Pool1');
    // 5 users in pages of 2, 3 groups in pages of 2, and each group's members.
    expect(reader.calls.filter(call => call === 'ListUsers')).toHaveLength(3);
    expect(reader.calls.filter(call => call === 'ListGroups')).toHaveLength(2);
  });

  it('leaves disabled and unconfirmed users out, also from their groups', async () => {
    const reader = new FakeReader(
      [
        poolUser('a'),
        poolUser('off', { Enabled: false }),
        poolUser('new', { UserStatus: 'UNCONFIRMED' }),
      ],
      [{ GroupName: 'g' }],
      { g: ['a', 'off'] },
    );
    const { result, mutations } = await run(reader);
    expect(result).toMatchObject({ users: 1, leftOut: 2 });
    expect(names(mutations[0])).toEqual(['User:a', 'Group:g']);
  });

  it('logs and skips a bad record instead of failing the run', async () => {
    const reader = new FakeReader(
      [
        poolUser('a'),
        {
          Username: 'broken',
          Enabled: true,
          UserStatus: 'CONFIRMED',
          Attributes: [],
        },
        poolUser('b'),
      ],
      [{ GroupName: undefined }, { GroupName: 'g' }],
      {},
    );
    const { result, mutations, logger } = await run(reader);
    expect(result).toMatchObject({ users: 2, groups: 1, skipped: 2 });
    expect(names(mutations[0])).toEqual(['User:a', 'User:b', 'Group:g']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('user broken: no sub attribute'),
    );
  });

  it('gives odd usernames valid, distinct names', async () => {
    const reader = new FakeReader(
      ['jdoe', 'JDoe', 'j doe', 'Jane.Doe@corp.com'].map(u => poolUser(u)),
      [],
      {},
    );
    const { result, mutations } = await run(reader);
    expect(result.users).toBe(4);
    const userNames = names(mutations[0]);
    expect(new Set(userNames.map(n => n.toLowerCase())).size).toBe(4);
    expect(userNames[0]).toBe('User:jdoe');
  });

  it('keeps a user listed twice once, and gives no one a name two different users would share', async () => {
    const twin = (username: string, sub: string) => ({
      ...poolUser(username),
      Attributes: [{ Name: 'sub', Value: sub }],
    });
    // Usernames are unique in a pool; two records with one username and two subs stand in for a hash collision.
    const reader = new FakeReader(
      [poolUser('a'), poolUser('a'), twin('b', 'sub-1'), twin('b', 'sub-2')],
      [],
      {},
    );
    const { result, mutations, logger } = await run(reader);
    expect(names(mutations[0])).toEqual(['User:a']);
    expect(result).toMatchObject({ users: 1, skipped: 3 });
    expect(logger.error).toHaveBeenCalledWith(
      'Skipped 2 pool users that would all be named b',
    );
  });

  it('applies nothing when a read fails midway, so the catalog keeps the last good state', async () => {
    const reader = new FakeReader(
      ['a', 'b', 'c'].map(u => poolUser(u)),
      [],
      {},
    );
    reader.failOn = 'ListUsers';
    const provider = new CognitoUserPoolEntityProvider({
      config,
      reader,
      logger: mockServices.logger.mock(),
    });
    const { connection: conn, mutations } = connection();
    await provider.connect(conn);
    await expect(provider.refresh()).rejects.toMatchObject({
      name: 'TooManyRequestsException',
    });
    expect(mutations).toEqual([]);
  });

  it('refuses to run before the catalog connected it', async () => {
    const provider = new CognitoUserPoolEntityProvider({
      config,
      reader: new FakeReader([], [], {}),
      logger: mockServices.logger.mock(),
    });
    await expect(provider.refresh()).rejects.toThrow('not connected');
  });

  it('schedules its refresh on the task runner when connected', async () => {
    const runs: string[] = [];
    const provider = new CognitoUserPoolEntityProvider({
      config,
      reader: new FakeReader([poolUser('a')], [], {}),
      logger: mockServices.logger.mock(),
      taskRunner: {
        run: async task => {
          runs.push(task.id);
          await task.fn(new AbortController().signal);
        },
      },
    });
    const { connection: conn, mutations } = connection();
    await provider.connect(conn);
    expect(runs).toEqual(['CognitoUserPoolEntityProvider:test:refresh']);
    expect(mutations).toHaveLength(1);
  });
});

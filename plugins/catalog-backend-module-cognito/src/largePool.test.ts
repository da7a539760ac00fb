import { mockServices } from '@backstage/backend-test-utils';
import {
  startCognitoStandIn,
  type CognitoStandIn,
} from '@studio-portal/aws-local';
import type { CognitoProviderConfig } from './config';
import { CognitoUserPoolEntityProvider } from './provider';
import { SdkUserPoolReader } from './reader';

jest.setTimeout(300_000);

const POOL = 'us-east-1_LargePool1';
const USERS = 20_000;
const GROUPS = 40;
const KEY = {
  accessKeyId: 'AKIALARGEPOOLREADER1',
  secretAccessKey: 'large-pool-secret',
  arn: 'arn:aws:iam::123456789012:role/StudioPortalBackend',
};

let standIn: CognitoStandIn;

beforeAll(async () => {
  standIn = await startCognitoStandIn({
    pools: [
      {
        userPoolId: POOL,
        groups: Array.from({ length: GROUPS }, (_, g) => ({
          groupName: `team-${g}`,
        })),
      },
    ],
    callers: [KEY],
  });
  const pool = standIn.pool(POOL);
  for (let i = 0; i < USERS; i++) {
    pool.seedUser({
      username: i % 10 === 0 ? `User.${i}@Corp` : `user-${i}`,
      attributes: { email: `user-${i}@corp.example.com`, name: `User ${i}` },
      password: 'Passw0rd!',
      // Every user in one team; one in a hundred disabled.
      groups: [`team-${i % GROUPS}`],
      enabled: i % 100 !== 1,
    });
  }
});

afterAll(() => standIn?.close());

function provider() {
  const config: CognitoProviderConfig = {
    id: 'large',
    userPoolId: POOL,
    region: 'us-east-1',
    userNameFrom: 'username',
    groupType: 'team',
    endpoint: standIn.endpoint,
    credentials: KEY,
    maxAttempts: 8,
    schedule: { frequency: { minutes: 30 }, timeout: { minutes: 15 } },
  };
  return new CognitoUserPoolEntityProvider({
    config,
    reader: SdkUserPoolReader.fromConfig(config),
    logger: mockServices.logger.mock(),
  });
}

function calls() {
  const stats = standIn.stats();
  return (
    (stats.ListUsers ?? 0) +
    (stats.ListGroups ?? 0) +
    (stats.ListUsersInGroup ?? 0)
  );
}

describe('a pool of 20,000 users', () => {
  it('is read whole, page by page, with every membership', async () => {
    const before = calls();
    const started = Date.now();
    const result = await provider().readPool();
    const ms = Date.now() - started;
    // eslint-disable-next-line no-console
    console.log(
      `20,000-user pool read and mapped in ${ms} ms with ${
        calls() - before
      } calls`,
    );

    expect(result.users).toBe(USERS - USERS / 100);
    expect(result.leftOut).toBe(USERS / 100);
    expect(result.groups).toBe(GROUPS);
    expect(result.skipped).toBe(0);
    const memberships = result.entities.reduce(
      (sum, { entity }) =>
        sum + ((entity.spec?.memberOf as string[] | undefined)?.length ?? 0),
      0,
    );
    expect(memberships).toBe(result.users);
    // 334 pages of users, 1 of groups, 40 x 9 of members.
    expect(calls() - before).toBe(
      Math.ceil(USERS / 60) + 1 + GROUPS * Math.ceil(USERS / GROUPS / 60),
    );
    expect(ms).toBeLessThan(120_000);
  });

  it('slows down to a throttled rate instead of failing (adaptive retries)', async () => {
    // About AWS's default quota for these calls (30 per second, per pool's account).
    standIn.setRateLimit(25);
    try {
      const before = calls();
      const started = Date.now();
      const result = await provider().readPool();
      const made = calls() - before;
      // eslint-disable-next-line no-console
      console.log(
        `20,000-user pool read at 25 calls/s per operation in ${
          Date.now() - started
        } ms, ${made - 695} calls throttled and retried`,
      );
      expect(result.users).toBe(USERS - USERS / 100);
      expect(made).toBeGreaterThan(695);
    } finally {
      standIn.setRateLimit(undefined);
    }
  });
});

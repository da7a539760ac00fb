import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  AssumeRoleCommand,
  STSClient,
  type AssumeRoleCommandInput,
} from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { testConfig } from '../__testUtils__/fixtures';
import { LobSessions, type LobSessionKey } from './LobSessions';
import type { AwsClientFactory } from './types';

const key: LobSessionKey = {
  lobId: 'lob-a',
  accountId: '111111111111',
  region: 'us-east-1',
  roleArn: 'arn:aws:iam::111111111111:role/SageMakerStudioPortalAccess',
  userRef: 'user:default/jane',
  userProfileName: 'jane',
};

/** Fake clients whose STS answers after `delayMs` with credentials valid for an hour. */
function fakeClients(options: {
  now: () => number;
  fail?: Error;
  delayMs?: number;
}) {
  const assumeRoleInputs: AssumeRoleCommandInput[] = [];
  const sts = new STSClient({ region: 'us-east-1' });
  mockClient(sts)
    .on(AssumeRoleCommand)
    .callsFake(async (input: AssumeRoleCommandInput) => {
      assumeRoleInputs.push(input);
      await new Promise(r => setTimeout(r, options.delayMs ?? 1));
      if (options.fail) throw options.fail;
      return {
        Credentials: {
          AccessKeyId: `ASIA${assumeRoleInputs.length}`,
          SecretAccessKey: 'secret',
          SessionToken: 'token',
          Expiration: new Date(options.now() + 3600_000),
        },
      };
    });
  const clients: AwsClientFactory = {
    sts: () => sts,
    sagemaker: (region, credentials) =>
      new SageMakerClient({ region, credentials }),
    withCallTimeout: call => call(AbortSignal.timeout(1000)),
  };
  return { clients, assumeRoleInputs };
}

describe('LobSessions', () => {
  let clock = Date.parse('2026-11-29T10:00:00Z');
  const now = () => clock;

  it('assumes the role with ExternalId, per-user source identity and the profile tag', async () => {
    const { clients, assumeRoleInputs } = fakeClients({ now });
    await new LobSessions(clients, testConfig(), now).get(key);
    expect(assumeRoleInputs).toEqual([
      {
        RoleArn: key.roleArn,
        RoleSessionName: 'jane@default',
        SourceIdentity: 'jane@default',
        ExternalId: 'test-external-id',
        DurationSeconds: 3600,
        Tags: [
          { Key: 'studio-user-profile', Value: 'jane' },
          { Key: 'backstage-user', Value: 'user:default/jane' },
        ],
      },
    ]);
  });

  it('tags the session with the lowercased user ref, as the profiles it may create are tagged', async () => {
    const { clients, assumeRoleInputs } = fakeClients({ now });
    await new LobSessions(clients, testConfig(), now).get({
      ...key,
      userRef: 'user:default/Jane.Doe',
    });
    expect(assumeRoleInputs[0].Tags).toContainEqual({
      Key: 'backstage-user',
      Value: 'user:default/jane.doe',
    });
  });

  it('shares one AssumeRole call between concurrent first requests', async () => {
    const { clients, assumeRoleInputs } = fakeClients({ now, delayMs: 20 });
    const sessions = new LobSessions(clients, testConfig(), now);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => sessions.get(key)),
    );
    expect(assumeRoleInputs).toHaveLength(1);
    expect(new Set(results).size).toBe(1);
  });

  it('reuses a session until the refresh margin, then renews it', async () => {
    const { clients, assumeRoleInputs } = fakeClients({ now });
    const sessions = new LobSessions(clients, testConfig(), now);
    const first = await sessions.get(key);
    clock += 54 * 60_000; // 6 minutes left: still outside the 5-minute margin
    expect(await sessions.get(key)).toBe(first);
    clock += 2 * 60_000; // 4 minutes left: renew
    expect(await sessions.get(key)).not.toBe(first);
    expect(assumeRoleInputs).toHaveLength(2);
  });

  it('keeps separate sessions per user and per account', async () => {
    const { clients, assumeRoleInputs } = fakeClients({ now });
    const sessions = new LobSessions(clients, testConfig(), now);
    await sessions.get(key);
    await sessions.get({
      ...key,
      userRef: 'user:default/joe',
      userProfileName: 'joe',
    });
    await sessions.get({
      ...key,
      accountId: '222222222222',
      roleArn: 'arn:aws:iam::222222222222:role/R',
    });
    expect(assumeRoleInputs).toHaveLength(3);
  });

  it('does not cache failures, and words them for the user', async () => {
    const denied = Object.assign(new Error('not authorized'), {
      name: 'AccessDenied',
    });
    const { clients, assumeRoleInputs } = fakeClients({ now, fail: denied });
    const sessions = new LobSessions(clients, testConfig(), now);
    await expect(sessions.get(key)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('trust policy'),
    });
    await expect(sessions.get(key)).rejects.toThrow();
    expect(assumeRoleInputs).toHaveLength(2);
    expect(sessions.size).toBe(0);
  });

  it('stays within maxCachedSessions, dropping the least recently used', async () => {
    const { clients, assumeRoleInputs } = fakeClients({ now });
    const sessions = new LobSessions(
      clients,
      testConfig({ access: { externalId: 'x', maxCachedSessions: 2 } }),
      now,
    );
    const user = (name: string) => ({
      ...key,
      userRef: `user:default/${name}`,
      userProfileName: name,
    });
    await sessions.get(user('a'));
    await sessions.get(user('b'));
    await sessions.get(user('a')); // a is now the most recently used
    await sessions.get(user('c')); // evicts b
    expect(sessions.size).toBe(2);
    await sessions.get(user('a'));
    expect(assumeRoleInputs).toHaveLength(3);
    await sessions.get(user('b'));
    expect(assumeRoleInputs).toHaveLength(4);
  });
});

import { ListUserProfilesCommand } from '@aws-sdk/client-sagemaker';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { startAwsStandIn } from './standIn';
import type { AwsStandIn } from './types';
import {
  assumeInput,
  OUTSIDER,
  PORTAL,
  ROLE_A,
  ROLE_B,
  ROLE_CHAINED,
  sageMakerAs,
  stsClient,
  testWorld,
} from './__testUtils__/testWorld';

let standIn: AwsStandIn;
let sts: STSClient;

beforeAll(async () => {
  standIn = await startAwsStandIn({ world: testWorld });
  sts = stsClient(standIn.endpoint);
});

afterAll(async () => {
  sts.destroy();
  await standIn.close();
});

async function assumeError(client: STSClient, input = assumeInput()) {
  return client.send(new AssumeRoleCommand(input)).then(
    () => {
      throw new Error('expected AssumeRole to fail');
    },
    (error: any) => error,
  );
}

describe('STS AssumeRole', () => {
  it('issues temporary credentials shaped like AWS', async () => {
    const before = Date.now();
    const out = await sts.send(new AssumeRoleCommand(assumeInput()));
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40);
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100);
    const expiresIn = out.Credentials!.Expiration!.getTime() - before;
    expect(expiresIn).toBeGreaterThan(895_000);
    expect(expiresIn).toBeLessThan(905_000);
    expect(out.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::111111111111:assumed-role/studio-access/portal-alice',
    );
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(
      /^AROA[A-Z2-7]{16}:portal-alice$/,
    );
    expect(out.SourceIdentity).toBe('alice');
    expect(out.$metadata.httpStatusCode).toBe(200);
  });

  it('keeps one role id per role, whichever stand-in issues the session', async () => {
    const roleIdOf = async (client: STSClient, RoleArn = ROLE_A) => {
      const out = await client.send(
        new AssumeRoleCommand(assumeInput({ RoleArn })),
      );
      return out.AssumedRoleUser!.AssumedRoleId!.split(':')[0];
    };
    const other = await startAwsStandIn({ world: testWorld });
    const otherSts = stsClient(other.endpoint);
    try {
      const roleA = await roleIdOf(sts);
      expect(await roleIdOf(sts)).toBe(roleA);
      expect(await roleIdOf(otherSts)).toBe(roleA);
      expect(await roleIdOf(sts, ROLE_B)).not.toBe(roleA);
    } finally {
      otherSts.destroy();
      await other.close();
    }
  });

  it('issues credentials that work for SageMaker and GetCallerIdentity', async () => {
    const sageMaker = await sageMakerAs(standIn.endpoint);
    const out = await sageMaker.send(
      new ListUserProfilesCommand({ DomainIdEquals: 'd-aaaaaaaaaaaa' }),
    );
    expect(out.UserProfiles?.map(p => p.UserProfileName)).toEqual([
      'alice',
      'bob',
      'carol',
    ]);
    const identity = await new STSClient({
      endpoint: standIn.endpoint,
      region: 'us-east-1',
      credentials: await sageMaker.config.credentials(),
    }).send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(
      'arn:aws:sts::111111111111:assumed-role/studio-access/portal-alice',
    );
    expect(identity.Account).toBe('111111111111');
    sageMaker.destroy();
  });

  it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
    const client = stsClient(standIn.endpoint, {
      ...PORTAL,
      secretAccessKey: 'not-the-secret',
    });
    const error = await assumeError(client);
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.$metadata.httpStatusCode).toBe(403);
    client.destroy();
  });

  it('refuses a signature dated more than 15 minutes away', async () => {
    const skewed = new STSClient({
      endpoint: standIn.endpoint,
      region: 'us-east-1',
      credentials: PORTAL,
      maxAttempts: 1,
      systemClockOffset: -16 * 60 * 1000,
    });
    const error = await assumeError(skewed);
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.message).toMatch(/^Signature expired/);
    skewed.destroy();
  });

  it('refuses an unknown access key with InvalidClientTokenId', async () => {
    const client = stsClient(standIn.endpoint, {
      ...PORTAL,
      accessKeyId: 'AKIAUNKNOWN000000000',
    });
    const error = await assumeError(client);
    expect(error.name).toBe('InvalidClientTokenId');
    expect(error.$metadata.httpStatusCode).toBe(403);
    client.destroy();
  });

  it('refuses a caller the role does not trust, in AWS words', async () => {
    const client = stsClient(standIn.endpoint, OUTSIDER);
    const error = await assumeError(client);
    expect(error.name).toBe('AccessDenied');
    expect(error.message).toBe(
      `User: ${OUTSIDER.arn} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_A}`,
    );
    expect(error.$metadata.httpStatusCode).toBe(403);
    client.destroy();
  });

  it.each([
    ['a wrong ExternalId', { ExternalId: 'guessed-id' }],
    ['no ExternalId', { ExternalId: undefined }],
    ['no SourceIdentity', { SourceIdentity: undefined }],
    ['no profile tag', { Tags: [{ Key: 'backstage-user', Value: 'x' }] }],
    [
      'a tag key the trust does not allow',
      {
        Tags: [
          { Key: 'studio-user-profile', Value: 'alice' },
          { Key: 'team', Value: 'x' },
        ],
      },
    ],
    [
      'an unknown role',
      { RoleArn: 'arn:aws:iam::333333333333:role/studio-access' },
    ],
  ])('denies %s with AccessDenied', async (_case, overrides) => {
    const error = await assumeError(sts, assumeInput(overrides));
    expect(error.name).toBe('AccessDenied');
    expect(error.message).toContain(
      'is not authorized to perform: sts:AssumeRole on resource:',
    );
  });

  it.each([
    [
      'a session name with a space',
      { RoleSessionName: 'alice smith' },
      "'roleSessionName'",
    ],
    [
      'a one-letter session name',
      { RoleSessionName: 'a' },
      "'roleSessionName'",
    ],
    [
      'a 65-character session name',
      { RoleSessionName: 'x'.repeat(65) },
      "'roleSessionName'",
    ],
    [
      'a source identity with a slash',
      { SourceIdentity: 'a/b' },
      "'sourceIdentity'",
    ],
    [
      'DurationSeconds under 900',
      { DurationSeconds: 899 },
      "'durationSeconds'",
    ],
  ])('rejects %s with ValidationError', async (_case, overrides, member) => {
    const error = await assumeError(sts, assumeInput(overrides));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain(member);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it("caps DurationSeconds at the role's maximum", async () => {
    const error = await assumeError(
      sts,
      assumeInput({ DurationSeconds: 3601 }),
    );
    expect(error.name).toBe('ValidationError');
    expect(error.message).toContain('MaxSessionDuration');
    const ok = await sts.send(
      new AssumeRoleCommand(
        assumeInput({ RoleArn: ROLE_B, DurationSeconds: 7200 }),
      ),
    );
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('caps role chaining at one hour and keeps transitive tags', async () => {
    const first = await sts.send(
      new AssumeRoleCommand(
        assumeInput({
          RoleArn: ROLE_B,
          DurationSeconds: 7200,
          TransitiveTagKeys: ['studio-user-profile'],
        }),
      ),
    );
    const chained = new STSClient({
      endpoint: standIn.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: first.Credentials!.AccessKeyId!,
        secretAccessKey: first.Credentials!.SecretAccessKey!,
        sessionToken: first.Credentials!.SessionToken!,
      },
    });
    // ROLE_B trusts only the portal; a session of ROLE_B is not the portal.
    const denied = await assumeError(
      chained,
      assumeInput({ RoleArn: ROLE_B, Tags: undefined }),
    );
    expect(denied.name).toBe('AccessDenied');

    const chainedInput = {
      RoleArn: ROLE_CHAINED,
      ExternalId: undefined,
      SourceIdentity: undefined,
      Tags: undefined,
    };
    const tooLong = await assumeError(
      chained,
      assumeInput({ ...chainedInput, DurationSeconds: 3601 }),
    );
    expect(tooLong.name).toBe('ValidationError');
    expect(tooLong.message).toContain('role chaining');

    // The profile tag and the source identity carry over without being sent again.
    const second = await chained.send(
      new AssumeRoleCommand(
        assumeInput({ ...chainedInput, DurationSeconds: 3600 }),
      ),
    );
    expect(second.AssumedRoleUser?.Arn).toBe(
      'arn:aws:sts::222222222222:assumed-role/studio-chained/portal-alice',
    );
    expect(second.SourceIdentity).toBe('alice');
    chained.destroy();
  });

  it('rejects a session token that does not belong to the key', async () => {
    const { Credentials } = await sts.send(
      new AssumeRoleCommand(assumeInput()),
    );
    const client = new STSClient({
      endpoint: standIn.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: 'forged',
      },
    });
    const error = await client
      .send(new GetCallerIdentityCommand({}))
      .catch(e => e);
    expect(error.name).toBe('InvalidClientTokenId');
    client.destroy();
  });
});

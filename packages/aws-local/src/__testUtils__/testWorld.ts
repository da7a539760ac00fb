import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  AssumeRoleCommand,
  STSClient,
  type AssumeRoleCommandInput,
} from '@aws-sdk/client-sts';
import { startAwsStandIn } from '../standIn';
import type { AwsStandIn, AwsStandInOptions, StandInWorld } from '../types';

export const PORTAL = {
  accessKeyId: 'AKIAPORTAL0000000001',
  secretAccessKey: 'portal-secret-0000000000000000000000001',
  arn: 'arn:aws:iam::999999999999:role/studio-portal',
};
export const OUTSIDER = {
  accessKeyId: 'AKIAOUTSIDER00000001',
  secretAccessKey: 'outsider-secret-00000000000000000000001',
  arn: 'arn:aws:iam::999999999999:role/someone-else',
};
export const ROLE_A = 'arn:aws:iam::111111111111:role/studio-access';
export const ROLE_B = 'arn:aws:iam::222222222222:role/studio-access';
/** Trusts sessions of ROLE_B: role chaining. */
export const ROLE_CHAINED = 'arn:aws:iam::222222222222:role/studio-chained';
export const EXTERNAL_ID = 'portal-external-id';

export const testWorld: StandInWorld = {
  callers: [PORTAL, OUTSIDER],
  roles: [
    {
      arn: ROLE_A,
      trustedPrincipalArns: [PORTAL.arn],
      externalId: EXTERNAL_ID,
      allowedTagKeys: ['studio-user-profile', 'backstage-user'],
    },
    {
      arn: ROLE_B,
      trustedPrincipalArns: [PORTAL.arn],
      externalId: EXTERNAL_ID,
      maxSessionDurationSeconds: 7200,
    },
    {
      arn: ROLE_CHAINED,
      trustedPrincipalArns: [ROLE_B],
      maxSessionDurationSeconds: 7200,
    },
  ],
  domains: [
    {
      domainId: 'd-aaaaaaaaaaaa',
      domainName: 'lob-a-studio',
      accountId: '111111111111',
      region: 'us-east-1',
      userProfiles: ['alice', 'bob', 'carol'],
      spaces: [
        {
          spaceName: 'alice-lab',
          appType: 'JupyterLab',
          sharingType: 'Private',
          ownerUserProfileName: 'alice',
          app: { status: 'InService' },
        },
        {
          spaceName: 'bob-code',
          appType: 'CodeEditor',
          sharingType: 'Private',
          ownerUserProfileName: 'bob',
        },
        {
          spaceName: 'team-shared',
          appType: 'JupyterLab',
          sharingType: 'Shared',
          ownerUserProfileName: 'carol',
          app: { status: 'Deleting' },
        },
      ],
    },
    {
      domainId: 'd-bbbbbbbbbbbb',
      domainName: 'lob-b-studio',
      accountId: '222222222222',
      region: 'eu-west-1',
      userProfiles: ['alice'],
    },
  ],
};

export function stsClient(
  endpoint: string,
  credentials = PORTAL,
  region = 'us-east-1',
) {
  return new STSClient({ endpoint, region, credentials, maxAttempts: 1 });
}

export function assumeInput(
  overrides: Partial<AssumeRoleCommandInput> = {},
): AssumeRoleCommandInput {
  return {
    RoleArn: ROLE_A,
    RoleSessionName: 'portal-alice',
    ExternalId: EXTERNAL_ID,
    SourceIdentity: 'alice',
    DurationSeconds: 900,
    Tags: [{ Key: 'studio-user-profile', Value: 'alice' }],
    ...overrides,
  };
}

/** Assumes a role like the portal does and returns a SageMaker client on that session. */
export async function sageMakerAs(
  endpoint: string,
  overrides: Partial<AssumeRoleCommandInput> = {},
  region = 'us-east-1',
) {
  const sts = stsClient(endpoint, PORTAL, region);
  const { Credentials } = await sts.send(
    new AssumeRoleCommand(assumeInput(overrides)),
  );
  sts.destroy();
  return new SageMakerClient({
    endpoint,
    region,
    maxAttempts: 1,
    credentials: {
      accessKeyId: Credentials!.AccessKeyId!,
      secretAccessKey: Credentials!.SecretAccessKey!,
      sessionToken: Credentials!.SessionToken!,
      expiration: Credentials!.Expiration,
    },
  });
}

/** The error a call fails with; a call that succeeds fails the test. */
export const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: any) => error,
  );

/**
 * For a test file: the stand-in on testWorld, whose clock the tests may
 * move (back to now after each test), and Alice's SageMaker client, handed
 * to `use` once started and closed after all tests.
 */
export function withAliceStandIn(
  clock: { offsetMs: number },
  use: (started: { standIn: AwsStandIn; alice: SageMakerClient }) => void,
  options: Partial<AwsStandInOptions> = {},
): void {
  let standIn: AwsStandIn | undefined;
  let alice: SageMakerClient | undefined;
  beforeAll(async () => {
    standIn = await startAwsStandIn({
      world: testWorld,
      now: () => Date.now() + clock.offsetMs,
      ...options,
    });
    alice = await sageMakerAs(standIn.endpoint);
    use({ standIn, alice });
  });
  afterEach(() => {
    clock.offsetMs = 0;
  });
  afterAll(async () => {
    alice?.destroy();
    await standIn?.close();
  });
}

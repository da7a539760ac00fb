import {
  CreatePresignedDomainUrlCommand,
  DescribeDomainCommand,
  ListAppsCommand,
  ListSpacesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockServices } from '@backstage/backend-test-utils';
import {
  startAwsStandIn,
  type AwsStandIn,
  type StandInSpace,
} from '@studio-portal/aws-local';
import {
  FakeMappings,
  lobA,
  lobB,
  membership,
  testConfig,
} from '../__testUtils__/fixtures';
import { AwsClients } from './AwsClients';
import { LobSessions } from './LobSessions';
import { DOMAIN_SUMMARY_TTL_MS, StudioLauncher } from './StudioLauncher';
import type { AwsCallTimeout, LobSessionKey, RoleSessions } from './types';

const alice = 'user:default/alice';
const both = 'user:default/both';
const mappings = () =>
  new FakeMappings(
    [lobA, lobB],
    [
      membership(alice, 'lob-a'),
      membership(both, 'lob-a'),
      membership(both, 'lob-b', 'both-in-b'),
      membership('user:default/dangling', 'lob-gone'),
      membership('user:default/bad_name', 'lob-a'),
    ],
  );

/**
 * A real SageMaker client (the SDK's paginators take no other) whose every
 * command `answer` answers, without a request.
 */
class FakeSageMaker extends SageMakerClient {
  constructor(private readonly answer: (command: any) => Promise<any>) {
    super({ region: 'us-east-1' });
  }

  override send(command: any): Promise<any> {
    return this.answer(command);
  }
}

/** A fake session store whose SageMaker client runs `handler`. */
function fakeSessions(handler: (command: any) => Promise<any>) {
  const gets: LobSessionKey[] = [];
  let forgotten = 0;
  const sagemaker = new FakeSageMaker(handler);
  const sessions: RoleSessions = {
    get: async key => {
      gets.push(key);
      return { expiresAt: Date.now() + 3600_000, sagemaker };
    },
    forget: () => {
      forgotten++;
    },
  };
  return {
    sessions,
    gets,
    forgotten: () => forgotten,
  };
}

const clients: AwsCallTimeout = {
  withCallTimeout: call => call(AbortSignal.timeout(1000)),
};
const fixedNow = () => Date.parse('2026-11-29T10:00:00Z');

function launcherWith(
  handler: (command: any) => Promise<any>,
  logger = mockServices.logger.mock(),
) {
  const fake = fakeSessions(handler);
  return {
    ...fake,
    logger,
    launcher: new StudioLauncher(
      mappings(),
      fake.sessions,
      clients,
      testConfig(),
      logger,
      fixedNow,
    ),
  };
}

describe('StudioLauncher.resolveTarget', () => {
  const { launcher } = launcherWith(async () => ({}));

  it("picks the user's only LOB and the default role and profile", async () => {
    await expect(launcher.resolveTarget(alice)).resolves.toEqual({
      lob: lobA,
      userProfileName: 'alice',
      roleArn: 'arn:aws:iam::111111111111:role/SageMakerStudioPortalAccess',
    });
  });

  it("uses the LOB's role override and the membership's profile name", async () => {
    await expect(launcher.resolveTarget(both, 'lob-b')).resolves.toMatchObject({
      userProfileName: 'both-in-b',
      roleArn: 'arn:aws:iam::222222222222:role/CustomAccess',
    });
  });

  it('asks users of several LOBs to choose, listing the choices', async () => {
    await expect(launcher.resolveTarget(both)).rejects.toMatchObject({
      name: 'InputError',
      message: expect.stringContaining('lob-a, lob-b'),
    });
  });

  it('refuses a LOB the user is not a member of, existing or not', async () => {
    for (const lobId of ['lob-b', 'lob-nonexistent']) {
      await expect(launcher.resolveTarget(alice, lobId)).rejects.toMatchObject({
        name: 'NotAllowedError',
      });
    }
  });

  it('tells unmapped users whom to ask', async () => {
    await expect(
      launcher.resolveTarget('user:default/nobody'),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'Ask the studio-admins group.',
    });
  });

  it('counts no membership whose LOB is gone: the user is unmapped', async () => {
    await expect(
      launcher.resolveTarget('user:default/dangling'),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'Ask the studio-admins group.',
    });
  });

  it('derives a valid, distinct profile name from a name SageMaker would not accept', async () => {
    await expect(
      launcher.resolveTarget('user:default/bad_name'),
    ).resolves.toMatchObject({
      userProfileName: expect.stringMatching(/^bad-name--[0-9a-f]{16}$/),
    });
  });
});

describe('StudioLauncher.listMemberships', () => {
  it('joins memberships with their LOBs and leaves dangling ones out', async () => {
    const { launcher } = launcherWith(async () => ({}));
    expect(await launcher.listMemberships(both)).toEqual([
      {
        lobId: 'lob-a',
        displayName: lobA.displayName,
        accountId: lobA.accountId,
        region: 'us-east-1',
        domainId: lobA.domainId,
        userProfileName: 'both',
      },
      {
        lobId: 'lob-b',
        displayName: lobB.displayName,
        accountId: lobB.accountId,
        region: 'eu-west-1',
        domainId: lobB.domainId,
        userProfileName: 'both-in-b',
      },
    ]);
    expect(await launcher.listMemberships('user:default/dangling')).toEqual([]);
  });
});

describe('StudioLauncher.createPresignedUrl', () => {
  it('presigns for the resolved profile with the configured lifetimes', async () => {
    const commands: any[] = [];
    const { launcher, gets } = launcherWith(async command => {
      commands.push(command);
      return {
        AuthorizedUrl:
          'https://d-loba00000001.studio.us-east-1.sagemaker.aws/auth?token=t',
      };
    });
    const target = await launcher.resolveTarget(alice);
    const result = await launcher.createPresignedUrl(alice, target, {
      spaceName: 'my-space',
    });

    expect(result).toEqual({
      url: 'https://d-loba00000001.studio.us-east-1.sagemaker.aws/auth?token=t',
      expiresAt: '2026-11-29T10:00:30.000Z',
    });
    expect(commands[0]).toBeInstanceOf(CreatePresignedDomainUrlCommand);
    expect(commands[0].input).toEqual({
      DomainId: 'd-loba00000001',
      UserProfileName: 'alice',
      ExpiresInSeconds: 30,
      SessionExpirationDurationInSeconds: 43200,
      SpaceName: 'my-space',
      LandingUri: undefined,
    });
    expect(gets[0]).toMatchObject({
      accountId: '111111111111',
      userRef: alice,
      userProfileName: 'alice',
    });
  });

  it('names profile and domain when the profile is missing', async () => {
    const { launcher } = launcherWith(async () => {
      throw Object.assign(new Error('User profile does not exist'), {
        name: 'ResourceNotFound',
      });
    });
    const target = await launcher.resolveTarget(alice);
    await expect(
      launcher.createPresignedUrl(alice, target),
    ).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringMatching(
        /profile 'alice' in domain d-loba00000001/,
      ),
    });
  });

  it('renews an expired role session once', async () => {
    let calls = 0;
    const { launcher, forgotten } = launcherWith(async () => {
      calls++;
      if (calls === 1)
        throw Object.assign(new Error('expired'), {
          name: 'ExpiredTokenException',
        });
      return { AuthorizedUrl: 'https://x/auth?token=t' };
    });
    const target = await launcher.resolveTarget(alice);
    await expect(
      launcher.createPresignedUrl(alice, target),
    ).resolves.toMatchObject({ url: 'https://x/auth?token=t' });
    expect(forgotten()).toBe(1);
  });

  it('maps throttling to 503 and timeouts to 504', async () => {
    for (const [name, status] of [
      ['ThrottlingException', 503],
      ['AbortError', 504],
    ] as const) {
      const { launcher } = launcherWith(async () => {
        throw Object.assign(new Error('x'), { name });
      });
      const target = await launcher.resolveTarget(alice);
      const error = await launcher
        .createPresignedUrl(alice, target)
        .catch(e => e);
      expect(
        error.statusCode ??
          (error.name === 'ServiceUnavailableError' ? 503 : 0),
      ).toBe(status);
    }
  });
});

describe('StudioLauncher.listSpaces', () => {
  it("lists the user's private spaces and shared ones, across pages", async () => {
    const pages = [
      {
        Spaces: [
          {
            SpaceName: 'mine',
            Status: 'InService',
            SpaceSettingsSummary: { AppType: 'JupyterLab' },
            SpaceSharingSettingsSummary: { SharingType: 'Private' },
            OwnershipSettingsSummary: { OwnerUserProfileName: 'alice' },
          },
          {
            SpaceName: 'theirs',
            SpaceSharingSettingsSummary: { SharingType: 'Private' },
            OwnershipSettingsSummary: { OwnerUserProfileName: 'bob' },
          },
        ],
        NextToken: 'page2',
      },
      {
        Spaces: [
          {
            SpaceName: 'team',
            SpaceSettingsSummary: { AppType: 'CodeEditor' },
            SpaceSharingSettingsSummary: { SharingType: 'Shared' },
          },
        ],
      },
    ];
    const tokens: (string | undefined)[] = [];
    const { launcher } = launcherWith(async (command: ListSpacesCommand) => {
      if (command instanceof ListAppsCommand) return { Apps: [] };
      tokens.push(command.input.NextToken);
      return pages[tokens.length - 1];
    });
    const target = await launcher.resolveTarget(alice);
    const spaces = await launcher.listSpaces(alice, target);
    expect(spaces.map(s => s.spaceName)).toEqual(['mine', 'team']);
    expect(spaces[1]).toMatchObject({
      appType: 'CodeEditor',
      sharingType: 'Shared',
    });
    expect(tokens).toEqual([undefined, 'page2']);
  });

  const space = (
    SpaceName: string,
    sharing: 'Private' | 'Shared',
    owner?: string,
  ) => ({
    SpaceName,
    SpaceSettingsSummary: { AppType: 'JupyterLab' },
    SpaceSharingSettingsSummary: { SharingType: sharing },
    ...(owner && { OwnershipSettingsSummary: { OwnerUserProfileName: owner } }),
  });
  const spacesPage = {
    Spaces: [
      space('mine', 'Private', 'alice'),
      space('mine-stopped', 'Private', 'alice'),
      space('team', 'Shared'),
      space('theirs', 'Private', 'bob'),
    ],
  };

  it('marks the spaces whose app is InService, from one ListApps listing of the domain', async () => {
    const appPages = [
      {
        Apps: [
          { SpaceName: 'mine', AppType: 'JupyterLab', Status: 'InService' },
          { SpaceName: 'team', AppType: 'JupyterLab', Status: 'Pending' },
        ],
        NextToken: 'apps2',
      },
      {
        Apps: [
          // An old app of a space that runs no more, and a user profile's app.
          { SpaceName: 'mine-stopped', Status: 'Deleted' },
          {
            UserProfileName: 'alice',
            AppType: 'JupyterServer',
            Status: 'InService',
          },
          { SpaceName: 'theirs', Status: 'InService' },
        ],
      },
    ];
    const listApps: unknown[] = [];
    const { launcher } = launcherWith(async command => {
      if (command instanceof ListSpacesCommand) return spacesPage;
      listApps.push({ ...command.input });
      return appPages[listApps.length - 1];
    });
    const target = await launcher.resolveTarget(alice);
    const spaces = await launcher.listSpaces(alice, target);

    expect(spaces.map(s => [s.spaceName, s.running])).toEqual([
      ['mine', true],
      ['mine-stopped', false],
      ['team', false],
    ]);
    expect(listApps).toEqual([
      {
        DomainIdEquals: 'd-loba00000001',
        MaxResults: 100,
        NextToken: undefined,
      },
      { DomainIdEquals: 'd-loba00000001', MaxResults: 100, NextToken: 'apps2' },
    ]);
  });

  it('lists the spaces without `running` when ListApps fails, and warns once per LOB until it works again', async () => {
    let appsFail = true;
    const { launcher, logger } = launcherWith(async command => {
      if (command instanceof ListSpacesCommand) return spacesPage;
      if (appsFail) {
        throw Object.assign(
          new Error('not authorized to perform: sagemaker:ListApps'),
          {
            name: 'AccessDeniedException',
            $metadata: { httpStatusCode: 400 },
          },
        );
      }
      return { Apps: [{ SpaceName: 'team', Status: 'InService' }] };
    });
    const target = await launcher.resolveTarget(alice);

    for (let view = 0; view < 2; view++) {
      const spaces = await launcher.listSpaces(alice, target);
      expect(spaces.map(s => s.spaceName)).toEqual([
        'mine',
        'mine-stopped',
        'team',
      ]);
      for (const s of spaces) expect(s).not.toHaveProperty('running');
    }
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [message, meta] = (logger.warn as jest.Mock).mock.calls[0];
    expect(message).toContain('line of business lob-a');
    expect(message).toContain('sagemaker:ListApps');
    expect(meta).toMatchObject({
      awsError: 'AccessDeniedException',
      lobId: 'lob-a',
    });

    appsFail = false;
    const spaces = await launcher.listSpaces(alice, target);
    expect(spaces.find(s => s.spaceName === 'team')?.running).toBe(true);
    appsFail = true;
    await launcher.listSpaces(alice, target);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('still fails the listing when ListSpaces fails', async () => {
    const { launcher } = launcherWith(async command => {
      if (command instanceof ListAppsCommand) return { Apps: [] };
      throw Object.assign(new Error('slow down'), {
        name: 'ThrottlingException',
        $metadata: { httpStatusCode: 400 },
      });
    });
    const target = await launcher.resolveTarget(alice);
    await expect(launcher.listSpaces(alice, target)).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
  });
});

describe('StudioLauncher.describeDomain', () => {
  function counting(answer: () => Promise<any>) {
    const calls: any[] = [];
    let now = fixedNow();
    const fake = fakeSessions(async (command: DescribeDomainCommand) => {
      calls.push(command.input);
      return answer();
    });
    const launcher = new StudioLauncher(
      mappings(),
      fake.sessions,
      clients,
      testConfig(),
      mockServices.logger.mock(),
      () => now,
    );
    return {
      launcher,
      calls,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it("tells the domain's name and status, one call per domain for a minute, shared by concurrent asks", async () => {
    const { launcher, calls, advance } = counting(async () => ({
      DomainId: 'd-loba00000001',
      DomainName: 'lob-a-studio',
      Status: 'InService',
    }));
    const target = await launcher.resolveTarget(alice);
    const [one, two] = await Promise.all([
      launcher.describeDomain(alice, target),
      launcher.describeDomain(
        both,
        await launcher.resolveTarget(both, 'lob-a'),
      ),
    ]);
    expect(one).toEqual({
      domainId: 'd-loba00000001',
      domainName: 'lob-a-studio',
      status: 'InService',
    });
    expect(two).toEqual(one);
    expect(calls).toEqual([{ DomainId: 'd-loba00000001' }]);

    advance(DOMAIN_SUMMARY_TTL_MS - 1);
    await launcher.describeDomain(alice, target);
    expect(calls).toHaveLength(1);
    advance(2);
    await launcher.describeDomain(alice, target);
    expect(calls).toHaveLength(2);
  });

  it('keeps no failure: the next ask tries again', async () => {
    let fail = true;
    const { launcher, calls } = counting(async () => {
      if (fail) {
        throw Object.assign(new Error('denied'), {
          name: 'AccessDeniedException',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return { DomainName: 'lob-a-studio', Status: 'Updating' };
    });
    const target = await launcher.resolveTarget(alice);
    await expect(launcher.describeDomain(alice, target)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    fail = false;
    await expect(launcher.describeDomain(alice, target)).resolves.toEqual({
      domainId: 'd-loba00000001',
      domainName: 'lob-a-studio',
      status: 'Updating',
    });
    expect(calls).toHaveLength(2);
  });
});

describe('StudioLauncher.listSpaces against the stand-in', () => {
  const PORTAL = {
    accessKeyId: 'AKIALAUNCHERTEST0001',
    secretAccessKey: 'launcher-test-secret',
    arn: 'arn:aws:iam::000000000000:role/studio-portal-backend',
  };
  const EXTERNAL_ID = 'test-external-id';
  const lab = (
    spaceName: string,
    more: Partial<StandInSpace> = {},
  ): StandInSpace => ({
    spaceName,
    appType: 'JupyterLab',
    sharingType: 'Private',
    ownerUserProfileName: 'alice',
    ...more,
  });
  let standIn: AwsStandIn;

  beforeAll(async () => {
    standIn = await startAwsStandIn({
      world: {
        callers: [PORTAL],
        roles: [
          {
            arn: 'arn:aws:iam::111111111111:role/SageMakerStudioPortalAccess',
            trustedPrincipalArns: [PORTAL.arn],
            externalId: EXTERNAL_ID,
          },
        ],
        domains: [
          {
            domainId: lobA.domainId,
            domainName: 'lob-a-studio',
            accountId: lobA.accountId,
            region: lobA.region,
            userProfiles: ['alice', 'bob'],
            spaces: [
              lab('alice-lab', { app: { status: 'InService' } }),
              lab('alice-stopped'),
              lab('bob-lab', {
                ownerUserProfileName: 'bob',
                app: { status: 'InService' },
              }),
              lab('team', {
                sharingType: 'Shared',
                appType: 'CodeEditor',
                app: { status: 'Pending' },
              }),
            ],
          },
        ],
      },
    });
  });

  afterAll(() => standIn.close());

  function launcher(logger = mockServices.logger.mock()) {
    const config = testConfig({
      aws: {
        callTimeoutMs: 3000,
        endpoints: { sts: standIn.endpoint, sagemaker: standIn.endpoint },
        credentials: {
          accessKeyId: PORTAL.accessKeyId,
          secretAccessKey: PORTAL.secretAccessKey,
        },
      },
    });
    const aws = new AwsClients(config);
    return new StudioLauncher(
      mappings(),
      new LobSessions(aws, config),
      aws,
      config,
      logger,
    );
  }

  afterEach(() => standIn.clearFaults());

  it('marks the running spaces with one ListSpaces and one ListApps call', async () => {
    const studio = launcher();
    const target = await studio.resolveTarget(alice);
    standIn.resetStats();
    expect(await studio.listSpaces(alice, target)).toEqual([
      expect.objectContaining({ spaceName: 'alice-lab', running: true }),
      expect.objectContaining({ spaceName: 'alice-stopped', running: false }),
      expect.objectContaining({
        spaceName: 'team',
        appType: 'CodeEditor',
        sharingType: 'Shared',
        running: false,
      }),
    ]);
    expect(standIn.stats().sagemaker).toEqual({ ListSpaces: 1, ListApps: 1 });
  });

  it('lists the spaces without `running` when the role may not ListApps', async () => {
    const logger = mockServices.logger.mock();
    const studio = launcher(logger);
    const target = await studio.resolveTarget(alice);
    standIn.injectFault({
      service: 'sagemaker',
      action: 'ListApps',
      kind: 'accessDenied',
    });
    const spaces = await studio.listSpaces(alice, target);
    expect(spaces.map(s => s.spaceName)).toEqual([
      'alice-lab',
      'alice-stopped',
      'team',
    ]);
    for (const s of spaces) expect(s).not.toHaveProperty('running');
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect((logger.warn as jest.Mock).mock.calls[0][1]).toMatchObject({
      awsError: 'AccessDeniedException',
    });
  });
});

import {
  CreatePresignedDomainUrlCommand,
  DescribeDomainCommand,
  DescribeUserProfileCommand,
  ListAppsCommand,
  ListSpacesCommand,
  ListUserProfilesCommand,
  ResourceNotFound,
  SageMakerClient,
  paginateListApps,
  paginateListUserProfiles,
} from '@aws-sdk/client-sagemaker';
import type { AwsStandIn } from './types';
import {
  PORTAL,
  ROLE_B,
  sageMakerAs,
  withAliceStandIn,
  failure,
} from './__testUtils__/testWorld';

const clock = { offsetMs: 0 };
let standIn: AwsStandIn;
let alice: SageMakerClient;
withAliceStandIn(clock, started => ({ standIn, alice } = started));

const presign = (
  client: SageMakerClient,
  input: Partial<
    ConstructorParameters<typeof CreatePresignedDomainUrlCommand>[0]
  > = {},
) =>
  client.send(
    new CreatePresignedDomainUrlCommand({
      DomainId: 'd-aaaaaaaaaaaa',
      UserProfileName: 'alice',
      ExpiresInSeconds: 60,
      ...input,
    }),
  );

describe('CreatePresignedDomainUrl', () => {
  it('presigns a Studio URL for the profile named in the session tag', async () => {
    const out = await presign(alice);
    expect(out.AuthorizedUrl).toMatch(
      new RegExp(
        `^${standIn.endpoint}/studio/d-aaaaaaaaaaaa/auth\\?token=[A-Za-z0-9_-]{43}$`,
      ),
    );
    const again = await presign(alice);
    expect(again.AuthorizedUrl).not.toBe(out.AuthorizedUrl);
  });

  it("refuses another user's profile with AccessDeniedException naming its ARN", async () => {
    const error = await failure(presign(alice, { UserProfileName: 'bob' }));
    expect(error.name).toBe('AccessDeniedException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toContain(
      'arn:aws:sagemaker:us-east-1:111111111111:user-profile/d-aaaaaaaaaaaa/bob',
    );
    expect(error.message).toContain('sagemaker:CreatePresignedDomainUrl');
  });

  it('answers ResourceNotFound for a missing profile', async () => {
    const ghost = await sageMakerAs(standIn.endpoint, {
      Tags: [{ Key: 'studio-user-profile', Value: 'ghost' }],
    });
    const error = await failure(presign(ghost, { UserProfileName: 'ghost' }));
    expect(error).toBeInstanceOf(ResourceNotFound);
    expect(error.$metadata.httpStatusCode).toBe(400);
    ghost.destroy();
  });

  it("does not show another account's domain", async () => {
    const error = await failure(presign(alice, { DomainId: 'd-bbbbbbbbbbbb' }));
    expect(error).toBeInstanceOf(ResourceNotFound);
    expect(error.message).toContain('111111111111');
    expect(error.message).not.toContain('222222222222');
  });

  it('shows a domain only in its own region', async () => {
    const lobB = await sageMakerAs(
      standIn.endpoint,
      { RoleArn: ROLE_B },
      'eu-west-1',
    );
    const ok = await presign(lobB, { DomainId: 'd-bbbbbbbbbbbb' });
    expect(ok.AuthorizedUrl).toContain('/studio/d-bbbbbbbbbbbb/auth?token=');
    const wrongRegion = await sageMakerAs(
      standIn.endpoint,
      { RoleArn: ROLE_B },
      'us-east-1',
    );
    expect(
      await failure(presign(wrongRegion, { DomainId: 'd-bbbbbbbbbbbb' })),
    ).toBeInstanceOf(ResourceNotFound);
    lobB.destroy();
    wrongRegion.destroy();
  });

  it('opens shared spaces and own private spaces only', async () => {
    expect(
      (await presign(alice, { SpaceName: 'alice-lab' })).AuthorizedUrl,
    ).toBeDefined();
    expect(
      (await presign(alice, { SpaceName: 'team-shared' })).AuthorizedUrl,
    ).toBeDefined();
    const notMine = await failure(presign(alice, { SpaceName: 'bob-code' }));
    expect(notMine.name).toBe('AccessDeniedException');
    const missing = await failure(
      presign(alice, { SpaceName: 'no-such-space' }),
    );
    expect(missing).toBeInstanceOf(ResourceNotFound);
    expect(missing.message).toMatch(/space/i);
  });

  it.each([
    ['ExpiresInSeconds 4', { ExpiresInSeconds: 4 }, "'expiresInSeconds'"],
    ['ExpiresInSeconds 301', { ExpiresInSeconds: 301 }, "'expiresInSeconds'"],
    [
      'SessionExpirationDurationInSeconds 1799',
      { SessionExpirationDurationInSeconds: 1799 },
      "'sessionExpirationDurationInSeconds'",
    ],
    [
      'SessionExpirationDurationInSeconds 43201',
      { SessionExpirationDurationInSeconds: 43201 },
      "'sessionExpirationDurationInSeconds'",
    ],
    ['a malformed DomainId', { DomainId: 'domain-1' }, "'domainId'"],
    [
      'a SpaceName with an underscore',
      { SpaceName: 'bad_name' },
      "'spaceName'",
    ],
    [
      'a LandingUri over 1023 characters',
      { LandingUri: `studio::${'x'.repeat(1020)}` },
      "'landingUri'",
    ],
  ])('validates %s like AWS', async (_name, input, member) => {
    const error = await failure(presign(alice, input));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^1 validation error detected: /);
    expect(error.message).toContain(member);
  });

  it('answers ExpiredTokenException once the session has expired', async () => {
    clock.offsetMs = 901_000;
    const error = await failure(presign(alice));
    expect(error.name).toBe('ExpiredTokenException');
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('refuses long-term keys: callers must assume a role', async () => {
    const direct = new SageMakerClient({
      endpoint: standIn.endpoint,
      region: 'us-east-1',
      credentials: PORTAL,
      maxAttempts: 1,
    });
    const error = await failure(presign(direct));
    expect(error.name).toBe('AccessDeniedException');
    direct.destroy();
  });

  it('refuses a wrong session secret with InvalidSignatureException', async () => {
    const creds = await alice.config.credentials();
    const forged = new SageMakerClient({
      endpoint: standIn.endpoint,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { ...creds, secretAccessKey: 'x'.repeat(40) },
    });
    expect((await failure(presign(forged))).name).toBe(
      'InvalidSignatureException',
    );
    forged.destroy();
  });
});

describe('DescribeDomain, DescribeUserProfile, ListUserProfiles, ListSpaces', () => {
  it('describes the domain with realistic fields', async () => {
    const out = await alice.send(
      new DescribeDomainCommand({ DomainId: 'd-aaaaaaaaaaaa' }),
    );
    expect(out).toMatchObject({
      DomainArn:
        'arn:aws:sagemaker:us-east-1:111111111111:domain/d-aaaaaaaaaaaa',
      DomainName: 'lob-a-studio',
      Status: 'InService',
      AuthMode: 'IAM',
      AppNetworkAccessType: 'VpcOnly',
    });
    expect(out.CreationTime).toBeInstanceOf(Date);
    expect(
      await failure(
        alice.send(new DescribeDomainCommand({ DomainId: 'd-bbbbbbbbbbbb' })),
      ),
    ).toBeInstanceOf(ResourceNotFound);
  });

  it('describes only the tagged user profile', async () => {
    const out = await alice.send(
      new DescribeUserProfileCommand({
        DomainId: 'd-aaaaaaaaaaaa',
        UserProfileName: 'alice',
      }),
    );
    expect(out.UserProfileArn).toBe(
      'arn:aws:sagemaker:us-east-1:111111111111:user-profile/d-aaaaaaaaaaaa/alice',
    );
    expect(out.Status).toBe('InService');
    const error = await failure(
      alice.send(
        new DescribeUserProfileCommand({
          DomainId: 'd-aaaaaaaaaaaa',
          UserProfileName: 'carol',
        }),
      ),
    );
    expect(error.name).toBe('AccessDeniedException');
  });

  it('pages through user profiles with NextToken', async () => {
    const names: string[] = [];
    for await (const page of paginateListUserProfiles(
      { client: alice, pageSize: 2 },
      { DomainIdEquals: 'd-aaaaaaaaaaaa' },
    )) {
      expect(page.UserProfiles!.length).toBeLessThanOrEqual(2);
      names.push(...page.UserProfiles!.map(p => p.UserProfileName!));
    }
    expect(names).toEqual(['alice', 'bob', 'carol']);
    const bad = await failure(
      alice.send(new ListUserProfilesCommand({ NextToken: 'garbage' })),
    );
    expect(bad.name).toBe('ValidationException');
  });

  it('lists spaces with their app type, sharing and owner', async () => {
    const first = await alice.send(
      new ListSpacesCommand({
        DomainIdEquals: 'd-aaaaaaaaaaaa',
        MaxResults: 2,
      }),
    );
    expect(first.Spaces).toHaveLength(2);
    expect(first.NextToken).toBeDefined();
    const rest = await alice.send(
      new ListSpacesCommand({
        DomainIdEquals: 'd-aaaaaaaaaaaa',
        MaxResults: 2,
        NextToken: first.NextToken,
      }),
    );
    expect(rest.NextToken).toBeUndefined();
    expect([...first.Spaces!, ...rest.Spaces!].map(s => s.SpaceName)).toEqual([
      'alice-lab',
      'bob-code',
      'team-shared',
    ]);
    expect(first.Spaces![0]).toMatchObject({
      DomainId: 'd-aaaaaaaaaaaa',
      Status: 'InService',
      SpaceSettingsSummary: { AppType: 'JupyterLab' },
      SpaceSharingSettingsSummary: { SharingType: 'Private' },
      OwnershipSettingsSummary: { OwnerUserProfileName: 'alice' },
    });
  });

  it('lists nothing from other accounts', async () => {
    const out = await alice.send(
      new ListSpacesCommand({ DomainIdEquals: 'd-bbbbbbbbbbbb' }),
    );
    expect(out.Spaces).toEqual([]);
  });
});

describe('ListApps', () => {
  it("lists the domain's space apps with their type, name and status", async () => {
    const out = await alice.send(
      new ListAppsCommand({ DomainIdEquals: 'd-aaaaaaaaaaaa' }),
    );
    expect(out.NextToken).toBeUndefined();
    expect(out.Apps).toEqual([
      {
        DomainId: 'd-aaaaaaaaaaaa',
        SpaceName: 'alice-lab',
        UserProfileName: 'alice',
        AppType: 'JupyterLab',
        AppName: 'default',
        Status: 'InService',
        CreationTime: expect.any(Date),
      },
      {
        // A shared space's app names no user profile.
        DomainId: 'd-aaaaaaaaaaaa',
        SpaceName: 'team-shared',
        AppType: 'JupyterLab',
        AppName: 'default',
        Status: 'Deleting',
        CreationTime: expect.any(Date),
      },
    ]);
  });

  it('filters by space and by user profile', async () => {
    const bySpace = await alice.send(
      new ListAppsCommand({
        DomainIdEquals: 'd-aaaaaaaaaaaa',
        SpaceNameEquals: 'team-shared',
      }),
    );
    expect(bySpace.Apps!.map(a => a.SpaceName)).toEqual(['team-shared']);
    const byProfile = await alice.send(
      new ListAppsCommand({ UserProfileNameEquals: 'alice' }),
    );
    expect(byProfile.Apps!.map(a => a.SpaceName)).toEqual(['alice-lab']);
    const stopped = await alice.send(
      new ListAppsCommand({ SpaceNameEquals: 'bob-code' }),
    );
    expect(stopped.Apps).toEqual([]);
  });

  it('pages with NextToken and refuses a token of another operation', async () => {
    const names: string[] = [];
    for await (const page of paginateListApps(
      { client: alice, pageSize: 1 },
      { DomainIdEquals: 'd-aaaaaaaaaaaa' },
    )) {
      expect(page.Apps).toHaveLength(1);
      names.push(page.Apps![0].SpaceName!);
    }
    expect(names).toEqual(['alice-lab', 'team-shared']);
    const spaces = await alice.send(new ListSpacesCommand({ MaxResults: 1 }));
    const foreign = await failure(
      alice.send(new ListAppsCommand({ NextToken: spaces.NextToken })),
    );
    expect(foreign.name).toBe('ValidationException');
  });

  it('lists nothing from other accounts', async () => {
    const out = await alice.send(
      new ListAppsCommand({ DomainIdEquals: 'd-bbbbbbbbbbbb' }),
    );
    expect(out.Apps).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a malformed domain id', { DomainIdEquals: 'lob-a' }, /domainIdEquals/],
    ['MaxResults 0', { MaxResults: 0 }, /maxResults/],
    ['an unknown SortBy', { SortBy: 'Name' }, /sortBy/],
    [
      'both a space and a profile',
      { SpaceNameEquals: 'alice-lab', UserProfileNameEquals: 'alice' },
      /cannot both be set/,
    ],
  ])(
    'answers 400 ValidationException for %s',
    async (_name, input, message) => {
      const error = await failure(
        alice.send(new ListAppsCommand(input as any)),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toMatch(message);
    },
  );
});

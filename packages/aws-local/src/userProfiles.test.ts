import {
  CreatePresignedDomainUrlCommand,
  CreateUserProfileCommand,
  DescribeUserProfileCommand,
  ListTagsCommand,
  ListUserProfilesCommand,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { startAwsStandIn } from './standIn';
import type { AwsStandIn, StandInWorld } from './types';
import { sageMakerAs, testWorld, failure } from './__testUtils__/testWorld';

/*
 * CreateUserProfile, DescribeUserProfile, ListUserProfiles and ListTags
 * through the real SDK, with the LOB role's conditions as the stand-in
 * models them. Time is the stand-in's clock, moved by the tests.
 */

const clock = { offsetMs: 0 };
const world: StandInWorld = {
  ...testWorld,
  domains: [
    ...testWorld.domains,
    {
      domainId: 'd-cccccccccccc',
      domainName: 'full',
      accountId: '111111111111',
      region: 'us-east-1',
      userProfiles: ['one'],
      maxUserProfiles: 1,
    },
    {
      domainId: 'd-dddddddddddd',
      domainName: 'updating',
      accountId: '111111111111',
      region: 'us-east-1',
      userProfiles: [],
      status: 'Updating',
    },
  ],
};
let standIn: AwsStandIn;

beforeAll(async () => {
  standIn = await startAwsStandIn({
    world,
    now: () => Date.now() + clock.offsetMs,
    profileCreation: { delayMs: 60_000 },
  });
});

afterAll(() => standIn.close());

afterEach(() => {
  clock.offsetMs = 0;
});

/** A session as the portal opens one: tagged with the profile and the Backstage user. */
const sessionFor = (profile: string, user = `user:default/${profile}`) =>
  sageMakerAs(standIn.endpoint, {
    Tags: [
      { Key: 'studio-user-profile', Value: profile },
      { Key: 'backstage-user', Value: user },
    ],
  });

const create = (
  client: SageMakerClient,
  name: string,
  input: Record<string, unknown> = {},
) =>
  client.send(
    new CreateUserProfileCommand({
      DomainId: 'd-aaaaaaaaaaaa',
      UserProfileName: name,
      Tags: [
        { Key: 'backstage-user', Value: `user:default/${name}` },
        { Key: 'provisioned-by', Value: 'sagemaker-studio-portal' },
      ],
      ...input,
    }),
  );

describe('CreateUserProfile', () => {
  it('creates the tagged profile: Pending until the delay has passed, then InService, with its tags', async () => {
    const dana = await sessionFor('dana');
    const { UserProfileArn } = await create(dana, 'dana');
    expect(UserProfileArn).toBe(
      'arn:aws:sagemaker:us-east-1:111111111111:user-profile/d-aaaaaaaaaaaa/dana',
    );
    const describe = () =>
      dana.send(
        new DescribeUserProfileCommand({
          DomainId: 'd-aaaaaaaaaaaa',
          UserProfileName: 'dana',
        }),
      );
    expect((await describe()).Status).toBe('Pending');
    const presignPending = await failure(
      dana.send(
        new CreatePresignedDomainUrlCommand({
          DomainId: 'd-aaaaaaaaaaaa',
          UserProfileName: 'dana',
        }),
      ),
    );
    expect(presignPending.name).toBe('ValidationException');
    clock.offsetMs = 61_000;
    expect((await describe()).Status).toBe('InService');
    const { Tags } = await dana.send(
      new ListTagsCommand({ ResourceArn: UserProfileArn }),
    );
    expect(Tags).toEqual([
      { Key: 'backstage-user', Value: 'user:default/dana' },
      { Key: 'provisioned-by', Value: 'sagemaker-studio-portal' },
    ]);
    const { UserProfiles } = await dana.send(
      new ListUserProfilesCommand({ DomainIdEquals: 'd-aaaaaaaaaaaa' }),
    );
    expect(
      UserProfiles?.map(p => [p.UserProfileName, p.Status]),
    ).toContainEqual(['dana', 'InService']);
  });

  it('answers ResourceInUse for a name that exists (in any case)', async () => {
    const alice = await sessionFor('ALICE', 'user:default/alice');
    const error = await failure(
      create(alice, 'ALICE', {
        Tags: [{ Key: 'backstage-user', Value: 'user:default/alice' }],
      }),
    );
    expect(error.name).toBe('ResourceInUse');
  });

  it.each([
    ['another profile than the session tag names', 'erik', {}, 'mallory'],
    [
      'a backstage-user tag of someone else',
      'frida',
      { Tags: [{ Key: 'backstage-user', Value: 'user:default/boss' }] },
      'frida',
    ],
    ['no backstage-user tag', 'gus', { Tags: [] }, 'gus'],
    [
      'a tag key the role does not allow',
      'hana',
      {
        Tags: [
          { Key: 'backstage-user', Value: 'user:default/hana' },
          { Key: 'cost-center', Value: 'x' },
        ],
      },
      'hana',
    ],
    [
      'an execution role of another account',
      'ivo',
      {
        UserSettings: {
          ExecutionRole: 'arn:aws:iam::999999999999:role/Other',
        },
      },
      'ivo',
    ],
  ])('denies %s, and creates nothing', async (_what, name, input, session) => {
    const client = await sessionFor(session, `user:default/${name}`);
    const error = await failure(create(client, name, input));
    expect(error.name).toBe('AccessDeniedException');
    expect(
      standIn.userProfiles('d-aaaaaaaaaaaa').map(p => p.name),
    ).not.toContain(name);
  });

  it('answers ResourceLimitExceeded beyond the domain quota', async () => {
    const two = await sessionFor('two');
    const error = await failure(
      create(two, 'two', { DomainId: 'd-cccccccccccc' }),
    );
    expect(error.name).toBe('ResourceLimitExceeded');
  });

  it('answers ValidationException for a bad name or a domain that is not InService', async () => {
    const bad = await sessionFor('bad_name');
    expect((await failure(create(bad, 'bad_name'))).name).toBe(
      'ValidationException',
    );
    const jo = await sessionFor('jo');
    expect(
      (await failure(create(jo, 'jo', { DomainId: 'd-dddddddddddd' }))).name,
    ).toBe('ValidationException');
  });

  it('makes Failed profiles when told to, with a failure reason', async () => {
    standIn.setProfileCreation({ delayMs: 0, outcome: 'Failed' });
    try {
      const kim = await sessionFor('kim');
      await create(kim, 'kim');
      const out = await kim.send(
        new DescribeUserProfileCommand({
          DomainId: 'd-aaaaaaaaaaaa',
          UserProfileName: 'kim',
        }),
      );
      expect(out.Status).toBe('Failed');
      expect(out.FailureReason).toBeTruthy();
    } finally {
      standIn.setProfileCreation({ delayMs: 60_000, outcome: 'InService' });
    }
  });
});

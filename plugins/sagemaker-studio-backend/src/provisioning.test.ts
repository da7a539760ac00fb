import request from 'supertest';
import {
  ADMIN,
  TestOrg,
  startLocalAws,
  startPluginBackend,
  user,
  type LocalAws,
  type PluginBackend,
} from './__testUtils__/localAws';
import { API, expectStatus, pluginApi } from './__testUtils__/pluginApi';

/*
 * Studio user profiles made at the first launch, against the real plugin in
 * a test backend, DynamoDB Local and the SageMaker stand-in (whose new
 * profiles are Pending for a while, then InService or Failed). No assertion
 * depends on how fast the machine is: the tests poll until a state is
 * reached, with a generous bound.
 */

jest.setTimeout(120_000);

const enc = encodeURIComponent;
const lob = (lobId: string, accountId: string, domainId: string) => ({
  lobId,
  displayName: lobId.toUpperCase(),
  accountId,
  region: 'us-east-1',
  domainId,
});
const LOB_P = lob('lob-p', '333333333333', 'd-lobp00000001');
const LOB_LIMIT = lob('lob-limit', '444444444444', 'd-loblimit0001');
const LOB_UPDATING = lob('lob-updating', '555555555555', 'd-lobupd000001');
const LOB_DENIED = lob('lob-denied', '666666666666', 'd-lobdeny00001');
const LOB_PLAIN = lob('lob-plain', '777777777777', 'd-lobplain0001');
const SCIENTISTS = 'group:default/data-scientists';

const org = new TestOrg();
let local: LocalAws;
let portal: PluginBackend;
const api = pluginApi(() => portal.server);

beforeAll(async () => {
  local = await startLocalAws({
    profileCreation: { delayMs: 300 },
    extra: [
      { lob: LOB_P, domain: { userProfiles: ['admin-made'] } },
      { lob: LOB_LIMIT, domain: { maxUserProfiles: 0 } },
      { lob: LOB_UPDATING, domain: { status: 'Updating' } },
      { lob: LOB_DENIED, role: { mayCreateUserProfiles: false } },
      { lob: LOB_PLAIN },
    ],
  });
  portal = await startPlugin();
  for (const l of [LOB_P, LOB_LIMIT, LOB_UPDATING, LOB_DENIED]) {
    await expectStatus(api.createLob({ ...l, provisionProfiles: true }), 201);
  }
  await expectStatus(api.createLob(LOB_PLAIN), 201);
});

afterAll(async () => {
  await portal?.stop();
  await local?.stop();
});

beforeEach(() => {
  local.aws.resetStats();
  local.aws.setProfileCreation({ delayMs: 300, outcome: 'InService' });
});

function startPlugin() {
  return startPluginBackend(local, {
    studio: {
      groups: { cacheTtlSeconds: 0 },
      provisioning: { pollIntervalMs: 100, timeoutSeconds: 60 },
    },
    features: org.features(),
  });
}

async function addMember(lobId: string, ref: string, body: object = {}) {
  await expectStatus(api.putMember(lobId, ref, body), 201);
}

const launch = (who: string, lobId: string, server = portal.server) =>
  request(server)
    .post(`${API}/launch`)
    .set('Authorization', user(who))
    .send({ lobId });
const profileStatus = (who: string, lobId: string, server = portal.server) =>
  request(server)
    .get(`${API}/profile?lobId=${lobId}`)
    .set('Authorization', user(who));

/** Polls GET /profile until it is not `creating`; every answer in order. */
async function pollProfile(who: string, lobId: string, server = portal.server) {
  const answers: request.Response[] = [];
  for (let i = 0; i < 600; i++) {
    const res = await profileStatus(who, lobId, server);
    answers.push(res);
    if (res.status !== 200 || res.body.state !== 'creating') return answers;
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error('the profile stayed creating');
}

const profileIn = (domainId: string, name: string) =>
  local.aws.userProfiles(domainId).find(p => p.name === name);

describe('first launch in a LOB with provisionProfiles', () => {
  it('creates the profile, tagged with the user and the portal, shows progress, then launches', async () => {
    await addMember('lob-p', 'user:default/pat');
    const first = await launch('pat', 'lob-p');
    expect(first.status).toBe(202);
    expect(first.headers['retry-after']).toBeDefined();
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body).toEqual({
      provisioning: expect.objectContaining({
        lobId: 'lob-p',
        userProfileName: 'pat',
        state: 'creating',
        awsStatus: 'Pending',
      }),
    });
    expect(first.body.url).toBeUndefined();

    const answers = await pollProfile('pat', 'lob-p');
    expect(answers.at(-1)!.body).toMatchObject({ state: 'ready' });
    expect(
      answers
        .slice(0, -1)
        .every(a => a.body.state === 'creating' && a.body.startedAt),
    ).toBe(true);

    const second = await launch('pat', 'lob-p');
    expect(second.status).toBe(200);
    expect(second.body.url).toContain('/studio/d-lobp00000001/auth?token=');
    expect(profileIn('d-lobp00000001', 'pat')).toEqual({
      name: 'pat',
      status: 'InService',
      tags: {
        'backstage-user': 'user:default/pat',
        'provisioned-by': 'sagemaker-studio-portal',
      },
    });
    expect(local.aws.stats().sagemaker.CreateUserProfile).toBe(1);
    expect(
      portal.audit.find(e => e.eventId === 'studio-profile-create'),
    ).toMatchObject({
      outcome: 'success',
      meta: {
        user: 'user:default/pat',
        lobId: 'lob-p',
        userProfileName: 'pat',
        executionRole: 'domain default',
      },
    });
    const listed = await request(portal.server)
      .get(`${API}/lobs/lob-p/provisioned-profiles`)
      .set('Authorization', ADMIN);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        lobId: 'lob-p',
        domainId: 'd-lobp00000001',
        userProfileName: 'pat',
        userRef: 'user:default/pat',
      }),
    ]);
  });

  it("uses the LOB's execution role when it names one", async () => {
    const current = await request(portal.server)
      .get(`${API}/lobs/lob-p`)
      .set('Authorization', ADMIN);
    await expectStatus(
      request(portal.server)
        .put(`${API}/lobs/lob-p`)
        .set('Authorization', ADMIN)
        .send({
          ...LOB_P,
          lobId: undefined,
          provisionProfiles: true,
          executionRoleName: 'DataScienceExecution',
          version: current.body.version,
        }),
      200,
    );
    await addMember('lob-p', 'user:default/eve');
    expect((await launch('eve', 'lob-p')).status).toBe(202);
    await pollProfile('eve', 'lob-p');
    expect(profileIn('d-lobp00000001', 'eve')?.executionRole).toBe(
      'arn:aws:iam::333333333333:role/DataScienceExecution',
    );
  });

  it('makes one profile for concurrent first clicks', async () => {
    await addMember('lob-p', 'user:default/quinn');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => launch('quinn', 'lob-p')),
    );
    expect(answers.map(a => a.status)).toEqual(Array(6).fill(202));
    await pollProfile('quinn', 'lob-p');
    expect((await launch('quinn', 'lob-p')).status).toBe(200);
    expect(local.aws.stats().sagemaker.CreateUserProfile).toBe(1);
  });

  it('makes one profile when two replicas get the first clicks (ResourceInUse)', async () => {
    const replica = await startPlugin();
    try {
      await addMember('lob-p', 'user:default/rita');
      const [a, b] = await Promise.all([
        launch('rita', 'lob-p'),
        launch('rita', 'lob-p', replica.server),
      ]);
      expect([a.status, b.status]).toEqual([202, 202]);
      const [endA, endB] = await Promise.all([
        pollProfile('rita', 'lob-p'),
        pollProfile('rita', 'lob-p', replica.server),
      ]);
      expect(endA.at(-1)!.body.state).toBe('ready');
      expect(endB.at(-1)!.body.state).toBe('ready');
      expect(
        local.aws.userProfiles('d-lobp00000001').filter(p => p.name === 'rita'),
      ).toHaveLength(1);
      expect((await launch('rita', 'lob-p', replica.server)).status).toBe(200);
    } finally {
      await replica.stop();
    }
  });

  it('waits through a slow Pending, reporting it, and a group member gets their own profile', async () => {
    local.aws.setProfileCreation({ delayMs: 2500 });
    await addMember('lob-p', SCIENTISTS);
    org.member('user:default/sam', SCIENTISTS);
    const me = await request(portal.server)
      .get(`${API}/me`)
      .set('Authorization', user('sam'));
    expect(me.body.memberships).toEqual([
      expect.objectContaining({
        lobId: 'lob-p',
        userProfileName: 'sam',
        viaGroup: SCIENTISTS,
        provisionProfiles: true,
      }),
    ]);
    expect((await launch('sam', 'lob-p')).status).toBe(202);
    const answers = await pollProfile('sam', 'lob-p');
    expect(answers.length).toBeGreaterThan(1);
    expect(answers[0].body).toMatchObject({
      state: 'creating',
      awsStatus: 'Pending',
    });
    expect(answers.at(-1)!.body.state).toBe('ready');
    expect((await launch('sam', 'lob-p')).status).toBe(200);
    expect(profileIn('d-lobp00000001', 'sam')?.tags['backstage-user']).toBe(
      'user:default/sam',
    );
    const listed = await request(portal.server)
      .get(`${API}/lobs/lob-p/provisioned-profiles`)
      .set('Authorization', ADMIN);
    expect(
      listed.body.items.find((p: any) => p.userProfileName === 'sam'),
    ).toMatchObject({ viaGroup: SCIENTISTS });
  });

  it('uses an existing profile without creating one', async () => {
    await addMember('lob-p', 'user:default/admin-made');
    const res = await launch('admin-made', 'lob-p');
    expect(res.status).toBe(200);
    expect(local.aws.stats().sagemaker.CreateUserProfile).toBeUndefined();
  });

  it('reports a profile that ends Failed, with no AWS text in the answer, and never creates it twice', async () => {
    local.aws.setProfileCreation({ delayMs: 100, outcome: 'Failed' });
    await addMember('lob-p', 'user:default/fay');
    expect((await launch('fay', 'lob-p')).status).toBe(202);
    const failed = (await pollProfile('fay', 'lob-p')).at(-1)!;
    expect(failed.status).toBe(502);
    expect(failed.body.error.message).toContain(
      "could not create your Studio user profile 'fay'",
    );
    expect(failed.text).not.toMatch(/stand-in|arn:aws/);
    expect(
      portal.logs.some(
        l => l.includes('Failed') && l.includes('stand-in was told'),
      ),
    ).toBe(true);
    // The Failed profile stays in SageMaker: the next launch says so at once.
    const again = await launch('fay', 'lob-p');
    expect(again.status).toBe(502);
    expect(local.aws.stats().sagemaker.CreateUserProfile).toBe(1);
  });

  it('refuses a profile whose backstage-user tag names someone else', async () => {
    // Tom's profile, made by the portal; his membership goes, Uma is given the name.
    await addMember('lob-p', 'user:default/tom', { userProfileName: 'team-p' });
    expect((await launch('tom', 'lob-p')).status).toBe(202);
    await pollProfile('tom', 'lob-p');
    const tom = await request(portal.server)
      .get(`${API}/memberships?lobId=lob-p&userRef=${enc('user:default/tom')}`)
      .set('Authorization', ADMIN);
    await expectStatus(
      request(portal.server)
        .delete(
          `${API}/memberships/lob-p/${enc('user:default/tom')}?version=${
            tom.body.items[0].version
          }`,
        )
        .set('Authorization', ADMIN),
      204,
    );
    await addMember('lob-p', 'user:default/uma', { userProfileName: 'team-p' });
    const res = await launch('uma', 'lob-p');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      "'team-p' in domain d-lobp00000001 belongs to another user",
    );
    expect(res.body.url).toBeUndefined();
  });

  it('says so when the domain has reached its limit of user profiles', async () => {
    await addMember('lob-limit', 'user:default/lena');
    // Known before anything waits: the launch itself answers.
    const res = await launch('lena', 'lob-limit');
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('limit of user profiles');
    expect(res.text).not.toContain('account-level service limit');
  });

  it('says so when the domain is not InService', async () => {
    await addMember('lob-updating', 'user:default/ulf');
    const res = await launch('ulf', 'lob-updating');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('is Updating, not InService');
  });

  it('says what to check when the access role may not create profiles', async () => {
    await addMember('lob-denied', 'user:default/dan');
    const res = await launch('dan', 'lob-denied');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('sagemaker:CreateUserProfile');
    expect(res.text).not.toContain('is not authorized to perform');
    expect(profileIn('d-lobdeny00001', 'dan')).toBeUndefined();
  });

  it('shows a page that asks again to a plain link, until it redirects to Studio', async () => {
    await addMember('lob-p', 'user:default/lou');
    const link = () =>
      request(portal.server)
        .get(`${API}/launch?lobId=lob-p`)
        .set('Authorization', user('lou'));
    const page = await link();
    expect(page.status).toBe(202);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<meta http-equiv="refresh"');
    expect(page.text).toContain('first launch only');
    await pollProfile('lou', 'lob-p');
    const redirect = await link();
    expect(redirect.status).toBe(302);
    expect(redirect.headers.location).toContain('/studio/d-lobp00000001/');
  });
});

describe('a LOB without provisionProfiles', () => {
  it('never creates a profile: a missing one is the 404 it always was', async () => {
    await addMember('lob-plain', 'user:default/nora');
    const res = await launch('nora', 'lob-plain');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      "no SageMaker Studio user profile 'nora'",
    );
    expect(local.aws.stats().sagemaker.CreateUserProfile).toBeUndefined();
  });

  it("tells the domain's name and status with the profile, asking SageMaker once per domain", async () => {
    await addMember('lob-plain', 'user:default/nils');
    await addMember('lob-plain', 'user:default/nina');
    const [first, second] = [
      await profileStatus('nils', 'lob-plain'),
      await profileStatus('nina', 'lob-plain'),
    ];
    for (const res of [first, second]) {
      expect(res.status).toBe(200);
      expect(res.body.domain).toEqual({
        domainId: 'd-lobplain0001',
        domainName: 'lob-plain-studio',
        status: 'InService',
      });
    }
    expect(first.body.state).toBe('missing');
    // Two members, two profile looks, one DescribeDomain (reused for a minute).
    expect(local.aws.stats().sagemaker.DescribeUserProfile).toBe(2);
    expect(local.aws.stats().sagemaker.DescribeDomain).toBe(1);
  });

  it('reports a domain that is not InService as SageMaker says', async () => {
    await addMember('lob-updating', 'user:default/ursula');
    const res = await profileStatus('ursula', 'lob-updating');
    expect(res.status).toBe(200);
    expect(res.body.domain).toMatchObject({ status: 'Updating' });
  });
});

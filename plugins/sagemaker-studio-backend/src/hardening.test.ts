import request from 'supertest';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ADMIN,
  APP_ORIGIN,
  LOB_A,
  LOB_B,
  putLegacyItem,
  snapshot,
  startLocalAws,
  startPluginBackend,
  user,
  type LocalAws,
  type PluginBackend,
} from './__testUtils__/localAws';
import { API, pluginApi, seedMappings } from './__testUtils__/pluginApi';

/*
 * The holes issue 11 found in the launch and admin paths, each against the
 * real plugin in a test backend, DynamoDB Local and the STS/SageMaker stand-in.
 */

jest.setTimeout(90_000);

const enc = encodeURIComponent;
let local: LocalAws;
let portal: PluginBackend;
const api = pluginApi(() => portal.server);
const extra: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  local = await startLocalAws();
  portal = await startPluginBackend(local);
  await seedMappings(api, {
    lobs: [LOB_A, LOB_B],
    memberships: [{ lobId: 'lob-a', ref: 'user:default/user-lob-a' }],
  });
});

afterAll(async () => {
  await Promise.allSettled([portal?.stop(), ...extra.map(e => e.stop())]);
  await local?.stop();
});

beforeEach(() => {
  local.dynamoDb.clearFaults();
  local.dynamoDb.setLatency(0);
  local.dynamoDb.resetStats();
  local.aws.resetStats();
});

const { launch, putMember } = api;

describe('1. one Studio profile, one user, per LOB', () => {
  it("a user of another namespace never gets the same-named default user's profile", async () => {
    expect(
      (await putMember('lob-a', 'user:contractors/user-lob-a', {})).status,
    ).toBe(201);
    const res = await launch('user:contractors/user-lob-a');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(
      /profile 'user-lob-a-contractors--[0-9a-f]{16}' in domain d-loba00000001/,
    );
    expect(res.body.url).toBeUndefined();
    const own = await launch('user-lob-a');
    expect(own.status).toBe(200);
  });

  it('refuses with 409 naming the other user a membership that names a profile already used in the LOB', async () => {
    const before = await snapshot(local);
    const res = await putMember('lob-a', 'user:default/mallory', {
      userProfileName: 'user-lob-a',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('user:default/user-lob-a');
    expect(await snapshot(local)).toBe(before);
    // Case does not make it another profile.
    expect(
      (
        await putMember('lob-a', 'user:default/mallory', {
          userProfileName: 'USER-LOB-A',
        })
      ).status,
    ).toBe(409);
    // The same name in another LOB is another profile.
    expect(
      (
        await putMember('lob-b', 'user:default/mallory', {
          userProfileName: 'user-lob-a',
        })
      ).status,
    ).toBe(201);
  });

  it('moves a claim with the membership: the old profile is free for someone else afterwards', async () => {
    const created = await putMember('lob-a', 'user:default/bob', {
      userProfileName: 'shared-profile',
    });
    expect(created.status).toBe(201);
    expect(
      (
        await putMember('lob-a', 'user:default/carol', {
          userProfileName: 'shared-profile',
        })
      ).status,
    ).toBe(409);
    const moved = await putMember('lob-a', 'user:default/bob', {
      userProfileName: 'bob',
      version: 1,
    });
    expect(moved.status).toBe(200);
    expect(
      (
        await putMember('lob-a', 'user:default/carol', {
          userProfileName: 'shared-profile',
        })
      ).status,
    ).toBe(201);
    expect((await launch('carol', { lobId: 'lob-a' })).status).not.toBe(403);
  });

  it('refuses a launch into a profile another user claims, for memberships written before claims existed', async () => {
    await putLegacyItem(local, 'memberships', {
      userRef: 'user:default/legacy-dave',
      lobId: 'lob-a',
      userProfileName: 'user-lob-a',
      incarnation: await incarnationOf('lob-a'),
    });
    const res = await launch('legacy-dave', { lobId: 'lob-a' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      "'user-lob-a' of line of business 'lob-a' belongs to another user",
    );
    expect(local.aws.stats().total).toBe(0);
  });

  it('the check endpoint reports profiles shared in the data', async () => {
    const incarnation = await incarnationOf('lob-b');
    for (const ref of ['user:default/x1', 'user:default/x2']) {
      await putLegacyItem(local, 'memberships', {
        userRef: ref,
        lobId: 'lob-b',
        userProfileName: 'bob',
        incarnation,
      });
    }
    const res = await request(portal.server)
      .post(`${API}/lobs/lob-b/check`)
      .set('Authorization', ADMIN)
      .send({});
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.profileCollisions).toEqual([
      {
        userProfileName: 'bob',
        userRefs: ['user:default/x1', 'user:default/x2'],
      },
    ]);
    expect(res.body.steps[0]).toMatchObject({ step: 'mappings', ok: false });
    // An import of that data is refused until an admin fixes it.
    const exported = await request(portal.server)
      .get(`${API}/export`)
      .set('Authorization', ADMIN);
    const reimport = await request(portal.server)
      .post(`${API}/import`)
      .set('Authorization', ADMIN)
      .send({ format: 'yaml', content: exported.text });
    expect(reimport.status).toBe(400);
    expect(reimport.body.error.rows.map((r: any) => r.message)).toContainEqual(
      expect.stringContaining(
        "profile 'bob' of 'lob-b' is also given to user:default/x1",
      ),
    );
    for (const [ref, lobId] of [
      ['user:default/x1', 'lob-b'],
      ['user:default/x2', 'lob-b'],
      ['user:default/legacy-dave', 'lob-a'],
    ]) {
      await local.direct.send(
        new DeleteCommand({
          TableName: 'plugin-memberships',
          Key: { userRef: ref, lobId },
        }),
      );
    }
  });

  it('import refuses two users with one profile (400) and a profile held by another user (409), writing nothing', async () => {
    const before = await snapshot(local);
    const twice = await request(portal.server)
      .post(`${API}/import`)
      .set('Authorization', ADMIN)
      .send({
        format: 'yaml',
        content:
          'lobs: []\nmemberships:\n  - { userRef: user:default/p1, lobId: lob-a, userProfileName: same }\n  - { userRef: user:default/p2, lobId: lob-a, userProfileName: same }\n',
      });
    expect(twice.status).toBe(400);
    expect(twice.body.error.rows[0].message).toContain(
      'also given to user:default/p1',
    );
    const held = await request(portal.server)
      .post(`${API}/import`)
      .set('Authorization', ADMIN)
      .send({
        format: 'yaml',
        content:
          'lobs: []\nmemberships:\n  - { userRef: user:default/p3, lobId: lob-a, userProfileName: user-lob-a }\n',
      });
    expect(held.status).toBe(409);
    expect(held.body.error.message).toContain('user:default/user-lob-a');
    expect(await snapshot(local)).toBe(before);
  });
});

describe('2. cookie-authenticated GET /launch comes from the portal only', () => {
  const cookie = () =>
    mockCredentials.limitedUser.cookie('user:default/user-lob-a');
  const get = () =>
    request(portal.server)
      .get(`${API}/launch?landingUri=${enc('studio::/lab')}`)
      .set('Cookie', cookie());

  it.each([
    [
      'another site',
      { 'Sec-Fetch-Site': 'cross-site', Origin: 'https://evil.example.com' },
    ],
    [
      'a sibling site',
      { 'Sec-Fetch-Site': 'same-site', Referer: 'https://evil.localhost/page' },
    ],
    ['no browser headers at all', {}],
    [
      'a forged Origin without Sec-Fetch-Site',
      { Origin: 'https://evil.example.com', Referer: `${APP_ORIGIN}/` },
    ],
  ])(
    'refuses a launch from %s with 403, no URL, no AWS call, audited as failed',
    async (_name, headers) => {
      const res = await get().set(headers);
      expect(res.status).toBe(403);
      expect(res.headers.location).toBeUndefined();
      expect(res.body.error.message).toContain(
        'opened from outside the portal',
      );
      expect(local.aws.stats().total).toBe(0);
      expect(portal.audit.at(-1)).toMatchObject({
        eventId: 'studio-launch',
        outcome: 'fail',
      });
    },
  );

  it.each([
    ['the portal itself', { 'Sec-Fetch-Site': 'same-origin' }],
    ['a bookmark or typed URL', { 'Sec-Fetch-Site': 'none' }],
    [
      "the card's link from the frontend origin (local mode: same site, other port)",
      { 'Sec-Fetch-Site': 'same-site', Referer: `${APP_ORIGIN}/` },
    ],
    ['an old browser that sends only Origin', { Origin: APP_ORIGIN }],
  ])('redirects a launch from %s', async (_name, headers) => {
    const res = await get().set(headers);
    expect(res.status).toBe(302);
    expect(res.headers.location).toContain('d-loba00000001');
  });

  it('leaves bearer-token calls as they were', async () => {
    const res = await request(portal.server)
      .get(`${API}/launch`)
      .set('Authorization', user('user-lob-a'))
      .set('Sec-Fetch-Site', 'cross-site');
    expect(res.status).toBe(302);
  });
});

describe('3. admin writes within their time limit, with the right outcome', () => {
  let slow: PluginBackend;
  beforeAll(async () => {
    slow = await startPluginBackend(local, { aws: { callTimeoutMs: 300 } });
    extra.push(slow);
  });

  it('answers 504 within the bound when DynamoDB is slower than callTimeoutMs, and the cache is dropped', async () => {
    const me = () =>
      request(slow.server)
        .get(`${API}/me`)
        .set('Authorization', user('user-lob-a'));
    expect((await me()).body.memberships[0].displayName).toBe('LOB A');
    const lob = await request(slow.server)
      .get(`${API}/lobs/lob-a`)
      .set('Authorization', ADMIN);
    local.dynamoDb.setLatency(450);
    const started = Date.now();
    const res = await request(slow.server)
      .put(`${API}/lobs/lob-a`)
      .set('Authorization', ADMIN)
      .send({
        ...LOB_A,
        lobId: undefined,
        displayName: 'LOB A (slow edit)',
        version: lob.body.version,
      });
    const took = Date.now() - started;
    expect(res.status).toBe(504);
    expect(res.body.error.message).toContain('may have been saved');
    expect(took).toBeLessThan(1200); // the bound, plus scheduling on a busy machine
    expect(slow.audit.at(-1)).toMatchObject({
      eventId: 'mapping-change',
      outcome: 'fail',
    });
    local.dynamoDb.setLatency(0);
    // The write lands late...
    for (let i = 0; i < 50; i++) {
      const now = await request(slow.server)
        .get(`${API}/lobs/lob-a`)
        .set('Authorization', ADMIN);
      if (now.body.version > lob.body.version) break;
      await new Promise(r => setTimeout(r, 100));
    }
    // ...and the cache, dropped by the failed write, does not hide it.
    expect((await me()).body.memberships[0].displayName).toBe(
      'LOB A (slow edit)',
    );
  });

  it('answers 504, not 500 AbortError, when an admin read hangs', async () => {
    local.dynamoDb.setLatency(2000);
    const res = await request(slow.server)
      .get(`${API}/lobs?limit=5`)
      .set('Authorization', ADMIN);
    expect(res.status).toBe(504);
    expect(res.body.error.name).toBe('AwsTimeoutError');
  });

  it('answers 503 when DynamoDB is unavailable', async () => {
    local.dynamoDb.injectFault({ kind: 'unavailable' });
    const res = await request(portal.server)
      .get(`${API}/lobs/lob-a`)
      .set('Authorization', ADMIN);
    expect(res.status).toBe(503);
  });

  it.each([
    [
      'a membership create',
      'TransactWriteItems',
      () =>
        putMember('lob-b', 'user:default/erin', { userProfileName: 'erin' }),
      201,
    ],
    [
      'a LOB update',
      'UpdateItem',
      async () => {
        const lob = await request(portal.server)
          .get(`${API}/lobs/lob-b`)
          .set('Authorization', ADMIN);
        return request(portal.server)
          .put(`${API}/lobs/lob-b`)
          .set('Authorization', ADMIN)
          .send({
            ...LOB_B,
            lobId: undefined,
            displayName: 'LOB B v2',
            version: lob.body.version,
          });
      },
      200,
    ],
    [
      'a LOB create',
      'TransactWriteItems',
      () =>
        request(portal.server)
          .post(`${API}/lobs`)
          .set('Authorization', ADMIN)
          // One domain, one LOB: a domain of its own.
          .send({ ...LOB_B, lobId: 'lob-lost', domainId: 'd-loblost0001' }),
      201,
    ],
  ])(
    'recognises %s that landed but whose answer was lost as success, not 409',
    async (_name, operation, write, status) => {
      local.dynamoDb.injectFault({ kind: 'lostResponse', operation, times: 1 });
      const res = await write();
      expect(res.status).toBe(status);
      expect(local.dynamoDb.stats()[operation]).toBeGreaterThanOrEqual(2); // the SDK retried
      expect(portal.audit.at(-1)).toMatchObject({
        eventId: 'mapping-change',
        outcome: 'success',
      });
    },
  );

  it('recognises a membership delete whose answer was lost', async () => {
    const created = await putMember('lob-b', 'user:default/frank', {});
    local.dynamoDb.injectFault({
      kind: 'lostResponse',
      operation: 'TransactWriteItems',
      times: 1,
    });
    const res = await request(portal.server)
      .delete(
        `${API}/memberships/lob-b/${enc('user:default/frank')}?version=${
          created.body.item.version
        }`,
      )
      .set('Authorization', ADMIN);
    expect(res.status).toBe(204);
  });
});

describe('4. no membership outlives its LOB or passes to a new one', () => {
  it('a membership left behind by a delete is not inherited by a LOB created again with the same id', async () => {
    await request(portal.server)
      .post(`${API}/lobs`)
      .set('Authorization', ADMIN)
      .send({ ...LOB_A, lobId: 'lob-r', domainId: 'd-lobr0000001' });
    const member = await putMember('lob-r', 'user:default/user-lob-a', {});
    expect(member.status).toBe(201);
    // What a delete racing the create leaves: the row, as it was, after the LOB is gone.
    const row = (
      await local.direct.send(
        new GetCommand({
          TableName: 'plugin-memberships',
          Key: { userRef: 'user:default/user-lob-a', lobId: 'lob-r' },
        }),
      )
    ).Item;
    expect(
      (
        await request(portal.server)
          .delete(`${API}/lobs/lob-r?version=1&cascade=true`)
          .set('Authorization', ADMIN)
      ).status,
    ).toBe(200);
    await putLegacyItem(local, 'memberships', row!);
    // Re-created in another account.
    expect(
      (
        await request(portal.server)
          .post(`${API}/lobs`)
          .set('Authorization', ADMIN)
          .send({ ...LOB_B, lobId: 'lob-r', domainId: 'd-lobr0000002' })
      ).status,
    ).toBe(201);

    const res = await launch('user-lob-a', { lobId: 'lob-r' });
    expect(res.status).toBe(403);
    const me = await request(portal.server)
      .get(`${API}/me`)
      .set('Authorization', user('user-lob-a'));
    expect(me.body.memberships.map((m: any) => m.lobId)).not.toContain('lob-r');
    const members = await request(portal.server)
      .get(`${API}/memberships?lobId=lob-r`)
      .set('Authorization', ADMIN);
    expect(members.body.items).toEqual([]);
    // The admin can add the user to the new LOB (the dead row is overwritten).
    expect(
      (await putMember('lob-r', 'user:default/user-lob-a', {})).status,
    ).toBe(201);
  });

  it('20 deletes racing membership creates leave nothing a re-created LOB inherits', async () => {
    for (let i = 0; i < 20; i++) {
      const lobId = `lob-race-${i}`;
      await request(portal.server)
        .post(`${API}/lobs`)
        .set('Authorization', ADMIN)
        .send({ ...LOB_A, lobId, domainId: `d-race${i}a` });
      await Promise.all([
        request(portal.server)
          .delete(`${API}/lobs/${lobId}?version=1&cascade=true`)
          .set('Authorization', ADMIN),
        putMember(lobId, `user:default/racer-${i}`, {}),
      ]);
      await request(portal.server)
        .post(`${API}/lobs`)
        .set('Authorization', ADMIN)
        .send({ ...LOB_B, lobId, domainId: `d-race${i}b` });
      const members = await request(portal.server)
        .get(`${API}/memberships?lobId=${lobId}`)
        .set('Authorization', ADMIN);
      const me = await request(portal.server)
        .get(`${API}/me`)
        .set('Authorization', user(`racer-${i}`));
      // Either the create lost the race (404) or its row died with the old LOB.
      expect({ i, members: members.body.items, me: me.status }).toEqual({
        i,
        members: [],
        me: 404,
      });
    }
  });
});

describe('6. the mapping cache', () => {
  it('30 concurrent cold launches of one user make one Query and one GetItem', async () => {
    expect(
      (
        await putMember('lob-b', 'user:default/solo', {
          userProfileName: 'bob',
        })
      ).status,
    ).toBe(201);
    const fresh = await startPluginBackend(local);
    extra.push(fresh);
    local.dynamoDb.resetStats();
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        request(fresh.server)
          .post(`${API}/launch`)
          .set('Authorization', user('solo'))
          .send({}),
      ),
    );
    expect(results.map(r => r.status)).toEqual(Array(30).fill(200));
    expect(local.dynamoDb.stats()).toMatchObject({ Query: 1, GetItem: 1 });
  });
});

describe('7. AWS text stays in the log', () => {
  it("a missing space is worded for the user; AWS's message and ARN go to the log only", async () => {
    const res = await launch('user-lob-a', {
      lobId: 'lob-a',
      spaceName: 'no-such-space',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('SpaceNotFoundError');
    expect(res.body.error.message).toBe(
      "There is no space 'no-such-space' in SageMaker Studio domain d-loba00000001.",
    );
    expect(JSON.stringify(res.body)).not.toMatch(/arn:aws|caused by/);
    expect(res.body.error.correlationId).toBe(res.headers['x-correlation-id']);
    const line = portal.logs.find(l =>
      l.includes(res.headers['x-correlation-id']),
    );
    expect(line).toContain('ResourceNotFound');
    expect(line).toMatch(/arn:aws/);
  });

  it('an AssumeRole refusal names the LOB and the account, not the role ARN', async () => {
    const wrong = await startPluginBackend(local, {});
    extra.push(wrong);
    local.aws.injectFault({ service: 'sts', kind: 'accessDenied', times: 1 });
    const res = await request(wrong.server)
      .post(`${API}/launch`)
      .set('Authorization', user('user-lob-a'))
      .send({ lobId: 'lob-a' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      "the access role of line of business 'lob-a' in account 111111111111",
    );
    expect(JSON.stringify(res.body)).not.toMatch(/arn:|caused by/);
    local.aws.clearFaults();
  });
});

describe('8. landingUri', () => {
  it.each([
    'studio::%2e%2e/%2F%2Fevil.example.com',
    'studio::/%2E%2E/x',
    'app:JupyterLab:/a%252e%252e',
  ])(
    'refuses the encoded path %s with 400 and no AWS call',
    async landingUri => {
      const res = await launch('user-lob-a', { lobId: 'lob-a', landingUri });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('landingUri');
      expect(local.aws.stats().total).toBe(0);
    },
  );
});

describe('9. CSV export', () => {
  it('escapes cells a spreadsheet would run as formulas, and imports them back unchanged', async () => {
    const formula = '=HYPERLINK("https://evil.example.com","click")';
    expect(
      (
        await request(portal.server)
          .post(`${API}/lobs`)
          .set('Authorization', ADMIN)
          .send({
            ...LOB_B,
            lobId: 'lob-csv',
            domainId: 'd-lobcsv00001',
            displayName: formula,
          })
      ).status,
    ).toBe(201);
    const exported = await request(portal.server)
      .get(`${API}/export?format=csv`)
      .set('Authorization', ADMIN);
    const line = exported.text
      .split('\n')
      .find(l => l.startsWith('lob,lob-csv'))!;
    expect(line).toContain(
      `"'=HYPERLINK(""https://evil.example.com"",""click"")"`,
    );
    expect(exported.text.split('\n').every(l => !/,=|,"=|,\+|,@/.test(l))).toBe(
      true,
    );
    const imported = await request(portal.server)
      .post(`${API}/import`)
      .set('Authorization', ADMIN)
      .send({ format: 'csv', content: exported.text });
    expect(imported.status).toBe(200);
    expect(imported.body.lobs.updated).toBe(0);
    const lob = await request(portal.server)
      .get(`${API}/lobs/lob-csv`)
      .set('Authorization', ADMIN);
    expect(lob.body.displayName).toBe(formula);
  });
});

describe('10. smaller', () => {
  it('a cursor from another query is a 400', async () => {
    const lobs = await request(portal.server)
      .get(`${API}/lobs?limit=1`)
      .set('Authorization', ADMIN);
    expect(lobs.body.nextCursor).toBeDefined();
    for (const query of [
      `lobId=lob-a`,
      `userRef=${enc('user:default/user-lob-a')}`,
    ]) {
      const res = await request(portal.server)
        .get(`${API}/memberships?${query}&cursor=${lobs.body.nextCursor}`)
        .set('Authorization', ADMIN);
      expect(res.status).toBe(400);
    }
    const members = await request(portal.server)
      .get(`${API}/memberships?lobId=lob-a&limit=1`)
      .set('Authorization', ADMIN);
    const other = await request(portal.server)
      .get(`${API}/memberships?lobId=lob-b&cursor=${members.body.nextCursor}`)
      .set('Authorization', ADMIN);
    expect(other.status).toBe(400);
  });

  it('a valid service token gets 403, as documented', async () => {
    for (const [method, path] of [
      ['post', '/launch'],
      ['get', '/lobs'],
    ] as const) {
      const res = await (request(portal.server) as any)
        [method](`${API}${path}`)
        .set('Authorization', mockCredentials.service.header())
        .send({});
      expect(res.status).toBe(403);
    }
  });
});

async function incarnationOf(lobId: string): Promise<string> {
  const { Item } = await local.direct.send(
    new GetCommand({ TableName: 'plugin-lobs', Key: { lobId } }),
  );
  return Item!.incarnation;
}

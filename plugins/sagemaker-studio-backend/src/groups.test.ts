import request from 'supertest';
import {
  ADMIN,
  LOB_A,
  LOB_B,
  TestOrg,
  snapshot,
  startLocalAws,
  startPluginBackend,
  type LocalAws,
  type PluginBackend,
} from './__testUtils__/localAws';
import { API, pluginApi, seedMappings } from './__testUtils__/pluginApi';

/*
 * LOB access by catalog group and one Studio domain per LOB, against the
 * real plugin in a test backend, DynamoDB Local and the STS/SageMaker
 * stand-in. The org (the users' token groups and the catalog's memberOf) is
 * a TestOrg the tests change; the catalog answer is not reused
 * (groups.cacheTtlSeconds 0), so that a change shows at once.
 */

jest.setTimeout(90_000);

const enc = encodeURIComponent;
const SCIENTISTS = 'group:default/data-scientists';
const ANALYSTS = 'group:default/analysts';
const org = new TestOrg();
let local: LocalAws;
let portal: PluginBackend;

const api = pluginApi(() => portal.server);
const { putMember, me, launch } = api;

beforeAll(async () => {
  local = await startLocalAws();
  portal = await startPluginBackend(local, {
    studio: { groups: { cacheTtlSeconds: 0 } },
    features: org.features(),
  });
  await seedMappings(api, {
    lobs: [LOB_A, LOB_B],
    memberships: [
      { lobId: 'lob-a', ref: SCIENTISTS },
      { lobId: 'lob-a', ref: 'user:default/user-lob-a' },
    ],
  });
});

afterAll(async () => {
  await portal?.stop();
  await local?.stop();
});

describe('group memberships', () => {
  it('make every member of the group a member, with their own profile, and /me says which group', async () => {
    org.member('user:default/bob', SCIENTISTS);
    const res = await me('bob');
    expect(res.status).toBe(200);
    expect(res.body.memberships).toEqual([
      expect.objectContaining({
        lobId: 'lob-a',
        userProfileName: 'bob',
        viaGroup: SCIENTISTS,
      }),
    ]);
    const launched = await launch('bob');
    expect(launched.status).toBe(200);
    expect(launched.body.url).toContain('/studio/d-loba00000001/auth?token=');
    const audit = portal.audit.at(-1)!;
    expect(audit.finalMeta).toMatchObject({
      userProfileName: 'bob',
      viaGroup: SCIENTISTS,
    });
  });

  it("a user's own membership wins over a group's", async () => {
    org.member('user:default/user-lob-a', SCIENTISTS);
    const res = await me('user-lob-a');
    expect(res.body.memberships).toEqual([
      expect.objectContaining({
        lobId: 'lob-a',
        userProfileName: 'user-lob-a',
      }),
    ]);
    expect(res.body.memberships[0].viaGroup).toBeUndefined();
  });

  it('of several groups giving one LOB, the first by entity ref is the one reported', async () => {
    expect((await putMember('lob-a', ANALYSTS)).status).toBe(201);
    try {
      org.member('user:default/shared-profile', SCIENTISTS, ANALYSTS);
      for (let i = 0; i < 3; i++) {
        const res = await me('shared-profile');
        expect(res.body.memberships).toEqual([
          expect.objectContaining({ lobId: 'lob-a', viaGroup: ANALYSTS }),
        ]);
      }
    } finally {
      const members = await request(portal.server)
        .get(`${API}/memberships?userRef=${enc(ANALYSTS)}`)
        .set('Authorization', ADMIN);
      await request(portal.server)
        .delete(
          `${API}/memberships/lob-a/${enc(ANALYSTS)}?version=${
            members.body.items[0].version
          }`,
        )
        .set('Authorization', ADMIN);
    }
  });

  it('count only while the catalog confirms the group: removed in the catalog, access ends though the token still names it', async () => {
    org.member('user:default/leaver', SCIENTISTS);
    expect((await me('leaver')).body.memberships).toHaveLength(1);
    org.memberOf.set('user:default/leaver', []);
    const res = await me('leaver');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('Ask the studio admins.');
    expect((await launch('leaver')).status).toBe(404);
  });

  it('need the group in the identity too: a catalog membership the token does not carry gives nothing', async () => {
    org.memberOf.set('user:default/newcomer', [SCIENTISTS]);
    expect((await me('newcomer')).status).toBe(404);
  });

  it('fail closed with a 503 when the catalog cannot be asked', async () => {
    org.member('user:default/carol', SCIENTISTS);
    org.catalogDown = true;
    try {
      const res = await launch('carol');
      expect(res.status).toBe(503);
      expect(res.body.error.message).toContain('could not confirm your groups');
      expect(res.body.url).toBeUndefined();
    } finally {
      org.catalogDown = false;
    }
  });

  it('refuse a group member whose derived profile another user explicitly holds', async () => {
    expect(
      (
        await putMember('lob-a', 'user:default/mallory', {
          userProfileName: 'dave',
        })
      ).status,
    ).toBe(201);
    org.member('user:default/dave', SCIENTISTS);
    const res = await launch('dave');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      "profile 'dave' of line of business 'lob-a' belongs to another user",
    );
    expect(res.body.url).toBeUndefined();
  });

  it("take the derived profile's claim at the first launch, so no admin can hand it to another user later", async () => {
    org.member('user:default/erin', SCIENTISTS);
    // Erin has no Studio profile in lob-a's domain; the claim comes first anyway.
    await launch('erin');
    const before = await snapshot(local);
    const res = await putMember('lob-a', 'user:default/mallet', {
      userProfileName: 'erin',
    });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain('user:default/erin');
    expect(await snapshot(local)).toBe(before);
  });

  it('name no profile: a group membership with userProfileName is a 400 that writes nothing', async () => {
    const before = await snapshot(local);
    const res = await putMember('lob-b', SCIENTISTS, {
      userProfileName: 'team-profile',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'cannot name a Studio user profile',
    );
    expect(await snapshot(local)).toBe(before);
  });

  it('end at once for everyone when the admin removes the group membership', async () => {
    expect((await putMember('lob-b', SCIENTISTS)).status).toBe(201);
    org.member('user:default/frank', SCIENTISTS);
    const before = await me('frank');
    expect(before.body.memberships.map((m: any) => m.lobId).sort()).toEqual([
      'lob-a',
      'lob-b',
    ]);
    const row = await request(portal.server)
      .get(`${API}/memberships?lobId=lob-b&userRef=${enc(SCIENTISTS)}`)
      .set('Authorization', ADMIN);
    expect(
      (
        await request(portal.server)
          .delete(
            `${API}/memberships/lob-b/${enc(SCIENTISTS)}?version=${
              row.body.items[0].version
            }`,
          )
          .set('Authorization', ADMIN)
      ).status,
    ).toBe(204);
    const after = await me('frank');
    expect(after.body.memberships.map((m: any) => m.lobId)).toEqual(['lob-a']);
  });

  it('are listed with their effective members on the admin API', async () => {
    org.member('user:default/gina', SCIENTISTS);
    org.member('user:default/user-lob-a', SCIENTISTS);
    const res = await request(portal.server)
      .get(`${API}/lobs/lob-a/effective-members`)
      .set('Authorization', ADMIN);
    expect(res.status).toBe(200);
    const byRef = new Map(
      res.body.members.map((m: any) => [m.userRef, m] as const),
    );
    expect(byRef.get('user:default/gina')).toEqual({
      userRef: 'user:default/gina',
      userProfileName: 'gina',
      via: SCIENTISTS,
    });
    expect(byRef.get('user:default/user-lob-a')).toEqual({
      userRef: 'user:default/user-lob-a',
      userProfileName: 'user-lob-a',
      via: 'direct',
      alsoVia: [SCIENTISTS],
    });
    expect(byRef.get('user:default/mallory')).toMatchObject({ via: 'direct' });
    expect(res.body.unknownGroups).toEqual([]);
    // Readers only.
    const denied = await request(portal.server).get(
      `${API}/lobs/lob-a/effective-members`,
    );
    expect(denied.status).toBe(401);
  });
});

describe('one Studio domain, one LOB', () => {
  it("refuses a second LOB on another LOB's domain with 409 naming it, and writes nothing", async () => {
    const before = await snapshot(local);
    const res = await request(portal.server)
      .post(`${API}/lobs`)
      .set('Authorization', ADMIN)
      .send({ ...LOB_A, lobId: 'lob-copy', displayName: 'Copy of A' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toContain("line of business 'lob-a'");
    expect(await snapshot(local)).toBe(before);
  });

  it("refuses moving a LOB onto another LOB's domain, and frees a domain when a LOB moves off it", async () => {
    const created = await request(portal.server)
      .post(`${API}/lobs`)
      .set('Authorization', ADMIN)
      .send({ ...LOB_B, lobId: 'lob-m', domainId: 'd-lobm00000001' });
    expect(created.status).toBe(201);
    const onto = await request(portal.server)
      .put(`${API}/lobs/lob-m`)
      .set('Authorization', ADMIN)
      .send({
        ...LOB_B,
        lobId: undefined,
        version: created.body.item.version,
      });
    expect(onto.status).toBe(409);
    expect(onto.body.error.message).toContain("line of business 'lob-b'");

    const moved = await request(portal.server)
      .put(`${API}/lobs/lob-m`)
      .set('Authorization', ADMIN)
      .send({
        ...LOB_B,
        lobId: undefined,
        domainId: 'd-lobm00000002',
        version: created.body.item.version,
      });
    expect(moved.status).toBe(200);
    // The old domain is free again.
    const reuse = await request(portal.server)
      .post(`${API}/lobs`)
      .set('Authorization', ADMIN)
      .send({ ...LOB_B, lobId: 'lob-n', domainId: 'd-lobm00000001' });
    expect(reuse.status).toBe(201);
    // And its new one is taken.
    const taken = await request(portal.server)
      .post(`${API}/lobs`)
      .set('Authorization', ADMIN)
      .send({ ...LOB_B, lobId: 'lob-o', domainId: 'd-lobm00000002' });
    expect(taken.status).toBe(409);
  });

  it('frees the domain when its LOB is deleted', async () => {
    const created = await request(portal.server)
      .post(`${API}/lobs`)
      .set('Authorization', ADMIN)
      .send({ ...LOB_B, lobId: 'lob-d', domainId: 'd-lobd00000001' });
    expect(created.status).toBe(201);
    expect(
      (
        await request(portal.server)
          .delete(`${API}/lobs/lob-d?version=1`)
          .set('Authorization', ADMIN)
      ).status,
    ).toBe(200);
    const again = await request(portal.server)
      .post(`${API}/lobs`)
      .set('Authorization', ADMIN)
      .send({ ...LOB_B, lobId: 'lob-d2', domainId: 'd-lobd00000001' });
    expect(again.status).toBe(201);
  });

  it('refuses an import with two LOBs on one domain, or one on a domain another LOB maps, writing nothing', async () => {
    const before = await snapshot(local);
    const twice = await request(portal.server)
      .post(`${API}/import`)
      .set('Authorization', ADMIN)
      .send({
        format: 'yaml',
        content: [
          'lobs:',
          ...['lob-i1', 'lob-i2'].map(
            id =>
              `  - { lobId: ${id}, displayName: ${id}, accountId: '333333333333', region: us-east-1, domainId: d-lobi00000001 }`,
          ),
          'memberships: []',
        ].join('\n'),
      });
    expect(twice.status).toBe(400);
    expect(twice.body.error.message).toContain('same Studio domain');
    const taken = await request(portal.server)
      .post(`${API}/import`)
      .set('Authorization', ADMIN)
      .send({
        format: 'yaml',
        content: `lobs:\n  - { lobId: lob-i3, displayName: x, accountId: '111111111111', region: us-east-1, domainId: d-loba00000001 }\nmemberships: []\n`,
      });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain("line of business 'lob-a'");
    expect(await snapshot(local)).toBe(before);
  });
});

import request from 'supertest';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { sagemakerStudioLaunchPermission } from '@studio-portal/plugin-sagemaker-studio-common';
import {
  LOB_A,
  LOB_B,
  startLocalAws,
  startPluginBackend,
  user as as,
  type LocalAws,
  type PluginBackend,
} from './__testUtils__/localAws';
import { pluginApi, seedMappings } from './__testUtils__/pluginApi';

/*
 * The admin API against DynamoDB Local and the STS/SageMaker stand-in:
 * validation, optimistic locking, cascade deletes, export and import, and
 * that the launch path sees changes at once. The mappings are local mode's
 * demo world (seed/demo.yaml); only the admins may read or change them,
 * anyone may launch. The portal's own tests check its permission policy in
 * front of these routes.
 */

jest.setTimeout(60_000);

const ADMINS = new Set(['user:default/studio-admin', 'user:default/admin']);

/** The portal's policy in short: mapping permissions for admins only. */
const adminsOnly = mockServices.permissions.mock({
  authorize: async (requests, options) => {
    const principal = options?.credentials.principal as {
      userEntityRef?: string;
    };
    const admin = ADMINS.has(principal?.userEntityRef ?? '');
    return requests.map(({ permission }) => ({
      result:
        admin || permission.name === sagemakerStudioLaunchPermission.name
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }));
  },
});

let local: LocalAws;
let portal: PluginBackend;
let server: any;

beforeAll(async () => {
  local = await startLocalAws({
    userProfiles: {
      'lob-a': ['user-lob-ab', 'guest-a'],
      'lob-b': ['user-lob-b', 'user-lob-ab-b'],
    },
  });
  portal = await startPluginBackend(local, {
    permissions: adminsOnly.factory,
  });
  server = portal.server;
  await seedMappings(
    pluginApi(() => server),
    {
      lobs: [
        { ...LOB_A, displayName: 'Line of business A' },
        { ...LOB_B, displayName: 'Line of business B' },
      ],
      memberships: [
        { lobId: 'lob-a', ref: 'user:default/user-lob-a' },
        { lobId: 'lob-b', ref: 'user:default/user-lob-b' },
        { lobId: 'lob-a', ref: 'user:default/user-lob-ab' },
        {
          lobId: 'lob-b',
          ref: 'user:default/user-lob-ab',
          body: { userProfileName: 'user-lob-ab-b' },
        },
        { lobId: 'lob-b', ref: 'user:default/user-no-profile' },
      ],
    },
  );
});

afterAll(async () => {
  await portal?.stop();
  await local?.stop();
});

const api = '/api/sagemaker-studio';
const newLob = {
  lobId: 'lob-c',
  displayName: 'Line of business C',
  accountId: '333333333333',
  region: 'us-west-2',
  domainId: 'd-lobc00000001',
};

async function tableSnapshot() {
  const lobs = await request(server)
    .get(`${api}/lobs?limit=100`)
    .set('Authorization', as('studio-admin'));
  return JSON.stringify(
    lobs.body.items.sort((a: any, b: any) => a.lobId.localeCompare(b.lobId)),
  );
}

describe('LOBs', () => {
  it('creates, reads, updates with its version, and refuses a stale version with the current data', async () => {
    const created = await request(server)
      .post(`${api}/lobs`)
      .set('Authorization', as('studio-admin'))
      .send(newLob);
    expect(created.status).toBe(201);
    expect(created.body.item).toMatchObject({
      ...newLob,
      version: 1,
      updatedBy: 'user:default/studio-admin',
    });

    const read = await request(server)
      .get(`${api}/lobs/lob-c`)
      .set('Authorization', as('studio-admin'));
    expect(read.body).toMatchObject({ ...newLob, version: 1 });

    const { lobId, ...fields } = newLob;
    const updated = await request(server)
      .put(`${api}/lobs/lob-c`)
      .set('Authorization', as('studio-admin'))
      .send({ ...fields, displayName: 'LOB C', version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body.item).toMatchObject({
      displayName: 'LOB C',
      version: 2,
    });

    const stale = await request(server)
      .put(`${api}/lobs/lob-c`)
      .set('Authorization', as('studio-admin'))
      .send({ ...fields, displayName: 'Lost update', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.current).toMatchObject({
      displayName: 'LOB C',
      version: 2,
    });

    const again = await request(server)
      .get(`${api}/lobs/lob-c`)
      .set('Authorization', as('studio-admin'));
    expect(again.body.displayName).toBe('LOB C');
  });

  it('refuses a duplicate LOB with 409', async () => {
    const res = await request(server)
      .post(`${api}/lobs`)
      .set('Authorization', as('studio-admin'))
      .send({ ...newLob, lobId: 'lob-a' });
    expect(res.status).toBe(409);
    expect(res.body.error.current.lobId).toBe('lob-a');
  });

  it.each([
    [{ accountId: '12345678901' }, 'accountId'],
    [{ region: 'mars-1' }, 'region'],
    [{ domainId: 'domain-1' }, 'domainId'],
    [{ lobId: 'Lob C' }, 'lobId'],
    [{ displayName: '' }, 'displayName'],
    [{ roleName: 'bad role/name' }, 'roleName'],
    [{ extra: 'x' }, 'unknown field'],
  ])(
    'refuses %j with 400 naming the field and writes nothing',
    async (change, field) => {
      const before = await tableSnapshot();
      const res = await request(server)
        .post(`${api}/lobs`)
        .set('Authorization', as('studio-admin'))
        .send({ ...newLob, lobId: 'lob-bad', ...change });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
      expect(await tableSnapshot()).toBe(before);
    },
  );

  it('refuses to delete a LOB with members, saying how many, unless cascading', async () => {
    const lob = await request(server)
      .get(`${api}/lobs/lob-a`)
      .set('Authorization', as('studio-admin'));
    const refused = await request(server)
      .delete(`${api}/lobs/lob-a?version=${lob.body.version}`)
      .set('Authorization', as('studio-admin'));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('still has 2 members');
  });

  it('deletes a LOB and its members in one transaction with cascade=true', async () => {
    await request(server)
      .post(`${api}/lobs`)
      .set('Authorization', as('studio-admin'))
      // One domain, one LOB: lob-c holds newLob's.
      .send({ ...newLob, lobId: 'lob-gone', domainId: 'd-lobgone00001' });
    await request(server)
      .put(
        `${api}/memberships/lob-gone/${encodeURIComponent(
          'user:default/user-lob-a',
        )}`,
      )
      .set('Authorization', as('studio-admin'))
      .send({});
    const res = await request(server)
      .delete(`${api}/lobs/lob-gone?version=1&cascade=true`)
      .set('Authorization', as('studio-admin'));
    expect(res.status).toBe(200);
    expect(res.body.removedMembers).toBe(1);
    const members = await request(server)
      .get(`${api}/memberships?lobId=lob-gone`)
      .set('Authorization', as('studio-admin'));
    expect(members.body.items).toEqual([]);
  });

  it('refuses a delete with a stale version', async () => {
    const res = await request(server)
      .delete(`${api}/lobs/lob-b?version=99&cascade=true`)
      .set('Authorization', as('studio-admin'));
    expect(res.status).toBe(409);
    expect(res.body.error.current.lobId).toBe('lob-b');
  });
});

describe('memberships', () => {
  const ref = encodeURIComponent('user:default/user-lob-b');

  it('adds a member who can then launch into the LOB at once', async () => {
    const before = await request(server)
      .post(`${api}/launch`)
      .set('Authorization', as('user-lob-b'))
      .send({ lobId: 'lob-a' });
    expect(before.status).toBe(403);

    // One profile, one user: user-lob-ab opens that profile of lob-a already.
    const taken = await request(server)
      .put(`${api}/memberships/lob-a/${ref}`)
      .set('Authorization', as('studio-admin'))
      .send({ userProfileName: 'user-lob-ab' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toContain('user:default/user-lob-ab');

    const added = await request(server)
      .put(`${api}/memberships/lob-a/${ref}`)
      .set('Authorization', as('studio-admin'))
      .send({ userProfileName: 'guest-a' });
    expect(added.status).toBe(201);
    expect(added.body.item).toMatchObject({
      userRef: 'user:default/user-lob-b',
      lobId: 'lob-a',
      version: 1,
    });

    const after = await request(server)
      .post(`${api}/launch`)
      .set('Authorization', as('user-lob-b'))
      .send({ lobId: 'lob-a' });
    expect(after.status).toBe(200);
    expect(after.body.url).toContain('d-loba00000001');

    const removed = await request(server)
      .delete(`${api}/memberships/lob-a/${ref}?version=1`)
      .set('Authorization', as('studio-admin'));
    expect(removed.status).toBe(204);
    const gone = await request(server)
      .post(`${api}/launch`)
      .set('Authorization', as('user-lob-b'))
      .send({ lobId: 'lob-a' });
    expect(gone.status).toBe(403);
  });

  it('refuses a membership of a LOB that does not exist', async () => {
    const res = await request(server)
      .put(`${api}/memberships/lob-nope/${ref}`)
      .set('Authorization', as('studio-admin'))
      .send({});
    expect(res.status).toBe(404);
  });

  it('refuses stale membership edits and bad profile names', async () => {
    const stale = await request(server)
      .put(
        `${api}/memberships/lob-a/${encodeURIComponent(
          'user:default/user-lob-a',
        )}`,
      )
      .set('Authorization', as('studio-admin'))
      .send({ userProfileName: 'other', version: 7 });
    expect(stale.status).toBe(409);
    expect(stale.body.error.current.version).toBe(1);

    const bad = await request(server)
      .put(`${api}/memberships/lob-a/${ref}`)
      .set('Authorization', as('studio-admin'))
      .send({ userProfileName: 'no spaces allowed' });
    expect(bad.status).toBe(400);

    const badRef = await request(server)
      .put(`${api}/memberships/lob-a/jane`)
      .set('Authorization', as('studio-admin'))
      .send({});
    expect(badRef.status).toBe(400);
    expect(badRef.body.error.message).toContain('userRef');
  });

  it("lists a LOB's members across pages with an opaque cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await request(server)
        .get(`${api}/memberships`)
        .query({ lobId: 'lob-b', limit: 1, ...(cursor ? { cursor } : {}) })
        .set('Authorization', as('studio-admin'));
      expect(res.status).toBe(200);
      seen.push(...res.body.items.map((m: any) => m.userRef));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([
      'user:default/user-lob-ab',
      'user:default/user-lob-b',
      'user:default/user-no-profile',
    ]);

    const forged = await request(server)
      .get(`${api}/memberships`)
      .query({
        lobId: 'lob-b',
        cursor: Buffer.from('{"x":1}').toString('base64url'),
      })
      .set('Authorization', as('studio-admin'));
    expect(forged.status).toBe(400);
  });

  it("lists a user's memberships", async () => {
    const res = await request(server)
      .get(`${api}/memberships`)
      .query({ userRef: 'user:default/user-lob-ab' })
      .set('Authorization', as('studio-admin'));
    expect(res.body.items.map((m: any) => m.lobId)).toEqual(['lob-a', 'lob-b']);
  });
});

describe('check', () => {
  it('reports each step for a working LOB and user', async () => {
    const res = await request(server)
      .post(`${api}/lobs/lob-a/check`)
      .set('Authorization', as('studio-admin'))
      .send({ userRef: 'user:default/user-lob-a' });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(res.body.steps.map((s: any) => [s.step, s.ok])).toEqual([
      ['mappings', true],
      ['assume-role', true],
      ['describe-domain', true],
      ['describe-user-profile', true],
    ]);
  });

  it('stops at the first failing step with its AWS error', async () => {
    const res = await request(server)
      .post(`${api}/lobs/lob-b/check`)
      .set('Authorization', as('studio-admin'))
      .send({ userRef: 'user:default/user-no-profile' });
    expect(res.body.ok).toBe(false);
    expect(res.body.steps.at(-1)).toMatchObject({
      step: 'describe-user-profile',
      ok: false,
      awsError: 'ResourceNotFound',
    });
  });
});

describe('export and import', () => {
  it('exports YAML and CSV that import back unchanged', async () => {
    for (const format of ['yaml', 'csv'] as const) {
      const exported = await request(server)
        .get(`${api}/export?format=${format}`)
        .set('Authorization', as('studio-admin'));
      expect(exported.status).toBe(200);
      expect(exported.text).toContain('d-loba00000001');
      const imported = await request(server)
        .post(`${api}/import`)
        .set('Authorization', as('studio-admin'))
        .send({ format, content: exported.text });
      expect(imported.status).toBe(200);
      expect(imported.body.lobs.created + imported.body.lobs.updated).toBe(0);
      expect(
        imported.body.memberships.created + imported.body.memberships.updated,
      ).toBe(0);
    }
  });

  it('reports every bad row and writes nothing', async () => {
    const before = await tableSnapshot();
    const csv = [
      'kind,lobId,displayName,accountId,region,domainId,roleName,userRef,userProfileName',
      'lob,lob-new,New,444444444444,us-east-1,d-lobn00000001,,,',
      'lob,lob-bad,Bad,1234,us-east-1,d-lobx00000001,,,',
      'membership,lob-new,,,,,,jane,',
      'team,lob-new,,,,,,,',
    ].join('\n');
    const res = await request(server)
      .post(`${api}/import`)
      .set('Authorization', as('studio-admin'))
      .send({ format: 'csv', content: csv });
    expect(res.status).toBe(400);
    expect(res.body.error.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: 3,
          kind: 'lob',
          message: expect.stringContaining('accountId'),
        }),
        expect.objectContaining({
          row: 4,
          kind: 'membership',
          message: expect.stringContaining('userRef'),
        }),
        expect.objectContaining({
          row: 5,
          message: expect.stringContaining(
            "kind must be 'lob' or 'membership'",
          ),
        }),
      ]),
    );
    expect(await tableSnapshot()).toBe(before);
  });

  it("imports the reference design's Users and LOBs items with the domain ids it asks for", async () => {
    const body = {
      format: 'reference',
      region: 'eu-central-1',
      lobs: [{ PK: 'lob-ref', ACCOUNT_ID: '555555555555' }],
      users: [{ PK: 'ref-user', LOB: 'lob-ref' }],
      domains: {},
    };
    const missing = await request(server)
      .post(`${api}/import`)
      .set('Authorization', as('studio-admin'))
      .send(body);
    expect(missing.status).toBe(400);
    expect(missing.body.error.rows[0].message).toContain('domainId');

    const res = await request(server)
      .post(`${api}/import`)
      .set('Authorization', as('studio-admin'))
      .send({ ...body, domains: { 'lob-ref': 'd-lobr00000001' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      lobs: { created: 1, updated: 0, unchanged: 0 },
      memberships: { created: 1, updated: 0, unchanged: 0 },
      transactions: 1,
    });
    const members = await request(server)
      .get(`${api}/memberships?lobId=lob-ref`)
      .set('Authorization', as('studio-admin'));
    expect(members.body.items[0].userRef).toBe('user:default/ref-user');
  });

  it('refuses imports from non-admins', async () => {
    const res = await request(server)
      .post(`${api}/import`)
      .set('Authorization', as('user-lob-a'))
      .send({ format: 'yaml', content: 'lobs: []' });
    expect(res.status).toBe(403);
  });
});

import request from 'supertest';
import type { LocalEnvironment } from '../localMode/localEnvironment';
import { startDemoEnvironment } from './localWorld';
import { as, startPortal } from './__testUtils__/portal';

/*
 * The portal's permission policy in front of the admin API: only the admin
 * group reads or changes the mappings. The admin API itself (validation,
 * optimistic locking, cascade deletes, import and export) is tested in the
 * backend plugin's package (adminApi.test.ts).
 */

jest.setTimeout(60_000);

let env: LocalEnvironment;
let server: any;

beforeAll(async () => {
  env = await startDemoEnvironment();
  server = await startPortal(env);
});

afterAll(async () => {
  await env?.stop();
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

describe('permissions', () => {
  it.each([
    ['post', `${api}/lobs`, newLob],
    ['put', `${api}/lobs/lob-a`, { ...newLob, lobId: undefined, version: 1 }],
    ['delete', `${api}/lobs/lob-a?version=1`, undefined],
    [
      'put',
      `${api}/memberships/lob-a/${encodeURIComponent(
        'user:default/user-lob-b',
      )}`,
      {},
    ],
    [
      'delete',
      `${api}/memberships/lob-a/${encodeURIComponent(
        'user:default/user-lob-a',
      )}?version=1`,
      undefined,
    ],
    ['post', `${api}/lobs/lob-a/check`, {}],
  ])(
    'refuses a non-admin %s %s with 403 and writes nothing',
    async (method, path, body) => {
      const before = await tableSnapshot();
      const res = await (request(server) as any)
        [method](path)
        .set('Authorization', as('user-lob-a'))
        .send(body);
      expect(res.status).toBe(403);
      expect(await tableSnapshot()).toBe(before);
    },
  );

  it('refuses non-admin reads', async () => {
    const res = await request(server)
      .get(`${api}/lobs`)
      .set('Authorization', as('user-lob-a'));
    expect(res.status).toBe(403);
  });

  it('refuses anonymous requests', async () => {
    expect((await request(server).get(`${api}/lobs`)).status).toBe(401);
  });
});

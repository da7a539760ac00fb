import request from 'supertest';
import type { LocalEnvironment } from '../localMode/localEnvironment';
import { startDemoEnvironment } from '../integration/localWorld';
import { as } from '../integration/__testUtils__/portal';
import { API, launch } from './__testUtils__/launchClient';
import {
  startRecordingPortal,
  type RecordingPortal,
} from './__testUtils__/recordingPortal';
import {
  startRedisServer,
  trackRedisClients,
  type RedisServer,
} from './__testUtils__/redisServer';

/*
 * Two backend replicas behind one load balancer share the mapping cache in
 * Redis (Backstage's real cache service, `backend.cache.store: redis`): an
 * admin edit through replica 1 is seen at once by a launch through replica 2,
 * even with a long cache TTL. With per-replica memory caches it is not,
 * which is why replicas need the shared cache.
 */

jest.setTimeout(60_000);

let env: LocalEnvironment;
let redis: RedisServer;
const portals: RecordingPortal[] = [];
const redisClients = trackRedisClients();

beforeAll(async () => {
  [env, redis] = await Promise.all([
    startDemoEnvironment(),
    startRedisServer(),
  ]);
});

afterAll(async () => {
  await Promise.allSettled(portals.map(p => p.stop()));
  await redisClients.disconnectAll();
  await Promise.allSettled([env?.stop(), redis?.stop()]);
});

const mappingsConfig = () => ({
  region: 'us-east-1',
  endpoint: env.dynamoDb.endpoint,
  lobsTable: 'test-lobs',
  membershipsTable: 'test-memberships',
});

async function startReplicas(cache?: Record<string, unknown>) {
  const started = await Promise.all(
    [1, 2].map(() =>
      startRecordingPortal(env, {
        studio: { mappings: { ...mappingsConfig(), cacheTtlSeconds: 3600 } },
        cache,
      }),
    ),
  );
  portals.push(...started);
  return started.map(p => p.server);
}

const admin = as('studio-admin');
const member = (lobId: string, user: string) =>
  `${API}/memberships/${lobId}/${encodeURIComponent(`user:default/${user}`)}`;

describe('two replicas sharing Redis', () => {
  let replica1: any;
  let replica2: any;

  beforeAll(async () => {
    [replica1, replica2] = await startReplicas({
      store: 'redis',
      connection: redis.url,
      redis: { client: { namespace: 'studio-portal-replica-test' } },
    });
  });

  it('a membership added through replica 1 lets replica 2 launch at once', async () => {
    // Replica 2 reads and caches user-lob-b's memberships (lob-b only).
    expect(
      (await launch(replica2, 'user-lob-b', { lobId: 'lob-a' })).status,
    ).toBe(403);
    // Replica 1 finds that entry in Redis: no DynamoDB read.
    env.dynamoDb.resetStats();
    expect(
      (await launch(replica1, 'user-lob-b', { lobId: 'lob-a' })).status,
    ).toBe(403);
    expect(env.dynamoDb.stats().total).toBe(0);

    const added = await request(replica1)
      .put(member('lob-a', 'user-lob-b'))
      .set('Authorization', admin)
      .send({ userProfileName: 'user-lob-b' });
    expect(added.status).toBe(201);

    env.dynamoDb.resetStats();
    const res = await launch(replica2, 'user-lob-b', { lobId: 'lob-a' });
    expect(res.status).not.toBe(403); // the mapping is seen; lob-a's domain has no such profile
    expect(res.body.error?.message ?? '').toContain(
      "profile 'user-lob-b' in domain d-loba00000001",
    );
    expect(env.dynamoDb.stats().total).toBeGreaterThan(0); // replica 1 invalidated the shared entry

    const version = added.body.item.version;
    const removed = await request(replica1)
      .delete(`${member('lob-a', 'user-lob-b')}?version=${version}`)
      .set('Authorization', admin);
    expect(removed.status).toBe(204);
    expect(
      (await launch(replica2, 'user-lob-b', { lobId: 'lob-a' })).status,
    ).toBe(403);
  });

  it('a LOB edit through replica 2 is what replica 1 shows next', async () => {
    const me = () =>
      request(replica1).get(`${API}/me`).set('Authorization', as('user-lob-a'));
    expect((await me()).body.memberships[0].displayName).toBe(
      'Line of business A',
    );

    const lob = await request(replica2)
      .get(`${API}/lobs/lob-a`)
      .set('Authorization', admin);
    const { lobId, updatedAt, updatedBy, version, ...fields } = lob.body;
    const edited = await request(replica2)
      .put(`${API}/lobs/lob-a`)
      .set('Authorization', admin)
      .send({ ...fields, displayName: 'LOB A (renamed)', version });
    expect(edited.status).toBe(200);

    expect((await me()).body.memberships[0].displayName).toBe(
      'LOB A (renamed)',
    );
    const launched = await launch(replica1, 'user-lob-a');
    expect(launched.status).toBe(200);
    expect(launched.body.url).toContain('d-loba00000001');
  });
});

describe('two replicas with their own memory caches', () => {
  it('serve a stale mapping until the TTL ends (why replicas need the shared cache)', async () => {
    const [replica1, replica2] = await startReplicas();
    expect(
      (await launch(replica2, 'user-lob-a', { lobId: 'lob-b' })).status,
    ).toBe(403);
    const added = await request(replica1)
      .put(member('lob-b', 'user-lob-a'))
      .set('Authorization', admin)
      .send({ userProfileName: 'guest-b' });
    expect(added.status).toBe(201);
    expect(
      (await launch(replica2, 'user-lob-a', { lobId: 'lob-b' })).status,
    ).toBe(403);
    expect(
      (await launch(replica1, 'user-lob-a', { lobId: 'lob-b' })).status,
    ).toBe(200);
  });
});

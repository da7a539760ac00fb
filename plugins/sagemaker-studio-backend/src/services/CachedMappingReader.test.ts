import type { CacheService } from '@backstage/backend-plugin-api';
import { CachedMappingReader } from './CachedMappingReader';
import type {
  MappingReader,
  StoredMembership,
} from '@studio-portal/plugin-sagemaker-studio-node';

/** A cache service over a Map, as the memory store behaves (TTL not needed here). */
function mapCache(): CacheService {
  const data = new Map<string, unknown>();
  const cache: CacheService = {
    get: async key => data.get(key) as any,
    set: async (key, value) => {
      data.set(key, value);
    },
    delete: async key => {
      data.delete(key);
    },
    withOptions: () => cache,
  };
  return cache;
}

const row = (lobId: string): StoredMembership => ({
  userRef: 'user:default/jane',
  lobId,
  version: 1,
  updatedAt: 'x',
  updatedBy: 'x',
});

/** A source whose reads wait until released, counting them. */
function slowSource(answers: StoredMembership[][]) {
  let calls = 0;
  const releases: (() => void)[] = [];
  const source: MappingReader = {
    getLob: async () => undefined,
    getProfileClaim: async () => undefined,
    listMembershipsOfUser: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls++;
      await new Promise<void>(release => releases.push(release));
      return answer;
    },
  };
  return {
    source,
    calls: () => calls,
    release: () => releases.splice(0).forEach(r => r()),
  };
}

const tick = () => new Promise(r => setImmediate(r));

describe('CachedMappingReader', () => {
  it('never fills the cache with a read that started before an invalidation', async () => {
    const { source, release } = slowSource([[row('lob-a')], []]);
    const cache = mapCache();
    const reader = new CachedMappingReader(source, cache, 60_000);
    const stale = reader.listMembershipsOfUser('user:default/jane'); // reads the old membership...
    await tick();
    await reader.invalidateUser('user:default/jane'); // ...which is deleted now
    release();
    expect(await stale).toEqual([row('lob-a')]); // its caller started before, and may see it
    const next = reader.listMembershipsOfUser('user:default/jane');
    await tick();
    release();
    expect(await next).toEqual([]); // nobody after the invalidation does
  });

  it('holds across replicas sharing one cache', async () => {
    const cache = mapCache();
    const slow = slowSource([[row('lob-a')]]);
    const replica1 = new CachedMappingReader(slow.source, cache, 60_000);
    const replica2 = new CachedMappingReader(
      { ...slow.source, listMembershipsOfUser: async () => [] },
      cache,
      60_000,
    );
    const stale = replica1.listMembershipsOfUser('user:default/jane');
    await tick();
    await replica2.invalidateUser('user:default/jane');
    slow.release();
    await stale;
    expect(await replica2.listMembershipsOfUser('user:default/jane')).toEqual(
      [],
    );
  });

  it('lets 30 concurrent reads of one key share one call', async () => {
    const { source, calls, release } = slowSource([[row('lob-a')]]);
    const reader = new CachedMappingReader(source, mapCache(), 60_000);
    const reads = Array.from({ length: 30 }, () =>
      reader.listMembershipsOfUser('user:default/jane'),
    );
    await tick();
    release();
    expect(await Promise.all(reads)).toEqual(Array(30).fill([row('lob-a')]));
    expect(calls()).toBe(1);
  });

  it('shares reads also with the cache disabled', async () => {
    const { source, calls, release } = slowSource([[row('lob-a')]]);
    const reader = new CachedMappingReader(source, mapCache(), 0);
    const reads = Array.from({ length: 5 }, () =>
      reader.listMembershipsOfUser('user:default/jane'),
    );
    await tick();
    release();
    await Promise.all(reads);
    expect(calls()).toBe(1);
  });
});

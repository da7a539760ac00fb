import { randomUUID } from 'node:crypto';
import type { CacheService } from '@backstage/backend-plugin-api';
import {
  normalizeUserRef,
  profileClaimKey,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type {
  MappingReader,
  StoredClaim,
  StoredLob,
  StoredMembership,
} from '@studio-portal/plugin-sagemaker-studio-node';

const lobKey = (lobId: string) => `lob:${lobId}`;
const membershipsKey = (userRef: string) =>
  `memberships:${normalizeUserRef(userRef)}`;
const claimCacheKey = (lobId: string, userProfileName: string) =>
  `claim:${lobId}/${profileClaimKey(userProfileName)}`;
const generationKey = (key: string) => `gen:${key}`;

/** What the cache holds per key: the value and the generation it was read under. */
interface Entry {
  generation: string;
  value: unknown;
}

/**
 * Read-through cache of mappings in Backstage's cache service, so that
 * replicas sharing a Redis/Valkey cache also share the lookups.
 *
 * No read that started before an invalidation may fill the cache after it:
 * every key has a generation (`gen:<key>`, a random token in the same cache),
 * an invalidation replaces it, and an entry counts only while it carries the
 * current generation. A read captures the generation before it asks
 * DynamoDB, so a slow read that returns the deleted record after the
 * invalidation stores it under the old generation, where nobody will use it.
 * This holds across replicas that share the cache (one Redis orders the
 * generation reads and writes); with per-replica memory caches each replica
 * still serves its own entries for up to the TTL (docs/replicas.md).
 *
 * Concurrent reads of one key in this process share one call; an
 * invalidation detaches the read in flight, so callers after it start anew.
 */
export class CachedMappingReader implements MappingReader {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly source: MappingReader,
    private readonly cache: CacheService,
    private readonly ttlMs: number,
    private readonly newGeneration: () => string = randomUUID,
  ) {}

  async getLob(lobId: string): Promise<StoredLob | undefined> {
    const value = await this.read(
      lobKey(lobId),
      async () => (await this.source.getLob(lobId)) ?? null,
    );
    return (value as StoredLob | null) ?? undefined;
  }

  async listMembershipsOfUser(userRef: string): Promise<StoredMembership[]> {
    return (await this.read(membershipsKey(userRef), () =>
      this.source.listMembershipsOfUser(userRef),
    )) as StoredMembership[];
  }

  async getProfileClaim(
    lobId: string,
    userProfileName: string,
  ): Promise<StoredClaim | undefined> {
    const value = await this.read(
      claimCacheKey(lobId, userProfileName),
      async () =>
        (await this.source.getProfileClaim(lobId, userProfileName)) ?? null,
    );
    return (value as StoredClaim | null) ?? undefined;
  }

  invalidateLob(lobId: string): Promise<void> {
    return this.invalidate(lobKey(lobId));
  }

  invalidateUser(userRef: string): Promise<void> {
    return this.invalidate(membershipsKey(userRef));
  }

  invalidateClaim(lobId: string, userProfileName: string): Promise<void> {
    return this.invalidate(claimCacheKey(lobId, userProfileName));
  }

  private read(key: string, load: () => Promise<unknown>): Promise<unknown> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const started = this.readThrough(key, load).finally(() => {
      if (this.inFlight.get(key) === started) this.inFlight.delete(key);
    });
    this.inFlight.set(key, started);
    return started;
  }

  private async readThrough(
    key: string,
    load: () => Promise<unknown>,
  ): Promise<unknown> {
    if (this.ttlMs <= 0) return load();
    const [generation, hit] = await Promise.all([
      this.cache.get(generationKey(key)) as Promise<string | undefined>,
      this.cache.get(key) as Promise<Entry | undefined>,
    ]);
    if (hit && generation !== undefined && hit.generation === generation)
      return hit.value;

    // Every entry is written under a generation that exists, so an evicted
    // generation can never make an old entry look current.
    let current = generation;
    if (current === undefined) {
      current = this.newGeneration();
      await this.cache.set(generationKey(key), current, {
        ttl: this.generationTtlMs(),
      });
    }
    const value = await load();
    await this.cache.set(key, { generation: current, value } as Entry as any, {
      ttl: this.ttlMs,
    });
    return value;
  }

  private async invalidate(key: string): Promise<void> {
    this.inFlight.delete(key);
    if (this.ttlMs <= 0) return;
    await this.cache.set(generationKey(key), this.newGeneration(), {
      ttl: this.generationTtlMs(),
    });
    await this.cache.delete(key);
  }

  /** Outlives every entry written under it. */
  private generationTtlMs(): number {
    return this.ttlMs * 2;
  }
}

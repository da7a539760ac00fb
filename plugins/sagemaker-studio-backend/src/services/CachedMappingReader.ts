import type { CacheService } from '@backstage/backend-plugin-api';
import type { Lob, MembershipRecord } from '@studio-portal/plugin-sagemaker-studio-common';
import { normalizeUserRef } from '@studio-portal/plugin-sagemaker-studio-common';
import type { MappingReader } from './MappingStore';

const lobKey = (lobId: string) => `lob:${lobId}`;
const membershipsKey = (userRef: string) =>
  `memberships:${normalizeUserRef(userRef)}`;

/**
 * Read-through cache of mappings in Backstage's cache service, so that
 * replicas sharing a Redis/Valkey cache also share the lookups. Writes made
 * by this plugin call `invalidate*` so the launch path sees them at once.
 */
export class CachedMappingReader implements MappingReader {
  constructor(
    private readonly source: MappingReader,
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {}

  async getLob(lobId: string): Promise<Lob | undefined> {
    const hit = (await this.cache.get(lobKey(lobId))) as
      | { lob: Lob | null }
      | undefined;
    if (hit) return hit.lob ?? undefined;
    const lob = await this.source.getLob(lobId);
    await this.put(lobKey(lobId), { lob: lob ?? null });
    return lob;
  }

  async listMembershipsOfUser(userRef: string): Promise<MembershipRecord[]> {
    const key = membershipsKey(userRef);
    const hit = (await this.cache.get(key)) as
      | { memberships: MembershipRecord[] }
      | undefined;
    if (hit) return hit.memberships;
    const memberships = await this.source.listMembershipsOfUser(userRef);
    await this.put(key, { memberships });
    return memberships;
  }

  async invalidateLob(lobId: string): Promise<void> {
    await this.cache.delete(lobKey(lobId));
  }

  async invalidateUser(userRef: string): Promise<void> {
    await this.cache.delete(membershipsKey(userRef));
  }

  private async put(key: string, value: any): Promise<void> {
    if (this.ttlMs > 0) {
      await this.cache.set(key, value, { ttl: this.ttlMs });
    }
  }
}

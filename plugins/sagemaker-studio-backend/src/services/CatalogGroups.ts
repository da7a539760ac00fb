import type { AuthService } from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { normalizeUserRef } from '@studio-portal/plugin-sagemaker-studio-common';
import { LRUCache } from 'lru-cache';
import { cacheClock } from './cacheClock';

/** Which groups a user is a member of now. */
export interface GroupDirectory {
  /** Normalized group refs; empty for a user the catalog does not know. */
  groupsOf(userRef: string): Promise<ReadonlySet<string>>;
}

/**
 * A user's groups as the catalog has them now: the `memberOf` relations of
 * their User entity (direct groups only, as Backstage's own ownership refs).
 *
 * The groups in a Backstage user token are a snapshot of sign-in (a token
 * lives up to an hour); a group membership of a LOB counts only when the
 * catalog confirms it too, so that a user removed from a group loses the
 * LOB within the catalog's refresh plus `ttlMs`. Answers are reused for
 * `ttlMs` (0: every call asks) and concurrent lookups of one user share one
 * catalog call. Read with the plugin's own service credentials: whether a
 * user may read their own User entity is the catalog policy's business.
 */
export class CatalogGroups implements GroupDirectory {
  private readonly answers: LRUCache<string, ReadonlySet<string>>;

  constructor(
    private readonly catalog: Pick<CatalogService, 'getEntityByRef'>,
    private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>,
    private readonly ttlMs: number,
    now: () => number = Date.now,
    maxEntries = 10_000,
  ) {
    this.answers = new LRUCache({
      max: maxEntries,
      ttl: Math.max(ttlMs, 1),
      ...cacheClock(now),
      // Callers already waiting for a lookup get its answer even if the
      // entry was evicted meanwhile.
      ignoreFetchAbort: true,
      // A failed lookup is not kept (the default): the next call asks again.
      fetchMethod: ref => this.load(ref),
    });
  }

  async groupsOf(userRef: string): Promise<ReadonlySet<string>> {
    const ref = normalizeUserRef(userRef);
    // A lookup under way is shared even when forced; an answer is reused
    // strictly within its TTL (none with a TTL of 0).
    const expired = this.ttlMs <= 0 || this.answers.getRemainingTTL(ref) <= 0;
    return (await this.answers.fetch(ref, { forceRefresh: expired }))!;
  }

  private async load(userRef: string): Promise<ReadonlySet<string>> {
    let entity;
    try {
      entity = await this.catalog.getEntityByRef(userRef, {
        credentials: await this.auth.getOwnServiceCredentials(),
      });
    } catch (error) {
      throw Object.assign(
        new ServiceUnavailableError(
          'The portal could not confirm your groups with the catalog. Try again in a moment.',
        ),
        { catalogError: String((error as Error)?.message ?? error) },
      );
    }
    return new Set(
      (entity?.relations ?? [])
        .filter(relation => relation.type === RELATION_MEMBER_OF)
        .map(relation => normalizeUserRef(relation.targetRef)),
    );
  }
}

import type { AuthService } from '@backstage/backend-plugin-api';
import { RELATION_MEMBER_OF } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { normalizeUserRef } from '@studio-portal/plugin-sagemaker-studio-common';

/** Which groups a user is a member of now. */
export interface GroupDirectory {
  /** Normalized group refs; empty for a user the catalog does not know. */
  groupsOf(userRef: string): Promise<ReadonlySet<string>>;
}

interface Entry {
  groups: Promise<ReadonlySet<string>>;
  /** Undefined while the lookup runs. */
  expiresAt?: number;
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
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly catalog: Pick<CatalogService, 'getEntityByRef'>,
    private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  groupsOf(userRef: string): Promise<ReadonlySet<string>> {
    const ref = normalizeUserRef(userRef);
    const hit = this.entries.get(ref);
    if (hit && (hit.expiresAt === undefined || hit.expiresAt > this.now())) {
      return hit.groups;
    }
    const entry: Entry = { groups: this.load(ref) };
    this.entries.set(ref, entry);
    this.evictOverflow();
    entry.groups.then(
      () => {
        if (this.ttlMs > 0) entry.expiresAt = this.now() + this.ttlMs;
        else if (this.entries.get(ref) === entry) this.entries.delete(ref);
      },
      () => {
        if (this.entries.get(ref) === entry) this.entries.delete(ref);
      },
    );
    return entry.groups;
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

  private evictOverflow(): void {
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

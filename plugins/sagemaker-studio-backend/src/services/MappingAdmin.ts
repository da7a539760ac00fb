import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  normalizeUserRef,
  type CheckResult,
  type Lob,
  type LobInput,
  type LobUpdate,
  type MembershipRecord,
  type Page,
  type WriteResult,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { CachedMappingReader } from './CachedMappingReader';
import type { LobChecker } from './LobChecker';
import type { MappingEditor } from './MappingEditor';
import { toLob } from './mappingItems';
import { profileCollisionsOf } from './profileCollisions';

/** A change as the audit log records it. */
export interface MappingChange<T> {
  before?: T | null;
  after?: T | null;
}

/** The cache entries a write may have changed, dropped whatever its outcome. */
type Touched = {
  lobs?: string[];
  users?: string[];
  claims?: { lobId: string; profiles: string[] };
};

/**
 * The admin use cases over the mappings. Reads are uncached (admins must see
 * the current version). Every write drops the cached entries it may touch,
 * also when it fails or times out (its outcome may be unknown), so that
 * launches on this replica (and replicas sharing the cache) see it at once.
 */
export class MappingAdmin {
  constructor(
    private readonly editor: MappingEditor,
    private readonly cache: CachedMappingReader,
    private readonly checker: LobChecker,
    private readonly catalog?: CatalogService,
  ) {}

  listLobs(page: { cursor?: string; limit: number }): Promise<Page<Lob>> {
    return this.editor.listLobs(page);
  }

  async getLob(lobId: string): Promise<Lob> {
    const lob = await this.editor.getLob(lobId);
    if (!lob)
      throw new NotFoundError(`There is no line of business '${lobId}'.`);
    return toLob(lob);
  }

  async createLob(
    input: LobInput,
    actor: string,
  ): Promise<WriteResult<Lob> & MappingChange<Lob>> {
    const item = await this.invalidating({ lobs: [input.lobId] }, () =>
      this.editor.createLob(input, actor),
    );
    return { item, warnings: [], before: null, after: item };
  }

  async updateLob(
    lobId: string,
    update: LobUpdate,
    actor: string,
  ): Promise<WriteResult<Lob> & MappingChange<Lob>> {
    const { before, after } = await this.invalidating({ lobs: [lobId] }, () =>
      this.editor.updateLob(lobId, update, actor),
    );
    return { item: after, warnings: [], before, after };
  }

  async deleteLob(lobId: string, version: number, cascade: boolean) {
    let users: string[] = [];
    const result = await this.invalidating({ lobs: [lobId] }, async () => {
      const deleted = await this.editor.deleteLob(lobId, version, cascade);
      users = deleted.removedMembers.map(m => m.userRef);
      return deleted;
    });
    await Promise.all(users.map(u => this.cache.invalidateUser(u)));
    return {
      before: result.before,
      after: null,
      removedMembers: result.removedMembers,
    };
  }

  listMemberships(query: {
    lobId?: string;
    userRef?: string;
    cursor?: string;
    limit: number;
  }): Promise<Page<MembershipRecord>> {
    if (query.userRef) {
      return this.editor
        .listMembershipsOf(query.userRef, query)
        .then(page =>
          query.lobId
            ? {
                ...page,
                items: page.items.filter(m => m.lobId === query.lobId),
              }
            : page,
        );
    }
    return this.editor.listMembers(query.lobId!, query);
  }

  async putMembership(
    lobId: string,
    userRef: string,
    change: { userProfileName?: string; version?: number },
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<WriteResult<MembershipRecord> & MappingChange<MembershipRecord>> {
    const claims = {
      lobId,
      profiles: change.userProfileName ? [change.userProfileName] : [],
    };
    const {
      before,
      after,
      claims: moved,
    } = await this.invalidating({ users: [userRef], claims }, async () => {
      const result = await this.editor.putMembership(
        lobId,
        userRef,
        change,
        actor,
      );
      claims.profiles.push(...result.claims);
      return result;
    });
    await Promise.all(moved.map(p => this.cache.invalidateClaim(lobId, p)));
    const warnings = await this.catalogWarnings(userRef, credentials);
    return { item: after, warnings, before: before ?? null, after };
  }

  async deleteMembership(lobId: string, userRef: string, version: number) {
    const claims = { lobId, profiles: [] as string[] };
    const { before } = await this.invalidating(
      { users: [userRef], claims },
      async () => {
        const result = await this.editor.deleteMembership(
          lobId,
          userRef,
          version,
        );
        claims.profiles.push(...result.claims);
        return result;
      },
    );
    return { before, after: null };
  }

  /** The AWS steps of the launch path, after the LOB's own data: profile names several members share. */
  async check(
    lobId: string,
    adminRef: string,
    userRef?: string,
  ): Promise<CheckResult> {
    const { lob, live } = await this.editor.allMembersOf(lobId);
    if (!lob)
      throw new NotFoundError(`There is no line of business '${lobId}'.`);
    const collisions = profileCollisionsOf(live);
    const ref = userRef && normalizeUserRef(userRef);
    const membership = ref ? live.find(m => m.userRef === ref) : undefined;
    const result = await this.checker.check(
      toLob(lob),
      adminRef,
      ref
        ? { userRef: ref, userProfileName: membership?.userProfileName }
        : undefined,
    );
    const members = `${live.length} member${live.length === 1 ? '' : 's'}`;
    const shared = collisions
      .map(c => `profile '${c.userProfileName}' is opened by ${c.userRefs.join(' and ')}`)
      .join('; ');
    const mappings = {
      step: 'mappings' as const,
      ok: collisions.length === 0,
      detail:
        collisions.length === 0
          ? `${members}, each with a profile of their own`
          : `${shared}. Give all but one of them another profile name.`,
    };
    return {
      ...result,
      ok: result.ok && mappings.ok,
      steps: [mappings, ...result.steps],
      profileCollisions: collisions,
    };
  }

  /** Runs a write, then drops what it may have changed from the cache, whatever happened. */
  private async invalidating<T>(
    touched: Touched,
    write: () => Promise<T>,
  ): Promise<T> {
    try {
      return await write();
    } finally {
      await Promise.allSettled([
        ...(touched.lobs ?? []).map(id => this.cache.invalidateLob(id)),
        ...(touched.users ?? []).map(u => this.cache.invalidateUser(u)),
        ...(touched.claims?.profiles ?? []).map(p =>
          this.cache.invalidateClaim(touched.claims!.lobId, p),
        ),
      ]);
    }
  }

  /** A user the catalog does not know is allowed (it may come later), but said. */
  private async catalogWarnings(
    userRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    if (!this.catalog) return [];
    try {
      const entity = await this.catalog.getEntityByRef(normalizeUserRef(userRef), { credentials });
      return entity ? [] : [`The catalog has no user ${userRef}; the membership is saved and applies to whoever signs in as ${userRef} (e.g. a guest sign-in). Sign-in resolvers that look users up in the catalog cannot sign them in until it has them.`];
    } catch {
      return [
        `The catalog could not be asked about ${userRef}; the membership is saved.`,
      ];
    }
  }
}

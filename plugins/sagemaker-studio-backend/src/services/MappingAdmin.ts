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
import type { DynamoMappingStore } from './MappingStore';

/** A change as the audit log records it. */
export interface MappingChange<T> {
  before?: T | null;
  after?: T | null;
}

/**
 * The admin use cases over the mappings. Reads are uncached (admins must see
 * the current version); every write drops the cached entries it touches so
 * that launches on this replica (and replicas sharing the cache) see it at once.
 */
export class MappingAdmin {
  constructor(
    private readonly store: DynamoMappingStore,
    private readonly editor: MappingEditor,
    private readonly cache: CachedMappingReader,
    private readonly checker: LobChecker,
    private readonly catalog?: CatalogService,
  ) {}

  listLobs(page: { cursor?: string; limit: number }): Promise<Page<Lob>> {
    return this.editor.listLobs(page);
  }

  async getLob(lobId: string): Promise<Lob> {
    const lob = await this.store.getLob(lobId);
    if (!lob) throw new NotFoundError(`There is no line of business '${lobId}'.`);
    return lob;
  }

  async createLob(input: LobInput, actor: string): Promise<WriteResult<Lob> & MappingChange<Lob>> {
    const item = await this.editor.createLob(input, actor);
    await this.cache.invalidateLob(item.lobId);
    return { item, warnings: [], before: null, after: item };
  }

  async updateLob(lobId: string, update: LobUpdate, actor: string): Promise<WriteResult<Lob> & MappingChange<Lob>> {
    const { before, after } = await this.editor.updateLob(lobId, update, actor);
    await this.cache.invalidateLob(lobId);
    return { item: after, warnings: [], before, after };
  }

  async deleteLob(lobId: string, version: number, cascade: boolean) {
    const { before, removedMembers } = await this.editor.deleteLob(lobId, version, cascade);
    await this.cache.invalidateLob(lobId);
    await Promise.all(removedMembers.map(m => this.cache.invalidateUser(m.userRef)));
    return { before, after: null, removedMembers };
  }

  listMemberships(query: { lobId?: string; userRef?: string; cursor?: string; limit: number }): Promise<Page<MembershipRecord>> {
    if (query.userRef) {
      return this.editor
        .listMembershipsOf(query.userRef, query)
        .then(page => (query.lobId ? { ...page, items: page.items.filter(m => m.lobId === query.lobId) } : page));
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
    const { before, after } = await this.editor.putMembership(lobId, userRef, change, actor);
    await this.cache.invalidateUser(userRef);
    const warnings = await this.catalogWarnings(userRef, credentials);
    return { item: after, warnings, before: before ?? null, after };
  }

  async deleteMembership(lobId: string, userRef: string, version: number) {
    const before = await this.editor.deleteMembership(lobId, userRef, version);
    await this.cache.invalidateUser(userRef);
    return { before, after: null };
  }

  async check(lobId: string, adminRef: string, userRef?: string): Promise<CheckResult> {
    const lob = await this.getLob(lobId);
    if (!userRef) return this.checker.check(lob, adminRef);
    const memberships = await this.store.listMembershipsOfUser(userRef);
    const membership = memberships.find(m => m.lobId === lobId);
    return this.checker.check(lob, adminRef, {
      userRef,
      userProfileName: membership?.userProfileName,
    });
  }

  /** A user the catalog does not know is allowed (it may come later), but said. */
  private async catalogWarnings(userRef: string, credentials: BackstageCredentials): Promise<string[]> {
    if (!this.catalog) return [];
    try {
      const entity = await this.catalog.getEntityByRef(normalizeUserRef(userRef), { credentials });
      return entity ? [] : [`The catalog has no user ${userRef}; the membership is saved and applies to whoever signs in as ${userRef} (e.g. a guest sign-in). Sign-in resolvers that look users up in the catalog cannot sign them in until it has them.`];
    } catch {
      return [`The catalog could not be asked about ${userRef}; the membership is saved.`];
    }
  }
}

import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { RELATION_HAS_MEMBER, parseEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  defaultUserProfileName,
  isGroupRef,
  normalizeUserRef,
  type CheckResult,
  type EffectiveMember,
  type EffectiveMembersResponse,
  type ProvisionedProfile,
  type Lob,
  type LobInput,
  type LobUpdate,
  type MembershipRecord,
  type Page,
  type WriteResult,
} from '@studio-portal/plugin-sagemaker-studio-common';
import {
  isGroupMembership,
  matchesSearch,
  profileOf,
  toLob,
  type MappingEditor,
} from '@studio-portal/plugin-sagemaker-studio-node';
import { profileCollisionsOf } from './profileCollisions';
import type { ProvisionedProfileStore } from './ProvisionedProfileStore';
import type {
  LobCheck,
  MappingAdminService,
  MappingCacheInvalidation,
  MappingChange,
} from './types';

/** How many members of all its groups one effective-members answer lists. */
export const MAX_EFFECTIVE_MEMBERS = 5000;

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
export class MappingAdmin implements MappingAdminService {
  constructor(
    private readonly editor: MappingEditor,
    private readonly cache: MappingCacheInvalidation,
    private readonly checker: LobCheck,
    private readonly catalog?: CatalogService,
    private readonly provisioned?: Pick<ProvisionedProfileStore, 'list'>,
  ) {}

  /**
   * Who is a member of the LOB: its users, and the members the catalog
   * lists for each of its groups (direct members, as the launch counts
   * them), with the profile each opens. A user's own membership wins; of
   * several groups, the first by ref (as at launch).
   */
  async effectiveMembers(
    lobId: string,
    credentials: BackstageCredentials,
  ): Promise<EffectiveMembersResponse> {
    const { lob, live } = await this.editor.allMembersOf(lobId);
    if (!lob)
      throw new NotFoundError(`There is no line of business '${lobId}'.`);
    const members = new Map<string, EffectiveMember>();
    for (const m of live.filter(row => !isGroupMembership(row))) {
      members.set(m.userRef, {
        userRef: m.userRef,
        userProfileName: profileOf(m),
        via: 'direct',
      });
    }
    const groups = live
      .filter(isGroupMembership)
      .map(m => m.userRef)
      .sort();
    const unknownGroups: string[] = [];
    let truncated = false;
    for (const group of groups) {
      const users = await this.groupMembers(group, credentials);
      if (!users) {
        unknownGroups.push(group);
        continue;
      }
      for (const userRef of users) {
        const known = members.get(userRef);
        if (known) {
          known.alsoVia = [...(known.alsoVia ?? []), group];
        } else if (members.size < MAX_EFFECTIVE_MEMBERS) {
          members.set(userRef, {
            userRef,
            userProfileName: defaultUserProfileName(userRef),
            via: group,
          });
        } else {
          truncated = true;
        }
      }
    }
    return {
      lobId,
      members: [...members.values()].sort((a, b) =>
        a.userRef.localeCompare(b.userRef),
      ),
      unknownGroups,
      truncated,
    };
  }

  /** The Studio user profiles the portal created in the LOB's domain. */
  async provisionedProfiles(lobId: string): Promise<ProvisionedProfile[]> {
    await this.getLob(lobId);
    return this.provisioned ? this.provisioned.list(lobId) : [];
  }

  /** The users the catalog lists as direct members of a group; undefined if it has no such group. */
  private async groupMembers(
    groupRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[] | undefined> {
    if (!this.catalog) return undefined;
    let entity;
    try {
      entity = await this.catalog.getEntityByRef(groupRef, { credentials });
    } catch {
      throw new ServiceUnavailableError(
        `The catalog could not be asked about ${groupRef}. Try again in a moment.`,
      );
    }
    if (!entity) return undefined;
    return [
      ...new Set(
        (entity.relations ?? [])
          .filter(r => r.type === RELATION_HAS_MEMBER)
          .map(r => normalizeUserRef(r.targetRef))
          .filter(ref => parseEntityRef(ref).kind === 'user'),
      ),
    ].sort();
  }

  /** A page of LOBs; `q` searches id, name, account, region and domain. */
  listLobs(page: {
    cursor?: string;
    limit: number;
    q?: string;
  }): Promise<Page<Lob>> {
    const { q, ...rest } = page;
    return this.editor.listLobs({
      ...rest,
      filter: q
        ? lob =>
            matchesSearch(q, [
              lob.lobId,
              lob.displayName,
              lob.accountId,
              lob.region,
              lob.domainId,
            ])
        : undefined,
    });
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

  /**
   * A page of a LOB's members or of a user's memberships (or both: the one
   * membership); `q` searches the member's ref, the profile they open and
   * the LOB id.
   */
  listMemberships(query: {
    lobId?: string;
    userRef?: string;
    cursor?: string;
    limit: number;
    q?: string;
  }): Promise<Page<MembershipRecord>> {
    const { lobId, userRef, q } = query;
    const page = { cursor: query.cursor, limit: query.limit };
    const searched = (m: MembershipRecord) =>
      matchesSearch(q, [
        m.userRef,
        isGroupRef(m.userRef) ? undefined : profileOf(m),
        m.lobId,
      ]);
    if (userRef) {
      return this.editor.listMembershipsOf(userRef, {
        ...page,
        filter:
          lobId || q
            ? m => (!lobId || m.lobId === lobId) && searched(m)
            : undefined,
      });
    }
    return this.editor.listMembers(lobId!, {
      ...page,
      filter: q ? searched : undefined,
    });
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
      .map(
        c =>
          `profile '${c.userProfileName}' is opened by ${c.userRefs.join(
            ' and ',
          )}`,
      )
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
      const entity = await this.catalog.getEntityByRef(
        normalizeUserRef(userRef),
        { credentials },
      );
      if (entity) return [];
      return isGroupRef(userRef)
        ? [
            `The catalog has no group ${userRef}; the membership is saved, but nobody belongs through it until the group exists.`,
          ]
        : [
            `The catalog has no user ${userRef}; the membership is saved and applies to whoever signs in as ${userRef} (e.g. a guest sign-in, or a first sign-in from Cognito's claims). Sign-in resolvers that look users up in the catalog cannot sign them in until it has them.`,
          ];
    } catch {
      return [
        `The catalog could not be asked about ${userRef}; the membership is saved.`,
      ];
    }
  }
}

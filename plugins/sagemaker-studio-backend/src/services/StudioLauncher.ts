import {
  CreatePresignedDomainUrlCommand,
  DescribeDomainCommand,
  paginateListApps,
  paginateListSpaces,
  type SageMakerClient,
  type SpaceDetails,
} from '@aws-sdk/client-sagemaker';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  CustomErrorBase,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  accessRoleArn as roleArnOf,
  defaultUserProfileName,
  isGroupRef,
  normalizeUserRef,
  profileClaimKey,
  type LaunchResponse,
  type Lob,
  type Membership,
  type StudioDomainSummary,
  type StudioSpace,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { LRUCache } from 'lru-cache';
import {
  awsErrorDetailOf,
  toStudioError,
  type AwsCallContext,
} from './awsErrors';
import type {
  AwsCallTimeout,
  LobSession,
  LobSessionKey,
  RoleSessions,
  StudioLaunchService,
} from './types';
import {
  isLive,
  profileOf,
  toLob,
  type MappingReader,
  type StoredLob,
  type StoredMembership,
  type StudioConfig,
} from '@studio-portal/plugin-sagemaker-studio-node';
import type { GroupDirectory } from './CatalogGroups';

/** The LOB, profile and role one launch goes to. */
export interface LaunchTarget {
  lob: Lob;
  userProfileName: string;
  roleArn: string;
  /** The group membership the user is in the LOB through, if not their own. */
  viaGroup?: string;
}

/**
 * Who launches, from their Backstage credentials only: the user, and the
 * ownership entity refs of their identity (the user and their groups).
 */
export interface LaunchUser {
  userRef: string;
  ownershipRefs: readonly string[];
}

/** A membership whose LOB exists in the incarnation it was made for. */
interface LiveMembership {
  record: StoredMembership;
  lob: StoredLob;
  /** Set for a group's membership: the group. */
  viaGroup?: string;
}

/** Takes the claim of a group member's derived profile (MappingEditor.claimForGroupMember). */
export interface GroupClaims {
  claim(
    lob: StoredLob,
    userRef: string,
    userProfileName: string,
    viaGroup: string,
  ): Promise<{ claimedBy: string }>;
}

/** What group memberships need: the catalog's view of groups, and the claim writer. */
export interface GroupAccess {
  groups: GroupDirectory;
  claims: GroupClaims;
}

export interface LaunchOptions {
  spaceName?: string;
  landingUri?: string;
}

const EXPIRED_SESSION = new Set(['ExpiredTokenException', 'ExpiredToken']);

/**
 * How long a domain's name and status are reused: the card asks on every
 * view, and a domain changes state in minutes, not seconds.
 */
export const DOMAIN_SUMMARY_TTL_MS = 60_000;
const MAX_DOMAIN_SUMMARIES = 1000;
/** The most a SageMaker List* page holds: most domains list in one call. */
const LIST_PAGE_SIZE = 100;

/**
 * Resolves a Backstage user to their LOB and Studio user profile and makes
 * presigned Studio URLs for them. Callers pass the user from Backstage
 * credentials only; nothing here takes "who" from the request.
 */
export class StudioLauncher implements StudioLaunchService {
  /**
   * Per domain: the DescribeDomain answer for DOMAIN_SUMMARY_TTL_MS, one
   * call in flight per domain; a failed call is not kept.
   */
  private readonly domains = new LRUCache<
    string,
    StudioDomainSummary,
    { userRef: string; target: LaunchTarget }
  >({
    max: MAX_DOMAIN_SUMMARIES,
    ttl: DOMAIN_SUMMARY_TTL_MS,
    perf: { now: () => this.now() },
    ttlResolution: 0,
    fetchMethod: (_key, _previous, { context }) =>
      this.askDomain(context.userRef, context.target),
  });

  /** LOBs whose last ListApps failed (already logged at warn). */
  private readonly appsUnlisted = new Set<string>();

  constructor(
    private readonly mappings: MappingReader,
    private readonly sessions: RoleSessions,
    private readonly clients: AwsCallTimeout,
    private readonly config: StudioConfig,
    private readonly logger: LoggerService,
    private readonly now: () => number = Date.now,
    /** Without it, group memberships count for nobody. */
    private readonly groupAccess?: GroupAccess,
  ) {}

  /** The user's memberships, own and through groups, joined with their LOBs. */
  async listMemberships(who: string | LaunchUser): Promise<Membership[]> {
    const user = launchUser(who);
    const live = await this.access(user);
    return live.map(m => ({
      lobId: m.lob.lobId,
      displayName: m.lob.displayName,
      accountId: m.lob.accountId,
      region: m.lob.region,
      domainId: m.lob.domainId,
      userProfileName: this.profileFor(user, m),
      ...(m.viaGroup ? { viaGroup: m.viaGroup } : {}),
      ...(m.lob.provisionProfiles ? { provisionProfiles: true } : {}),
    }));
  }

  /**
   * Picks the LOB for a launch: the one asked for, if the user is a member,
   * or the user's only one. Memberships of a deleted (or since re-created)
   * LOB do not count.
   */
  async resolveTarget(
    who: string | LaunchUser,
    lobId?: string,
  ): Promise<LaunchTarget> {
    const user = launchUser(who);
    const userRef = user.userRef;
    const live = await this.access(user);
    if (live.length === 0) {
      throw new NotFoundError(this.config.unmappedUserMessage);
    }
    let chosen: LiveMembership | undefined;
    if (lobId) {
      chosen = live.find(m => m.lob.lobId === lobId);
      if (!chosen) {
        // Same answer whether or not the LOB exists: no probing for LOBs.
        throw new NotAllowedError(
          `You are not a member of line of business '${lobId}'.`,
        );
      }
    } else if (live.length > 1) {
      const choices = live
        .map(m => m.lob.lobId)
        .sort()
        .join(', ');
      throw new InputError(
        `You belong to several lines of business; choose one with lobId: ${choices}.`,
      );
    } else {
      chosen = live[0];
    }

    const { record, lob, viaGroup } = chosen;
    const userProfileName = this.profileFor(user, chosen);
    if (viaGroup) {
      await this.claimGroupProfile(userRef, lob, userProfileName, viaGroup);
    } else {
      await this.assertProfileIsTheirs(
        userRef,
        lob,
        userProfileName,
        record.profileClaim,
      );
    }
    return {
      lob: toLob(lob),
      userProfileName,
      roleArn: accessRoleArn(lob, this.config.access.roleName),
      ...(viaGroup ? { viaGroup } : {}),
    };
  }

  /** Own membership: the profile it names or derives. Group: the user's derived one. */
  private profileFor(user: LaunchUser, m: LiveMembership): string {
    return m.viaGroup
      ? defaultUserProfileName(user.userRef)
      : profileOf(m.record);
  }

  /**
   * A group member opens their derived profile, and holds it: the first
   * launch takes its claim, so no admin write can later hand it to another
   * user; a profile another user holds is refused.
   */
  private async claimGroupProfile(
    userRef: string,
    lob: StoredLob,
    userProfileName: string,
    viaGroup: string,
  ): Promise<void> {
    const ref = normalizeUserRef(userRef);
    let holder: string | undefined;
    try {
      const claim = await this.mappings.getProfileClaim(
        lob.lobId,
        userProfileName,
      );
      if (claim && isLive(claim, lob)) holder = claim.claimedBy;
      if (holder === undefined && this.groupAccess) {
        holder = (
          await this.groupAccess.claims.claim(
            lob,
            ref,
            userProfileName,
            viaGroup,
          )
        ).claimedBy;
      }
    } catch (error) {
      throw this.mappingError(error);
    }
    if (holder !== undefined && holder !== ref) {
      throw profileOfAnotherUser(userProfileName, lob.lobId);
    }
  }

  /**
   * Refuses a profile that another user of the LOB holds. A membership
   * written since claims exist holds its own claim (same transaction), so
   * only older memberships (and users without one) need to ask.
   */
  async assertProfileIsTheirs(
    userRef: string,
    lob: StoredLob,
    userProfileName: string,
    heldClaim?: string,
  ): Promise<void> {
    if (heldClaim === profileClaimKey(userProfileName)) return;
    let claim;
    try {
      claim = await this.mappings.getProfileClaim(lob.lobId, userProfileName);
    } catch (error) {
      throw this.mappingError(error);
    }
    if (
      claim &&
      isLive(claim, lob) &&
      claim.claimedBy !== normalizeUserRef(userRef)
    ) {
      throw profileOfAnotherUser(userProfileName, lob.lobId);
    }
  }

  /** Makes a presigned URL. The URL is a bearer secret: never log or cache it. */
  async createPresignedUrl(
    userRef: string,
    target: LaunchTarget,
    options: LaunchOptions = {},
  ): Promise<LaunchResponse> {
    const expiresInSeconds = this.config.studio.urlExpiresInSeconds;
    const command = new CreatePresignedDomainUrlCommand({
      DomainId: target.lob.domainId,
      UserProfileName: target.userProfileName,
      ExpiresInSeconds: expiresInSeconds,
      SessionExpirationDurationInSeconds:
        this.config.studio.sessionExpirationDurationInSeconds,
      SpaceName: options.spaceName,
      LandingUri: options.landingUri,
    });
    const { AuthorizedUrl } = await this.withSession(
      userRef,
      target,
      { step: 'presign', spaceName: options.spaceName },
      session =>
        this.clients.withCallTimeout(abortSignal =>
          session.sagemaker.send(command, { abortSignal }),
        ),
    );
    if (!AuthorizedUrl) {
      throw toStudioError(
        Object.assign(new Error('no AuthorizedUrl'), {
          name: 'InvalidResponse',
        }),
        this.context(target, 'presign'),
      );
    }
    return {
      url: AuthorizedUrl,
      expiresAt: new Date(this.now() + expiresInSeconds * 1000).toISOString(),
    };
  }

  /**
   * The target's Studio domain, its name and status (DescribeDomain in the
   * user's role session). What one member of a domain may read is the same
   * for all of them, so one answer per domain serves every member for
   * DOMAIN_SUMMARY_TTL_MS; concurrent asks share one call, failures are not
   * kept.
   */
  async describeDomain(
    userRef: string,
    target: LaunchTarget,
  ): Promise<StudioDomainSummary> {
    const { accountId, region, domainId } = target.lob;
    const key = [accountId, region, domainId].join('\u0000');
    return (await this.domains.fetch(key, { context: { userRef, target } }))!;
  }

  private async askDomain(
    userRef: string,
    target: LaunchTarget,
  ): Promise<StudioDomainSummary> {
    const { domainId } = target.lob;
    const out = await this.inSession(
      userRef,
      target,
      (sagemaker, abortSignal) =>
        sagemaker.send(new DescribeDomainCommand({ DomainId: domainId }), {
          abortSignal,
        }),
    );
    return {
      domainId,
      ...(out.DomainName ? { domainName: out.DomainName } : {}),
      ...(out.Status ? { status: out.Status } : {}),
    };
  }

  /**
   * The user's own private spaces and every shared space of the domain,
   * each with whether its app runs (`running`) when ListApps could tell.
   * One ListSpaces and one ListApps listing of the domain, side by side.
   */
  async listSpaces(
    userRef: string,
    target: LaunchTarget,
  ): Promise<StudioSpace[]> {
    const [details, running] = await Promise.all([
      this.listAll(
        userRef,
        target,
        (client, abortSignal) =>
          paginateListSpaces(
            { client, pageSize: LIST_PAGE_SIZE },
            { DomainIdEquals: target.lob.domainId },
            { abortSignal },
          ),
        page => page.Spaces,
      ),
      this.runningSpaces(userRef, target),
    ]);
    return details
      .map(toSpace)
      .filter(
        (space): space is StudioSpace =>
          space !== undefined &&
          (space.sharingType === 'Shared' ||
            space.ownerUserProfileName === target.userProfileName),
      )
      .map(space =>
        running ? { ...space, running: running.has(space.spaceName) } : space,
      )
      .sort((a, b) => a.spaceName.localeCompare(b.spaceName));
  }

  /**
   * The domain's spaces whose app is InService, or undefined when ListApps
   * fails: whether a space runs is a hint on the card, so an access role
   * from before ListApps, or throttling, leaves the spaces without it. Warns
   * once per LOB until ListApps answers again (every card view would).
   */
  private async runningSpaces(
    userRef: string,
    target: LaunchTarget,
  ): Promise<Set<string> | undefined> {
    const { lobId, domainId } = target.lob;
    try {
      const apps = await this.listAll(
        userRef,
        target,
        (client, abortSignal) =>
          paginateListApps(
            { client, pageSize: LIST_PAGE_SIZE },
            { DomainIdEquals: domainId },
            { abortSignal },
          ),
        page => page.Apps,
      );
      this.appsUnlisted.delete(lobId);
      return new Set(
        apps.flatMap(app =>
          app.Status === 'InService' && app.SpaceName ? [app.SpaceName] : [],
        ),
      );
    } catch (error) {
      if (!this.appsUnlisted.has(lobId)) {
        this.appsUnlisted.add(lobId);
        this.logger.warn(
          `Studio spaces of line of business ${lobId} (domain ${domainId}) are listed ` +
            `without whether they run: ListApps failed. The LOB's access role may need ` +
            `sagemaker:ListApps (docs/deployment.md).`,
          { ...awsErrorDetailOf(error) },
        );
      }
      return undefined;
    }
  }

  /**
   * Every item of a SageMaker listing (an SDK paginator) in the user's role
   * session: all pages within one aws.callTimeoutMs, renewed once if AWS
   * says the session expired, failures worded by toStudioError.
   */
  private listAll<Page, Item>(
    userRef: string,
    target: LaunchTarget,
    pages: (
      client: SageMakerClient,
      abortSignal: AbortSignal,
    ) => AsyncIterable<Page>,
    itemsOf: (page: Page) => Item[] | undefined,
  ): Promise<Item[]> {
    return this.withSession(userRef, target, { step: 'list-spaces' }, session =>
      this.clients.withCallTimeout(async abortSignal => {
        const items: Item[] = [];
        for await (const page of pages(session.sagemaker, abortSignal)) {
          items.push(...(itemsOf(page) ?? []));
        }
        return items;
      }),
    );
  }

  /**
   * One SageMaker command in the user's role session (tagged with the
   * target's profile), bounded by aws.callTimeoutMs; failures are worded
   * by toStudioError, with AWS's error kept for the log.
   */
  inSession<T>(
    userRef: string,
    target: LaunchTarget,
    call: (sagemaker: SageMakerClient, abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    return this.withSession(userRef, target, { step: 'describe' }, session =>
      this.clients.withCallTimeout(abortSignal =>
        call(session.sagemaker, abortSignal),
      ),
    );
  }

  /** Runs one SageMaker call in the user's role session, renewing it once if AWS says it expired. */
  private async withSession<T>(
    userRef: string,
    target: LaunchTarget,
    ctx: Pick<AwsCallContext, 'step' | 'spaceName'>,
    call: (session: LobSession) => Promise<T>,
  ): Promise<T> {
    const key = this.sessionKey(userRef, target);
    for (let attempt = 1; ; attempt++) {
      const session = await this.sessions.get(key);
      try {
        return await call(session);
      } catch (error) {
        if (attempt === 1 && EXPIRED_SESSION.has((error as Error)?.name)) {
          this.sessions.forget(key);
          continue;
        }
        throw toStudioError(error, {
          ...this.context(target, ctx.step),
          spaceName: ctx.spaceName,
        });
      }
    }
  }

  private sessionKey(userRef: string, target: LaunchTarget): LobSessionKey {
    return {
      lobId: target.lob.lobId,
      accountId: target.lob.accountId,
      region: target.lob.region,
      roleArn: target.roleArn,
      userRef: normalizeUserRef(userRef),
      userProfileName: target.userProfileName,
    };
  }

  private context(
    target: LaunchTarget,
    step: AwsCallContext['step'],
  ): AwsCallContext {
    return {
      step,
      lobId: target.lob.lobId,
      accountId: target.lob.accountId,
      roleArn: target.roleArn,
      domainId: target.lob.domainId,
      userProfileName: target.userProfileName,
      timeoutMs: this.config.aws.callTimeoutMs,
    };
  }

  /**
   * The LOBs the user may open: their own memberships, and the memberships
   * of their groups for LOBs they have none of their own in. A group counts
   * when the user's identity names it and the catalog confirms it now; of
   * several groups giving one LOB, the first by entity ref is reported.
   */
  private async access(user: LaunchUser): Promise<LiveMembership[]> {
    const own = await this.liveMemberships(user.userRef);
    if (!this.groupAccess) return own;
    const ownLobs = new Set(own.map(m => m.lob.lobId));
    const groups = [
      ...new Set(
        user.ownershipRefs.filter(isGroupRef).map(r => normalizeUserRef(r)),
      ),
    ].sort();
    const viaGroups = (
      await Promise.all(
        groups.map(async group =>
          (
            await this.liveMemberships(group)
          ).map(m => ({
            ...m,
            viaGroup: group,
          })),
        ),
      )
    )
      .flat()
      .filter(m => !ownLobs.has(m.lob.lobId));
    if (viaGroups.length === 0) return own;

    const confirmed = await this.groupAccess.groups.groupsOf(user.userRef);
    const byLob = new Map<string, LiveMembership>();
    for (const m of viaGroups) {
      if (confirmed.has(m.viaGroup) && !byLob.has(m.lob.lobId)) {
        byLob.set(m.lob.lobId, m);
      }
    }
    return [...own, ...byLob.values()];
  }

  /** The memberships of one user or group whose LOB exists in the incarnation they were made for. */
  private async liveMemberships(userRef: string): Promise<LiveMembership[]> {
    try {
      const records = await this.mappings.listMembershipsOfUser(userRef);
      const joined = await Promise.all(
        records.map(async record => ({
          record,
          lob: await this.mappings.getLob(record.lobId),
        })),
      );
      return joined.filter((m): m is LiveMembership => isLive(m.record, m.lob));
    } catch (error) {
      throw this.mappingError(error);
    }
  }

  /** The store already words DynamoDB failures; anything else is a mapping read failure. */
  private mappingError(error: unknown): unknown {
    if (error instanceof CustomErrorBase) return error;
    return toStudioError(error, {
      step: 'mappings',
      timeoutMs: this.config.aws.callTimeoutMs,
    });
  }
}

function launchUser(who: string | LaunchUser): LaunchUser {
  return typeof who === 'string' ? { userRef: who, ownershipRefs: [who] } : who;
}

function profileOfAnotherUser(userProfileName: string, lobId: string) {
  return new NotAllowedError(
    `The SageMaker Studio user profile '${userProfileName}' of line of business '${lobId}' ` +
      `belongs to another user. Ask your portal administrators to give your membership its own profile name.`,
  );
}

/** The LOB account's access role the portal assumes (in the partition of the LOB's region). */
export function accessRoleArn(
  lob: Pick<Lob, 'accountId' | 'region' | 'roleName'>,
  defaultRoleName: string,
): string {
  return roleArnOf({
    accountId: lob.accountId,
    region: lob.region,
    roleName: lob.roleName ?? defaultRoleName,
  });
}

function toSpace(space: SpaceDetails): StudioSpace | undefined {
  if (!space.SpaceName) return undefined;
  return {
    spaceName: space.SpaceName,
    appType: space.SpaceSettingsSummary?.AppType,
    sharingType:
      space.SpaceSharingSettingsSummary?.SharingType === 'Shared'
        ? 'Shared'
        : 'Private',
    ownerUserProfileName: space.OwnershipSettingsSummary?.OwnerUserProfileName,
    status: space.Status,
  };
}

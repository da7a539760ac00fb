import {
  CreatePresignedDomainUrlCommand,
  ListSpacesCommand,
  type SpaceDetails,
} from '@aws-sdk/client-sagemaker';
import {
  CustomErrorBase,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  accessRoleArn as roleArnOf,
  normalizeUserRef,
  profileClaimKey,
  type LaunchResponse,
  type Lob,
  type Membership,
  type StudioSpace,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { StudioConfig } from '../config';
import type { AwsClients } from './AwsClients';
import { toStudioError, type AwsCallContext } from './awsErrors';
import type { LobSession, LobSessionKey, LobSessions } from './LobSessions';
import {
  isLive,
  profileOf,
  toLob,
  type StoredLob,
  type StoredMembership,
} from './mappingItems';
import type { MappingReader } from './MappingStore';

/** The LOB, profile and role one launch goes to. */
export interface LaunchTarget {
  lob: Lob;
  userProfileName: string;
  roleArn: string;
}

/** A membership whose LOB exists in the incarnation it was made for. */
interface LiveMembership {
  record: StoredMembership;
  lob: StoredLob;
}

export interface LaunchOptions {
  spaceName?: string;
  landingUri?: string;
}

const EXPIRED_SESSION = new Set(['ExpiredTokenException', 'ExpiredToken']);

/**
 * Resolves a Backstage user to their LOB and Studio user profile and makes
 * presigned Studio URLs for them. Callers pass the user from Backstage
 * credentials only; nothing here takes "who" from the request.
 */
export class StudioLauncher {
  constructor(
    private readonly mappings: MappingReader,
    private readonly sessions: LobSessions,
    private readonly clients: AwsClients,
    private readonly config: StudioConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** The user's memberships joined with their LOBs (dangling ones are left out). */
  async listMemberships(userRef: string): Promise<Membership[]> {
    const live = await this.liveMemberships(userRef);
    return live.map(({ record, lob }) => ({
      lobId: lob.lobId,
      displayName: lob.displayName,
      accountId: lob.accountId,
      region: lob.region,
      domainId: lob.domainId,
      userProfileName: profileOf(record),
    }));
  }

  /**
   * Picks the LOB for a launch: the one asked for, if the user is a member,
   * or the user's only one. Memberships of a deleted (or since re-created)
   * LOB do not count.
   */
  async resolveTarget(userRef: string, lobId?: string): Promise<LaunchTarget> {
    const live = await this.liveMemberships(userRef);
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

    const { record, lob } = chosen;
    const userProfileName = profileOf(record);
    await this.assertProfileIsTheirs(
      userRef,
      lob,
      userProfileName,
      record.profileClaim,
    );
    return {
      lob: toLob(lob),
      userProfileName,
      roleArn: accessRoleArn(lob, this.config.access.roleName),
    };
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
      throw new NotAllowedError(
        `The SageMaker Studio user profile '${userProfileName}' of line of business '${lob.lobId}' ` +
          `belongs to another user. Ask your portal administrators to give your membership its own profile name.`,
      );
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

  /** The user's own private spaces and every shared space of the domain. */
  async listSpaces(
    userRef: string,
    target: LaunchTarget,
  ): Promise<StudioSpace[]> {
    const spaces: StudioSpace[] = [];
    let nextToken: string | undefined;
    do {
      const pageToken = nextToken;
      const page = await this.withSession(
        userRef,
        target,
        { step: 'list-spaces' },
        session =>
          this.clients.withCallTimeout(abortSignal =>
            session.sagemaker.send(
              new ListSpacesCommand({
                DomainIdEquals: target.lob.domainId,
                NextToken: pageToken,
                MaxResults: 100,
              }),
              { abortSignal },
            ),
          ),
      );
      for (const space of page.Spaces ?? []) {
        const summary = toSpace(space);
        if (
          summary &&
          (summary.sharingType === 'Shared' ||
            summary.ownerUserProfileName === target.userProfileName)
        ) {
          spaces.push(summary);
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return spaces.sort((a, b) => a.spaceName.localeCompare(b.spaceName));
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

  /** The user's memberships whose LOB exists in the incarnation they were made for. */
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

import {
  CreatePresignedDomainUrlCommand,
  ListSpacesCommand,
  type SpaceDetails,
} from '@aws-sdk/client-sagemaker';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  defaultUserProfileName,
  normalizeUserRef,
  type LaunchResponse,
  type Lob,
  type Membership,
  type MembershipRecord,
  type StudioSpace,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { StudioConfig } from '../config';
import type { AwsClients } from './AwsClients';
import { toStudioError, type AwsCallContext } from './awsErrors';
import type { LobSession, LobSessionKey, LobSessions } from './LobSessions';
import type { MappingReader } from './MappingStore';

/** The LOB, profile and role one launch goes to. */
export interface LaunchTarget {
  lob: Lob;
  userProfileName: string;
  roleArn: string;
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
    const records = await this.readMemberships(userRef);
    const joined = await Promise.all(
      records.map(async record => {
        const lob = await this.readLob(record.lobId);
        const userProfileName = this.profileNameOf(record);
        return lob && userProfileName
          ? {
              lobId: lob.lobId,
              displayName: lob.displayName,
              accountId: lob.accountId,
              region: lob.region,
              domainId: lob.domainId,
              userProfileName,
            }
          : undefined;
      }),
    );
    return joined.filter((m): m is Membership => m !== undefined);
  }

  /**
   * Picks the LOB for a launch: the one asked for, if the user is a member,
   * or the user's only one.
   */
  async resolveTarget(userRef: string, lobId?: string): Promise<LaunchTarget> {
    const records = await this.readMemberships(userRef);
    if (records.length === 0) {
      throw new NotFoundError(this.config.unmappedUserMessage);
    }
    let record: MembershipRecord | undefined;
    if (lobId) {
      record = records.find(r => r.lobId === lobId);
      if (!record) {
        // Same answer whether or not the LOB exists: no probing for LOBs.
        throw new NotAllowedError(
          `You are not a member of line of business '${lobId}'.`,
        );
      }
    } else if (records.length > 1) {
      const choices = records.map(r => r.lobId).sort().join(', ');
      throw new InputError(
        `You belong to several lines of business; choose one with lobId: ${choices}.`,
      );
    } else {
      record = records[0];
    }

    const lob = await this.readLob(record.lobId);
    if (!lob) {
      throw new NotFoundError(
        `Line of business '${record.lobId}' has no Studio domain mapping. Ask your portal administrators to add it.`,
      );
    }
    const userProfileName = this.profileNameOf(record);
    if (!userProfileName) {
      throw new NotFoundError(
        `No SageMaker Studio user profile name can be derived from ${userRef}. ` +
          `Ask your portal administrators to set one on your membership of '${lob.lobId}'.`,
      );
    }
    return {
      lob,
      userProfileName,
      roleArn: accessRoleArn(lob, this.config.access.roleName),
    };
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
        Object.assign(new Error('no AuthorizedUrl'), { name: 'InvalidResponse' }),
        this.context(target, 'presign'),
      );
    }
    return {
      url: AuthorizedUrl,
      expiresAt: new Date(this.now() + expiresInSeconds * 1000).toISOString(),
    };
  }

  /** The user's own private spaces and every shared space of the domain. */
  async listSpaces(userRef: string, target: LaunchTarget): Promise<StudioSpace[]> {
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

  private context(target: LaunchTarget, step: AwsCallContext['step']): AwsCallContext {
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

  private profileNameOf(record: MembershipRecord): string | undefined {
    return record.userProfileName ?? defaultUserProfileName(record.userRef);
  }

  private async readMemberships(userRef: string): Promise<MembershipRecord[]> {
    try {
      return await this.mappings.listMembershipsOfUser(userRef);
    } catch (error) {
      throw this.mappingError(error);
    }
  }

  private async readLob(lobId: string): Promise<Lob | undefined> {
    try {
      return await this.mappings.getLob(lobId);
    } catch (error) {
      throw this.mappingError(error);
    }
  }

  private mappingError(error: unknown): Error {
    return toStudioError(error, {
      step: 'mappings',
      timeoutMs: this.config.aws.callTimeoutMs,
    });
  }
}

/** The LOB account's access role the portal assumes. */
export function accessRoleArn(lob: Lob, defaultRoleName: string): string {
  const roleName = lob.roleName ?? defaultRoleName;
  return `arn:${partitionOf(lob.region)}:iam::${lob.accountId}:role/${roleName}`;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function toSpace(space: SpaceDetails): StudioSpace | undefined {
  if (!space.SpaceName) return undefined;
  return {
    spaceName: space.SpaceName,
    appType: space.SpaceSettingsSummary?.AppType,
    sharingType:
      space.SpaceSharingSettingsSummary?.SharingType === 'Shared' ? 'Shared' : 'Private',
    ownerUserProfileName: space.OwnershipSettingsSummary?.OwnerUserProfileName,
    status: space.Status,
  };
}

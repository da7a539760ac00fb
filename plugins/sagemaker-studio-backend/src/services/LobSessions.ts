import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { LRUCache } from 'lru-cache';
import { cacheClock } from './cacheClock';
import {
  normalizeUserRef,
  USER_TAG_KEY,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { StudioConfig } from '@studio-portal/plugin-sagemaker-studio-node';
import { toStudioError } from './awsErrors';
import { stsIdentityFor, stsTagValue } from './sessionIdentity';
import type {
  AwsClientFactory,
  LobSession,
  LobSessionKey,
  RoleSessions,
} from './types';

export type { LobSession, LobSessionKey } from './types';

/** Session tag that records the Backstage user on the assumed role (shared with the CDK app). */
export { USER_TAG_KEY };

/**
 * Role sessions in LOB accounts, one per (account, role, user, profile),
 * kept until shortly before they expire. The cache is bounded (least
 * recently used goes first) and concurrent requests for one key share one
 * AssumeRole call (the cache's fetch), and its failure, which is not kept.
 * Credentials never leave process memory.
 */
export class LobSessions implements RoleSessions {
  private readonly sessions: LRUCache<string, LobSession, LobSessionKey>;
  private stsCalls = 0;

  constructor(
    private readonly clients: AwsClientFactory,
    private readonly config: StudioConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.sessions = new LRUCache({
      max: config.access.maxCachedSessions,
      // Each session's own TTL is set when it arrives (fetchMethod).
      ttl: 1,
      ...cacheClock(() => this.now()),
      // Callers already waiting for an AssumeRole get its session even if
      // the entry was forgotten or evicted meanwhile.
      ignoreFetchAbort: true,
      fetchMethod: async (_id, _stale, { context, options }) => {
        const session = await this.assumeRole(context);
        // Renewed refreshMarginMs before it expires; "stale" is strictly
        // past the TTL, so one millisecond less.
        const freshForMs =
          session.expiresAt - config.access.refreshMarginMs - this.now();
        options.ttl = Math.max(freshForMs - 1, 1);
        return session;
      },
    });
  }

  async get(key: LobSessionKey): Promise<LobSession> {
    return (await this.sessions.fetch(cacheId(key), { context: key }))!;
  }

  /** Drops a session AWS said has expired, so that the next call renews it. */
  forget(key: LobSessionKey): void {
    this.sessions.delete(cacheId(key));
  }

  /** AssumeRole calls made so far (for tests and benchmarks). */
  get assumeRoleCalls(): number {
    return this.stsCalls;
  }

  get size(): number {
    return this.sessions.size;
  }

  private async assumeRole(key: LobSessionKey): Promise<LobSession> {
    const identity = stsIdentityFor(key.userRef);
    this.stsCalls += 1;
    try {
      const { Credentials } = await this.clients.withCallTimeout(abortSignal =>
        this.clients.sts(key.region).send(
          new AssumeRoleCommand({
            RoleArn: key.roleArn,
            RoleSessionName: identity,
            SourceIdentity: identity,
            ExternalId: this.config.access.externalId,
            DurationSeconds: this.config.access.sessionDurationSeconds,
            Tags: [
              {
                Key: this.config.access.profileTagKey,
                Value: key.userProfileName,
              },
              // Lowercased like the tag of the profiles the portal creates:
              // the role may create only profiles tagged with this value.
              {
                Key: USER_TAG_KEY,
                Value: stsTagValue(normalizeUserRef(key.userRef)),
              },
            ],
          }),
          { abortSignal },
        ),
      );
      if (
        !Credentials?.AccessKeyId ||
        !Credentials.SecretAccessKey ||
        !Credentials.SessionToken
      ) {
        throw Object.assign(new Error('AssumeRole returned no credentials'), {
          name: 'InvalidResponse',
        });
      }
      const expiresAt =
        Credentials.Expiration?.getTime() ??
        this.now() + this.config.access.sessionDurationSeconds * 1000;
      return {
        expiresAt,
        sagemaker: this.clients.sagemaker(key.region, {
          accessKeyId: Credentials.AccessKeyId,
          secretAccessKey: Credentials.SecretAccessKey,
          sessionToken: Credentials.SessionToken,
          expiration: new Date(expiresAt),
        }),
      };
    } catch (error) {
      throw toStudioError(error, {
        step: 'assume-role',
        lobId: key.lobId,
        accountId: key.accountId,
        roleArn: key.roleArn,
        timeoutMs: this.config.aws.callTimeoutMs,
      });
    }
  }
}

function cacheId(key: LobSessionKey): string {
  return [
    key.accountId,
    key.region,
    key.roleArn,
    key.userRef,
    key.userProfileName,
  ].join('\u0000');
}

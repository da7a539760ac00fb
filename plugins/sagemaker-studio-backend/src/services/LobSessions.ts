import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import {
  normalizeUserRef,
  USER_TAG_KEY,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { StudioConfig } from '@studio-portal/plugin-sagemaker-studio-node';
import type { AwsClients } from './AwsClients';
import { toStudioError } from './awsErrors';
import { stsIdentityFor, stsTagValue } from './sessionIdentity';

/** Who acts in which LOB account, as which Studio user profile. */
export interface LobSessionKey {
  lobId: string;
  accountId: string;
  region: string;
  roleArn: string;
  userRef: string;
  userProfileName: string;
}

/** A live role session in a LOB account, and the client that signs with it. */
export interface LobSession {
  sagemaker: SageMakerClient;
  expiresAt: number;
}

/** Session tag that records the Backstage user on the assumed role (shared with the CDK app). */
export { USER_TAG_KEY };

/**
 * Role sessions in LOB accounts, one per (account, role, user, profile),
 * kept until shortly before they expire. The cache is bounded (least
 * recently used goes first) and concurrent requests for one key share one
 * AssumeRole call. Credentials never leave process memory.
 */
export class LobSessions {
  private readonly sessions = new Map<string, Promise<LobSession>>();
  private stsCalls = 0;

  constructor(
    private readonly clients: AwsClients,
    private readonly config: StudioConfig,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: LobSessionKey): Promise<LobSession> {
    const id = cacheId(key);
    const cached = this.sessions.get(id);
    if (cached) {
      // Concurrent callers share the pending call, and its failure.
      const session = await cached;
      if (this.isFresh(session)) {
        if (this.sessions.get(id) === cached) {
          // Re-insert to mark as most recently used.
          this.sessions.delete(id);
          this.sessions.set(id, cached);
        }
        return session;
      }
      if (this.sessions.get(id) === cached) this.sessions.delete(id);
    }
    return this.sessions.get(id) ?? this.start(id, key);
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

  private start(id: string, key: LobSessionKey): Promise<LobSession> {
    const pending = this.assumeRole(key);
    this.sessions.set(id, pending);
    pending.catch(() => {
      if (this.sessions.get(id) === pending) this.sessions.delete(id);
    });
    this.evictOverflow();
    return pending;
  }

  private isFresh(session: LobSession): boolean {
    return session.expiresAt - this.config.access.refreshMarginMs > this.now();
  }

  private evictOverflow(): void {
    while (this.sessions.size > this.config.access.maxCachedSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
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

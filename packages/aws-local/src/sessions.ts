import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';

/** A temporary session issued by AssumeRole. */
export interface RoleSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  roleArn: string;
  roleName: string;
  roleId: string;
  accountId: string;
  sessionName: string;
  /** arn:aws:sts::<acct>:assumed-role/<name>/<session> */
  assumedRoleArn: string;
  /** Region of the STS endpoint that issued it. */
  issuedInRegion: string;
  tags: Record<string, string>;
  transitiveTagKeys: string[];
  sourceIdentity?: string;
  /** When the server stops accepting it. */
  expiresAtMs: number;
  /** The Expiration told to the client (DurationSeconds after issue). */
  reportedExpiresAtMs: number;
  /** Set by the 'expireCredentials' fault: the server treats it as expired. */
  revoked: boolean;
}

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** An AWS-shaped identifier: a 4-letter prefix and 16 upper-case base32 characters. */
function awsShapedId(prefix: string, bytes: Uint8Array): string {
  let id = prefix;
  for (const byte of bytes.subarray(0, 16)) id += KEY_ALPHABET[byte % 32];
  return id;
}

/** A new AWS-shaped identifier: a temporary access key id. */
function awsId(prefix: 'ASIA'): string {
  return awsShapedId(prefix, randomBytes(16));
}

/**
 * The same AWS-shaped identifier for the same `name`, as AWS keeps one role
 * id per role: derived, so the stand-in keeps no table of them.
 */
export function stableAwsId(prefix: 'AROA', name: string): string {
  return awsShapedId(prefix, createHash('sha256').update(name).digest());
}

/** An expired session is still known this long, so its caller hears ExpiredToken. */
const REMEMBER_EXPIRED_MS = 24 * 3600 * 1000;
/** Keeps memory bounded in long benchmark runs. */
const MAX_SESSIONS = 100_000;

export class SessionStore {
  private readonly byAccessKey: LRUCache<string, RoleSession>;

  constructor(private readonly now: () => number = Date.now) {
    this.byAccessKey = new LRUCache({
      max: MAX_SESSIONS,
      perf: { now },
      // Read the clock on every lookup: tests move it forward by hand.
      ttlResolution: 0,
    });
  }

  issue(
    session: Omit<
      RoleSession,
      'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'revoked'
    >,
  ): RoleSession {
    const issued: RoleSession = {
      ...session,
      accessKeyId: awsId('ASIA'),
      secretAccessKey: randomBytes(30).toString('base64').slice(0, 40),
      // Opaque, long and unguessable, like AWS's session tokens.
      sessionToken: `${randomUUID()}${randomBytes(96).toString('base64')}`,
      revoked: false,
    };
    this.byAccessKey.set(issued.accessKeyId, issued, {
      ttl: Math.max(1, session.expiresAtMs - this.now() + REMEMBER_EXPIRED_MS),
    });
    return issued;
  }

  find(accessKeyId: string): RoleSession | undefined {
    return this.byAccessKey.get(accessKeyId);
  }

  isExpired(session: RoleSession, nowMs: number): boolean {
    return session.revoked || nowMs >= session.expiresAtMs;
  }
}

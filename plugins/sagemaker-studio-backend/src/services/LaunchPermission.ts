import type { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { sagemakerStudioLaunchPermission } from '@studio-portal/plugin-sagemaker-studio-common';
import { LRUCache } from 'lru-cache';
import { cacheClock } from './cacheClock';
import type { LaunchDecisions, UserCredentials } from './types';

/**
 * The `sagemaker-studio.launch` decision per user, remembered for a few
 * seconds. Asking the permission backend costs a token and an HTTP round
 * trip on every launch, which dominated a warm launch's time in the
 * benchmark; a basic permission's answer depends only on the user, so a
 * short memory changes nothing but how fast a revoked permission bites
 * (at most `ttlMs` after it was answered). `ttlMs` 0 asks every time.
 *
 * Concurrent launches of one user share one question (the cache's fetch),
 * and a decision past half its TTL is asked again in the background while
 * it is still served: under load, no launch waits for the permission
 * backend just because a decision ran out, and no decision is served older
 * than `ttlMs`.
 */
export class LaunchPermission implements LaunchDecisions {
  private readonly decisions: LRUCache<string, boolean, UserCredentials>;

  constructor(
    private readonly permissions: PermissionsService,
    private readonly ttlMs: number,
    maxEntries = 10_000,
    now: () => number = Date.now,
  ) {
    this.decisions = new LRUCache({
      max: maxEntries,
      ttl: Math.max(ttlMs, 1),
      ...cacheClock(now),
      // A failed refresh keeps the decision until its TTL; the next
      // question then fails loudly.
      noDeleteOnFetchRejection: true,
      fetchMethod: (_user, _previous, { context }) => this.ask(context),
    });
  }

  async isAllowed(credentials: UserCredentials): Promise<boolean> {
    if (this.ttlMs <= 0) return this.ask(credentials);
    const user = credentials.principal.userEntityRef;
    // 0 for a user not asked yet, and at the TTL itself (the cache would
    // still serve it for that millisecond).
    const remainingMs = this.decisions.getRemainingTTL(user);
    const expired = remainingMs <= 0;
    const ageing = !expired && remainingMs <= this.ttlMs / 2;
    const allowed = await this.decisions.fetch(user, {
      context: credentials,
      forceRefresh: expired || ageing,
      // Past half its TTL: served now, asked again behind the launch.
      allowStale: ageing,
    });
    return allowed!;
  }

  private async ask(credentials: UserCredentials): Promise<boolean> {
    const [decision] = await this.permissions.authorize(
      [{ permission: sagemakerStudioLaunchPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }
}

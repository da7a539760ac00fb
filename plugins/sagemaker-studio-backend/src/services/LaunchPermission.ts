import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { sagemakerStudioLaunchPermission } from '@studio-portal/plugin-sagemaker-studio-common';

type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/**
 * The `sagemaker-studio.launch` decision per user, remembered for a few
 * seconds. Asking the permission backend costs a token and an HTTP round
 * trip on every launch, which dominated a warm launch's time in the
 * benchmark; a basic permission's answer depends only on the user, so a
 * short memory changes nothing but how fast a revoked permission bites
 * (at most `ttlMs` after it was asked). `ttlMs` 0 asks every time.
 *
 * Concurrent launches of one user share one question, and a decision past
 * half its TTL is asked again in the background while it is still served:
 * under load, no launch waits for the permission backend just because a
 * decision ran out, and no decision is served older than `ttlMs`.
 */
export class LaunchPermission {
  private readonly decisions = new Map<
    string,
    { allowed: boolean; askedAt: number }
  >();
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(
    private readonly permissions: PermissionsService,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async isAllowed(credentials: UserCredentials): Promise<boolean> {
    if (this.ttlMs <= 0) return this.ask(credentials);
    const user = credentials.principal.userEntityRef;
    const remembered = this.decisions.get(user);
    const age = remembered ? this.now() - remembered.askedAt : Infinity;
    if (remembered && age < this.ttlMs) {
      if (age >= this.ttlMs / 2) {
        // A failed refresh keeps the decision until its TTL; the next ask then fails loudly.
        this.askOnce(user, credentials).catch(() => {});
      }
      return remembered.allowed;
    }
    return this.askOnce(user, credentials);
  }

  /** One question per user in flight; its answer is remembered from when it was asked. */
  private askOnce(
    user: string,
    credentials: UserCredentials,
  ): Promise<boolean> {
    let pending = this.asking.get(user);
    if (!pending) {
      const askedAt = this.now();
      pending = this.ask(credentials)
        .then(allowed => {
          this.remember(user, allowed, askedAt);
          return allowed;
        })
        .finally(() => this.asking.delete(user));
      this.asking.set(user, pending);
    }
    return pending;
  }

  private async ask(credentials: UserCredentials): Promise<boolean> {
    const [decision] = await this.permissions.authorize(
      [{ permission: sagemakerStudioLaunchPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private remember(user: string, allowed: boolean, askedAt: number): void {
    this.decisions.delete(user);
    this.decisions.set(user, { allowed, askedAt });
    if (this.decisions.size > this.maxEntries) {
      this.decisions.delete(this.decisions.keys().next().value!);
    }
  }
}

import type {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { sagemakerStudioLaunchPermission } from '@studio-portal/plugin-sagemaker-studio-common';

/**
 * The `sagemaker-studio.launch` decision per user, remembered for a few
 * seconds. Asking the permission backend costs a token and an HTTP round
 * trip on every launch, which dominated a warm launch's time in the
 * benchmark; a basic permission's answer depends only on the user, so a
 * short memory changes nothing but how fast a revoked permission bites
 * (at most `ttlMs`). `ttlMs` 0 asks every time.
 */
export class LaunchPermission {
  private readonly decisions = new Map<string, { allowed: boolean; until: number }>();

  constructor(
    private readonly permissions: PermissionsService,
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async isAllowed(credentials: BackstageCredentials<BackstageUserPrincipal>): Promise<boolean> {
    const user = credentials.principal.userEntityRef;
    const remembered = this.decisions.get(user);
    if (remembered && remembered.until > this.now()) return remembered.allowed;

    const [decision] = await this.permissions.authorize(
      [{ permission: sagemakerStudioLaunchPermission }],
      { credentials },
    );
    const allowed = decision.result === AuthorizeResult.ALLOW;
    if (this.ttlMs > 0) {
      this.decisions.delete(user);
      this.decisions.set(user, { allowed, until: this.now() + this.ttlMs });
      if (this.decisions.size > this.maxEntries) {
        this.decisions.delete(this.decisions.keys().next().value!);
      }
    }
    return allowed;
  }
}

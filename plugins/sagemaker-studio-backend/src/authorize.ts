import type { Request } from 'express';
import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import { sagemakerStudioLaunchPermission } from '@studio-portal/plugin-sagemaker-studio-common';
import type { LaunchDecisions, UserCredentials } from './services/types';

/**
 * Who calls and whether they may, for every route: the caller from their
 * Backstage credentials only, each permission decided by the permission
 * framework (sagemaker-studio.launch through LaunchDecisions' short memory
 * of it), and a refusal is a 403 with the route's own words.
 */
export class RouteAuthorizer {
  constructor(
    private readonly httpAuth: HttpAuthService,
    private readonly permissions: PermissionsService,
    private readonly launchDecisions?: LaunchDecisions,
  ) {}

  /** The signed-in user; a limited-access cookie only where the route allows it. */
  credentials(
    req: Request,
    options: { allowLimitedAccess?: boolean } = {},
  ): Promise<UserCredentials> {
    return this.httpAuth.credentials(req, {
      allow: ['user'],
      ...(options.allowLimitedAccess ? { allowLimitedAccess: true } : {}),
    });
  }

  /** Throws NotAllowedError(`deniedMessage`) unless the user holds `permission`. */
  async authorize(
    credentials: UserCredentials,
    permission: BasicPermission,
    deniedMessage: string,
  ): Promise<void> {
    if (!(await this.isAllowed(credentials, permission))) {
      throw new NotAllowedError(deniedMessage);
    }
  }

  /** The credentials of a signed-in user who holds `permission`. */
  async authorized(
    req: Request,
    permission: BasicPermission,
    deniedMessage: string,
  ): Promise<UserCredentials> {
    const credentials = await this.credentials(req);
    await this.authorize(credentials, permission, deniedMessage);
    return credentials;
  }

  private async isAllowed(
    credentials: UserCredentials,
    permission: BasicPermission,
  ): Promise<boolean> {
    if (
      this.launchDecisions &&
      permission.name === sagemakerStudioLaunchPermission.name
    ) {
      return this.launchDecisions.isAllowed(credentials);
    }
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }
}

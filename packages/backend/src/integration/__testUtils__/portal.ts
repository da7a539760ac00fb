import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Server } from 'node:http';
import permissionPlugin from '@backstage/plugin-permission-backend';
import sagemakerStudioPlugin from '@studio-portal/plugin-sagemaker-studio-backend';
import type { LocalEnvironment } from '../../localMode/localEnvironment';
import { studioPortalPermissionPolicyModule } from '../../modules/permissionPolicy';
import { studioConfigFor } from '../localWorld';

export const ADMIN_GROUP = 'group:default/studio-admins';
export const ADMIN = 'user:default/studio-admin';

/**
 * The portal's backend for tests: the real plugin and permission policy,
 * mock sign-in (tokens from mockCredentials), and the studio-admin user in
 * the admin group as the catalog would say.
 */
export async function startPortal(
  env: LocalEnvironment,
  configOverrides: Record<string, any> = {},
): Promise<Server> {
  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const userEntityRef = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef,
        ownershipEntityRefs:
          userEntityRef === ADMIN
            ? [userEntityRef, ADMIN_GROUP]
            : [userEntityRef],
      };
    },
  });
  const backend = await startTestBackend({
    features: [
      sagemakerStudioPlugin,
      permissionPlugin,
      studioPortalPermissionPolicyModule,
      mockServices.rootConfig.factory({
        data: studioConfigFor(env, configOverrides),
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      userInfo.factory,
    ],
  });
  return backend.server;
}

export const as = (name: string) =>
  mockCredentials.user.header(
    name.includes(':') ? name : `user:default/${name}`,
  );

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
 * The studio-admin user in the admin group, as the catalog would say; every
 * other user owns only itself.
 */
function demoUserInfo() {
  return mockServices.userInfo.mock({
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
}

/**
 * The features of the portal's backend in tests: the real plugin and
 * permission policy, this config, mock sign-in (tokens from
 * mockCredentials) and the demo users' ownership.
 */
export function portalFeatures(config: Record<string, any>) {
  return [
    sagemakerStudioPlugin,
    permissionPlugin,
    studioPortalPermissionPolicyModule,
    mockServices.rootConfig.factory({ data: config }),
    mockServices.httpAuth.factory({
      defaultCredentials: mockCredentials.none(),
    }),
    demoUserInfo().factory,
  ];
}

/** The portal's backend for tests (portalFeatures) on the local environment. */
export async function startPortal(
  env: LocalEnvironment,
  configOverrides: Record<string, any> = {},
): Promise<Server> {
  const backend = await startTestBackend({
    features: portalFeatures(studioConfigFor(env, configOverrides)),
  });
  return backend.server;
}

export const as = (name: string) =>
  mockCredentials.user.header(
    name.includes(':') ? name : `user:default/${name}`,
  );

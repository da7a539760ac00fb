import type { AddressInfo } from 'node:net';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionPlugin from '@backstage/plugin-permission-backend';
import sagemakerStudioPlugin from '@studio-portal/plugin-sagemaker-studio-backend';
import type { LocalEnvironment } from 'backend/src/localMode/localEnvironment';
import { studioPortalPermissionPolicyModule } from 'backend/src/modules/permissionPolicy';
import { studioConfigFor } from 'backend/src/integration/localWorld';

/**
 * userInfo as the catalog would answer it, without jest (the bench runs in
 * plain Node, where mockServices.userInfo.mock is not available).
 */
const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials: any) {
      const userEntityRef = credentials.principal.userEntityRef as string;
      return { userEntityRef, ownershipEntityRefs: [userEntityRef] };
    },
  }),
});

export interface BenchPortal {
  /** e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * The real plugin and permission policy in a Backstage backend on
 * 127.0.0.1, with mock sign-in tokens, a long mapping cache TTL (so warm
 * launches hit it), a 10 s call timeout and the default retries.
 */
export async function startBenchPortal(endpoints: {
  dynamoDb: string;
  aws: string;
}): Promise<BenchPortal> {
  const env = {
    dynamoDb: { endpoint: endpoints.dynamoDb },
    aws: { endpoint: endpoints.aws },
  } as LocalEnvironment;
  const config = studioConfigFor(env);
  config.sagemakerStudio.mappings.cacheTtlSeconds = 3600;
  config.sagemakerStudio.aws.callTimeoutMs = 10_000;
  const backend = await startTestBackend({
    features: [
      sagemakerStudioPlugin,
      permissionPlugin,
      studioPortalPermissionPolicyModule,
      mockServices.rootConfig.factory({ data: config }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      userInfoFactory,
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, stop: () => backend.stop() };
}

/** The Authorization header of a signed-in user (mock token). */
export const bearerOf = (name: string) =>
  mockCredentials.user.header(`user:default/${name}`);

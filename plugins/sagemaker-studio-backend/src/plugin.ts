import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { sagemakerStudioPermissions } from '@studio-portal/plugin-sagemaker-studio-common';
import { readStudioConfig } from './config';
import { createRouter } from './router';
import { AwsClients } from './services/AwsClients';
import { CachedMappingReader } from './services/CachedMappingReader';
import { LobSessions } from './services/LobSessions';
import { DynamoMappingStore } from './services/MappingStore';
import { StudioLauncher } from './services/StudioLauncher';

/**
 * Opens the signed-in user's Amazon SageMaker Studio domain in their line of
 * business's AWS account.
 *
 * @public
 */
export const sagemakerStudioPlugin = createBackendPlugin({
  pluginId: 'sagemaker-studio',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        cache: coreServices.cache,
      },
      async init(deps) {
        const config = readStudioConfig(deps.config);
        deps.permissionsRegistry.addPermissions(sagemakerStudioPermissions);

        const clients = new AwsClients(config);
        const store = new DynamoMappingStore(clients.dynamoDocuments(), config.mappings);
        const mappings = new CachedMappingReader(
          store,
          deps.cache,
          config.mappings.cacheTtlMs,
        );
        const launcher = new StudioLauncher(
          mappings,
          new LobSessions(clients, config),
          clients,
          config,
        );

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger: deps.logger,
            launcher,
          }),
        );
        deps.httpRouter.addAuthPolicy({ path: '/launch', allow: 'user-cookie' });
      },
    });
  },
});

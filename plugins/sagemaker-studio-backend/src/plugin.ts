import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { sagemakerStudioPermissions } from '@studio-portal/plugin-sagemaker-studio-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  DynamoCalls,
  DynamoMappingStore,
  MappingEditor,
  readStudioConfig,
} from '@studio-portal/plugin-sagemaker-studio-node';
import { createRouter } from './router';
import { AwsClients } from './services/AwsClients';
import { CachedMappingReader } from './services/CachedMappingReader';
import { CatalogGroups } from './services/CatalogGroups';
import { LaunchPermission } from './services/LaunchPermission';
import { LobChecker } from './services/LobChecker';
import { LobSessions } from './services/LobSessions';
import { MappingAdmin } from './services/MappingAdmin';
import { MappingTransfer } from './services/MappingTransfer';
import { ProfileProvisioner } from './services/ProfileProvisioner';
import { ProvisionedProfileStore } from './services/ProvisionedProfileStore';
import { StudioLauncher } from './services/StudioLauncher';
import { toStudioError } from './services/awsErrors';
import { ImportPlanner } from './services/importPlan';
import { portalOrigins } from './sameOrigin';

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
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const config = readStudioConfig(deps.config);
        deps.permissionsRegistry.addPermissions(sagemakerStudioPermissions);

        const clients = new AwsClients(config);
        const documents = clients.dynamoDocuments();
        // Every mapping call, reads and writes, is bounded like the AWS calls
        // and its failures worded like theirs.
        const bounded = {
          withCallTimeout: <T>(call: (signal?: AbortSignal) => Promise<T>) =>
            clients.withCallTimeout(call),
          timeoutMs: config.aws.callTimeoutMs,
          mapError: toStudioError,
        };
        const store = new DynamoMappingStore(
          documents,
          config.mappings,
          bounded,
        );
        const mappings = new CachedMappingReader(
          store,
          deps.cache,
          config.mappings.cacheTtlMs,
        );
        const sessions = new LobSessions(clients, config);
        const editor = new MappingEditor(documents, config.mappings, bounded);
        const launcher = new StudioLauncher(
          mappings,
          sessions,
          clients,
          config,
          deps.logger,
          Date.now,
          {
            groups: new CatalogGroups(
              deps.catalog,
              deps.auth,
              config.groups.cacheTtlMs,
            ),
            claims: {
              // The claim is cached as absent: drop that, whatever happened.
              claim: async (lob, userRef, userProfileName, viaGroup) => {
                try {
                  return await editor.claimForGroupMember(
                    lob,
                    userRef,
                    userProfileName,
                    viaGroup,
                  );
                } finally {
                  await mappings.invalidateClaim(lob.lobId, userProfileName);
                }
              },
            },
          },
        );
        // The bounded calls of the services that write items of their own.
        const calls = new DynamoCalls(documents, bounded);
        const provisioned = new ProvisionedProfileStore(calls, config.mappings);
        const provisioner = new ProfileProvisioner(
          launcher,
          provisioned,
          config,
          deps.logger,
          deps.auditor,
        );
        const admin = new MappingAdmin(
          editor,
          mappings,
          new LobChecker(sessions, clients, config),
          deps.catalog,
          provisioned,
        );
        const planner = new ImportPlanner(editor, calls, config.mappings);
        const transfer = new MappingTransfer(editor, planner, async touched => {
          await Promise.allSettled([
            ...touched.lobs.map(id => mappings.invalidateLob(id)),
            ...touched.users.map(ref => mappings.invalidateUser(ref)),
            ...touched.claims.map(c =>
              mappings.invalidateClaim(c.lobId, c.userProfileName),
            ),
          ]);
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            logger: deps.logger,
            userInfo: deps.userInfo,
            launcher,
            provisioner,
            launchPermission: new LaunchPermission(
              deps.permissions,
              config.permissions.launchDecisionCacheMs,
            ),
            admin,
            transfer,
            portalOrigins: portalOrigins([
              deps.config.getOptionalString('app.baseUrl'),
              deps.config.getOptionalString('backend.baseUrl'),
            ]),
            unmappedUserMessage: config.unmappedUserMessage,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/launch',
          allow: 'user-cookie',
        });
      },
    });
  },
});

import { resolve } from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readStudioConfig } from '@studio-portal/plugin-sagemaker-studio-node';
import { startLocalEnvironment } from './localEnvironment';
import { localModeConfig, readLocalSeed } from './localModeConfig';
import { localStudioSchema, readYamlFile } from './seedFiles';

/**
 * Local mode: starts DynamoDB Local and the STS/SageMaker/Studio stand-in
 * before the sagemaker-studio plugin (a plugin's modules initialize first),
 * and stops them with the backend. Does nothing unless
 * `sagemakerStudio.local.enabled` is true, which only app-config.yaml sets.
 */
export const localAwsModule = createBackendModule({
  pluginId: 'sagemaker-studio',
  moduleId: 'local-aws',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
      },
      async init({ config, logger, lifecycle }) {
        const local = localModeConfig(config);
        if (!local) return;

        const studioConfig = readStudioConfig(config);
        const credentials = studioConfig.aws.credentials;
        if (!credentials) {
          throw new Error(
            'Local mode needs sagemakerStudio.aws.credentials (the key the stand-in issues to the portal)',
          );
        }
        const started = Date.now();
        const environment = await startLocalEnvironment({
          dynamoDbPort: local.getNumber('dynamoDbPort'),
          awsPort: local.getNumber('awsPort'),
          seed: await readLocalSeed(local),
          studio: await readYamlFile(
            resolve(local.getString('studioFile')),
            localStudioSchema,
          ),
          tables: studioConfig.mappings,
          access: studioConfig.access,
          portalCredentials: credentials,
          latencyMs: {
            dynamoDb: local.getOptionalNumber('latencyMs.dynamoDb'),
            sts: local.getOptionalNumber('latencyMs.sts'),
            sagemaker: local.getOptionalNumber('latencyMs.sagemaker'),
          },
          profileCreation: {
            delayMs: local.getOptionalNumber('profileCreationDelayMs'),
          },
          log: line => logger.debug(line),
        });
        logger.info(
          `Local mode: DynamoDB Local at ${
            environment.dynamoDb.endpoint
          }, AWS stand-in at ${environment.aws.endpoint} (ready in ${
            Date.now() - started
          } ms)`,
        );
        lifecycle.addShutdownHook(() => environment.stop());
      },
    });
  },
});

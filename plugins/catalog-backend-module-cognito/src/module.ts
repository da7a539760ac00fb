import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readProviderConfigs } from './config';
import { CognitoUserPoolEntityProvider } from './provider';

/**
 * Adds one entity provider per entry of catalog.providers.cognitoUserPool,
 * each reading its user pool on its schedule.
 *
 * @public
 */
export const catalogModuleCognitoUserPool = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'cognito-user-pool',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        const providers = CognitoUserPoolEntityProvider.fromConfig(
          readProviderConfigs(config),
          { logger, scheduler },
        );
        catalog.addEntityProvider(providers);
      },
    });
  },
});

import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { localCognitoServiceRef } from './localCognito';
import {
  poolSignInDirectory,
  startLocalOidcProvider,
} from './localOidcProvider';

/**
 * Local mode's sign-in: starts the OIDC stand-in in front of the Cognito
 * stand-in pool before the auth plugin (a plugin's modules initialize
 * first), so that the auth plugin's OIDC provider finds it at startup.
 * Does nothing unless `sagemakerStudio.local.enabled` is true.
 */
export const localSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'local-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.rootLifecycle,
        cognito: localCognitoServiceRef,
      },
      async init({ config, logger, lifecycle, cognito }) {
        if (!cognito.local) return;
        const oidc = config.getOptionalConfig(
          'auth.providers.oidc.development',
        );
        if (!oidc) return;

        const { pool } = cognito.local;
        const provider = await startLocalOidcProvider({
          port: config.getNumber('sagemakerStudio.local.signInPort'),
          directory: poolSignInDirectory(pool),
          client: {
            clientId: oidc.getString('clientId'),
            clientSecret: oidc.getString('clientSecret'),
            redirectUris: [
              `${config.getString(
                'backend.baseUrl',
              )}/api/auth/oidc/handler/frame`,
            ],
          },
        });
        logger.info(
          `Local mode: sign-in (OIDC stand-in for Cognito) at ${provider.issuer}, users of pool ${pool.userPoolId}`,
        );
        lifecycle.addShutdownHook(() => provider.close());
      },
    });
  },
});

/**
 * Starts local mode's Cognito stand-in before the catalog plugin connects
 * its providers, so that the Cognito provider's first run finds the pool.
 */
export const localCognitoCatalogModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'local-cognito',
  register(reg) {
    reg.registerInit({
      deps: { cognito: localCognitoServiceRef },
      async init() {
        // Depending on the service is what starts it.
      },
    });
  },
});

import { resolve } from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { startLocalOidcProvider } from './localOidcProvider';
import { readYamlFile, seedDocumentSchema } from './seedFiles';

/**
 * Local mode's sign-in: starts the OIDC stand-in holding the demo users of
 * the seed file before the auth plugin (a plugin's modules initialize
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
      },
      async init({ config, logger, lifecycle }) {
        const local = config.getOptionalConfig('sagemakerStudio.local');
        if (!local?.getOptionalBoolean('enabled')) return;
        const oidc = config.getOptionalConfig(
          'auth.providers.oidc.development',
        );
        if (!oidc) return;

        const seed = await readYamlFile(
          resolve(local.getString('seedFile')),
          seedDocumentSchema,
        );
        const users = seed.users
          .filter(user => user.password)
          .map(user => ({
            username: user.userRef.slice(user.userRef.indexOf('/') + 1),
            email: user.email,
            password: user.password!,
            groups: user.groups,
          }));
        const provider = await startLocalOidcProvider({
          port: local.getNumber('signInPort'),
          users,
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
          `Local mode: sign-in (OIDC stand-in for Cognito) at ${provider.issuer} with ${users.length} demo users`,
        );
        lifecycle.addShutdownHook(() => provider.close());
      },
    });
  },
});

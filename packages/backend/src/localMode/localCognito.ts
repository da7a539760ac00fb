import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  startCognitoStandIn,
  type CognitoPoolDefinition,
  type CognitoStandIn,
  type LocalUserPool,
} from '@studio-portal/aws-local';
import { USER_POOL_READ_ACTIONS } from '@studio-portal/plugin-catalog-backend-module-cognito';
import { localModeConfig, readLocalSeed } from './localModeConfig';
import type { SeedDocument } from './seedFiles';

/** Local mode's user pool: the stand-in serving it, and the pool itself for the local sign-in. */
export interface LocalCognitoService {
  /** Undefined unless local mode is enabled (a service itself may not be undefined). */
  local?: LocalCognito;
}

export interface LocalCognito {
  endpoint: string;
  pool: LocalUserPool;
  standIn: CognitoStandIn;
}

/**
 * Local mode's Cognito: one stand-in user pool holding the demo users and
 * groups of the seed file, shared by the local sign-in (which checks their
 * passwords, as the Cognito hosted UI does) and the catalog provider (which
 * reads it over HTTP with the real SDK). Empty unless
 * `sagemakerStudio.local.enabled`.
 */
export const localCognitoServiceRef = createServiceRef<LocalCognitoService>({
  id: 'studio-portal.local-cognito',
  scope: 'root',
});

export const localCognitoServiceFactory = createServiceFactory({
  service: localCognitoServiceRef,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.rootLogger,
    lifecycle: coreServices.rootLifecycle,
  },
  async factory({ config, logger, lifecycle }) {
    const local = localModeConfig(config);
    if (!local) return {};
    const provider = localProviderConfig(config);
    const seed = await readLocalSeed(local);
    const standIn = await startCognitoStandIn({
      port: local.getNumber('cognitoPort'),
      pools: [poolFromSeed(provider.userPoolId, seed)],
      callers: [
        {
          ...provider.credentials,
          arn: 'arn:aws:iam::000000000000:role/StudioPortalBackend',
          // What the catalog provider calls, and nothing else (as its IAM policy in AWS).
          actions: [...USER_POOL_READ_ACTIONS],
        },
      ],
      log: line => logger.debug(line),
    });
    lifecycle.addShutdownHook(() => standIn.close());
    logger.info(
      `Local mode: Cognito stand-in at ${standIn.endpoint} with user pool ${provider.userPoolId} (${seed.users.length} demo users)`,
    );
    return {
      local: {
        endpoint: standIn.endpoint,
        pool: standIn.pool(provider.userPoolId),
        standIn,
      },
    };
  },
});

/** The pool of the seed file: username = the entity name of the user ref. */
export function poolFromSeed(
  userPoolId: string,
  seed: SeedDocument,
): CognitoPoolDefinition {
  return {
    userPoolId,
    users: seed.users.map(user => ({
      username: user.userRef.slice(user.userRef.indexOf('/') + 1),
      attributes: user.email
        ? { email: user.email, email_verified: 'true' }
        : undefined,
      password: user.password,
      groups: user.groups,
    })),
  };
}

/**
 * The catalog provider entry local mode reads: its pool id and the key the
 * stand-in accepts from it.
 */
function localProviderConfig(config: Config) {
  const providers = config.getConfig('catalog.providers.cognitoUserPool');
  const [id] = providers.keys();
  const provider = providers.getConfig(id);
  return {
    userPoolId: provider.getString('userPoolId'),
    credentials: {
      accessKeyId: provider.getString('credentials.accessKeyId'),
      secretAccessKey: provider.getString('credentials.secretAccessKey'),
    },
  };
}

import { createBackendModule } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  oidcAuthenticator,
  type OidcAuthResult,
} from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
  createSignInResolverFactory,
  type OAuthAuthenticatorResult,
  type SignInResolver,
} from '@backstage/plugin-auth-node';
import {
  groupEntityName,
  userEntityName,
} from '@studio-portal/plugin-catalog-backend-module-cognito';
import { cognitoAnnotations } from '@studio-portal/plugin-sagemaker-studio-common';
import { z } from 'zod/v3';

type CognitoClaims = Record<string, unknown> & {
  sub?: string;
  iss?: string;
  'cognito:username'?: string;
  'cognito:groups'?: unknown;
  email?: string;
};

/** Options of the `cognitoUserToCatalogUser` resolver in app-config. */
export interface CognitoResolverOptions {
  /**
   * What names a user who is not in the catalog yet: the Cognito username
   * or the email. Must be the Cognito catalog provider's `userNameFrom`.
   */
  claim?: 'username' | 'email';
  /**
   * A pool user the catalog does not know yet (e.g. federated, at their
   * first sign-in): `claims` signs them in from the ID token (their groups
   * from `cognito:groups`) until the provider's next run; `refuse` refuses.
   */
  firstSignIn?: 'claims' | 'refuse';
  /** What to tell users who are refused. */
  unknownUserMessage?: string;
}

const DEFAULT_UNKNOWN_USER_MESSAGE =
  'You signed in, but the portal has no user for you yet. Ask your portal administrators to add you.';

/** https://cognito-idp.<region>.amazonaws.com/<user pool id> */
const COGNITO_ISSUER =
  /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\/([\w-]+_[0-9a-zA-Z]+)$/;

/** The claims of the ID token, completed by the userinfo endpoint. */
export function cognitoClaims(result: OidcAuthResult): CognitoClaims {
  const idToken = (result.tokenset.claims?.() ?? {}) as CognitoClaims;
  return { ...(result.userinfo as CognitoClaims), ...idToken };
}

/**
 * Signs in a user of the Cognito user pool:
 * 1. as the User entity the Cognito catalog provider made of them (found
 *    by the `sub` claim, and the pool of the token's issuer);
 * 2. else as the entity the provider's naming rule gives them, if that
 *    entity was written by hand (no Cognito annotations);
 * 3. else, with `firstSignIn: claims`, from the token itself: their entity
 *    ref by the naming rule, and their groups from `cognito:groups`, until
 *    the provider's next run brings them into the catalog.
 */
export function cognitoUserResolver(
  options: CognitoResolverOptions = {},
): SignInResolver<OAuthAuthenticatorResult<OidcAuthResult>> {
  const claim = options.claim ?? 'username';
  const firstSignIn = options.firstSignIn ?? 'claims';
  const unknownUser =
    options.unknownUserMessage ?? DEFAULT_UNKNOWN_USER_MESSAGE;
  return async (info, ctx) => {
    const claims = cognitoClaims(info.result.fullProfile);
    const { sub, email } = claims;
    const username = claims['cognito:username'];
    if (
      typeof sub !== 'string' ||
      sub === '' ||
      typeof username !== 'string' ||
      username === ''
    ) {
      throw new NotAllowedError(
        'Sign-in failed: the identity provider sent no sub or cognito:username claim.',
      );
    }
    const userPoolId =
      typeof claims.iss === 'string'
        ? COGNITO_ISSUER.exec(claims.iss)?.[1]
        : undefined;

    const ingested = await ifFound(() =>
      ctx.signInWithCatalogUser({
        annotations: {
          [cognitoAnnotations.sub]: sub,
          ...(userPoolId && { [cognitoAnnotations.userPoolId]: userPoolId }),
        },
      }),
    );
    if (ingested) return ingested;

    const name = userEntityName(
      { username, email: typeof email === 'string' ? email : undefined },
      claim,
    );
    const userEntityRef = stringifyEntityRef({
      kind: 'User',
      namespace: 'default',
      name,
    });
    const named = await ifFound(() =>
      ctx.findCatalogUser({ entityRef: userEntityRef }),
    );
    if (named) {
      if (
        named.entity.metadata.annotations?.[cognitoAnnotations.sub] !==
        undefined
      ) {
        // Someone else of the pool has this name: never sign in as them.
        throw new NotAllowedError(`${unknownUser} (username: ${username})`);
      }
      return ctx.signInWithCatalogUser({ entityRef: userEntityRef });
    }

    if (firstSignIn === 'refuse') {
      throw new NotAllowedError(`${unknownUser} (username: ${username})`);
    }
    return ctx.issueToken({
      claims: {
        sub: userEntityRef,
        ent: [userEntityRef, ...groupRefs(claims['cognito:groups'])],
      },
    });
  };
}

function groupRefs(groups: unknown): string[] {
  if (!Array.isArray(groups)) return [];
  return groups
    .filter(
      (group): group is string => typeof group === 'string' && group !== '',
    )
    .map(group =>
      stringifyEntityRef({
        kind: 'Group',
        namespace: 'default',
        name: groupEntityName(group),
      }),
    );
}

/** The result, or undefined when the catalog has no such entity. */
async function ifFound<T>(lookup: () => Promise<T>): Promise<T | undefined> {
  try {
    return await lookup();
  } catch (error) {
    if ((error as Error)?.name === NotFoundError.name) return undefined;
    throw error;
  }
}

const resolverOptionsSchema = z
  .object({
    claim: z.enum(['username', 'email']).optional(),
    firstSignIn: z.enum(['claims', 'refuse']).optional(),
    unknownUserMessage: z.string().optional(),
  })
  .strict()
  .optional();

export const cognitoUserToCatalogUser = createSignInResolverFactory({
  // plugin-auth-node validates with its own zod copy; the shapes are the same.
  optionsSchema: resolverOptionsSchema as any,
  create(options: unknown) {
    return cognitoUserResolver((options ?? {}) as CognitoResolverOptions);
  },
});

/**
 * Sign-in through the portal's Cognito user pool (Backstage's OIDC
 * provider), resolving the Cognito user to the catalog's user entity.
 * Local mode points the same provider at the local OIDC stand-in.
 */
export const cognitoSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'cognito-sign-in',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: oidcAuthenticator,
            signInResolverFactories: { cognitoUserToCatalogUser },
          }),
        });
      },
    });
  },
});

import { createBackendModule } from '@backstage/backend-plugin-api';
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
import { z } from 'zod/v3';

type CognitoClaims = Record<string, unknown> & {
  'cognito:username'?: string;
  email?: string;
};

/** Options of the `cognitoUserToCatalogUser` resolver in app-config. */
export interface CognitoResolverOptions {
  /** Which claim names the catalog user: the Cognito username (entity name) or the email (spec.profile.email). */
  claim?: 'username' | 'email';
  /** What to tell users the catalog does not know. */
  unknownUserMessage?: string;
}

const DEFAULT_UNKNOWN_USER_MESSAGE =
  'You signed in, but the portal has no user for you yet. Ask your portal administrators to add you.';

/** The claims of the ID token, completed by the userinfo endpoint. */
export function cognitoClaims(result: OidcAuthResult): CognitoClaims {
  const idToken = (result.tokenset.claims?.() ?? {}) as CognitoClaims;
  return { ...(result.userinfo as CognitoClaims), ...idToken };
}

export function cognitoUserResolver(
  options: CognitoResolverOptions = {},
): SignInResolver<OAuthAuthenticatorResult<OidcAuthResult>> {
  const claim = options.claim ?? 'username';
  const unknownUser =
    options.unknownUserMessage ?? DEFAULT_UNKNOWN_USER_MESSAGE;
  return async (info, ctx) => {
    const claims = cognitoClaims(info.result.fullProfile);
    const value = claim === 'email' ? claims.email : claims['cognito:username'];
    if (typeof value !== 'string' || value === '') {
      throw new NotAllowedError(
        `Sign-in failed: the identity provider sent no ${
          claim === 'email' ? 'email' : 'cognito:username'
        } claim.`,
      );
    }
    try {
      return await ctx.signInWithCatalogUser(
        claim === 'email'
          ? { filter: { kind: 'User', 'spec.profile.email': value } }
          : { entityRef: { kind: 'User', name: value } },
      );
    } catch (error) {
      if ((error as Error)?.name === NotFoundError.name) {
        throw new NotAllowedError(`${unknownUser} (${claim}: ${value})`);
      }
      throw error;
    }
  };
}

const resolverOptionsSchema = z
  .object({
    claim: z.enum(['username', 'email']).optional(),
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

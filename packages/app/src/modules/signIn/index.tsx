import { OAuth2 } from '@backstage/core-app-api';
import {
  SignInPage,
  type SignInProviderConfig,
} from '@backstage/core-components';
import {
  ApiBlueprint,
  configApiRef,
  createApiRef,
  createFrontendModule,
  discoveryApiRef,
  oauthRequestApiRef,
  useApi,
  type BackstageIdentityApi,
  type OpenIdConnectApi,
  type ProfileInfoApi,
  type SessionApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  type SignInPageProps,
} from '@backstage/plugin-app-react';

/**
 * Sign-in through the portal's Cognito user pool, via the backend's `oidc`
 * provider (packages/backend/src/modules/cognitoSignIn.ts). In local mode
 * the same flow runs against the local OIDC stand-in.
 */
export const cognitoAuthApiRef = createApiRef<
  OpenIdConnectApi & ProfileInfoApi & BackstageIdentityApi & SessionApi
>({ id: 'auth.cognito' });

const cognitoAuthApi = ApiBlueprint.make({
  name: 'cognito',
  params: defineParams =>
    defineParams({
      api: cognitoAuthApiRef,
      deps: {
        configApi: configApiRef,
        discoveryApi: discoveryApiRef,
        oauthRequestApi: oauthRequestApiRef,
      },
      factory: ({ configApi, discoveryApi, oauthRequestApi }) =>
        OAuth2.create({
          configApi,
          discoveryApi,
          oauthRequestApi,
          provider: { id: 'oidc', title: 'Company sign-in', icon: () => null },
          environment: configApi.getOptionalString('auth.environment'),
          defaultScopes: ['openid', 'profile', 'email'],
        }),
    }),
});

const cognitoProvider: SignInProviderConfig = {
  id: 'cognito-auth-provider',
  title: 'Company sign-in',
  message: 'Sign in with your corporate account',
  apiRef: cognitoAuthApiRef,
};

function PortalSignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  // Guest sign-in exists only in local mode (development).
  const local =
    configApi.getOptionalString('auth.environment') === 'development';
  return (
    <SignInPage
      {...props}
      title="SageMaker Studio Portal"
      align="center"
      providers={local ? [cognitoProvider, 'guest'] : [cognitoProvider]}
    />
  );
}

const signInPage = SignInPageBlueprint.make({
  params: { loader: async () => PortalSignInPage },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [cognitoAuthApi, signInPage],
});

/*
 * The portal's backend: Backstage's core plugins, the SageMaker Studio
 * plugin, the Cognito catalog provider, the portal's permission policy and,
 * in local mode only, the embedded AWS stand-ins.
 */
// First: fails fast, naming it, when a variable the config needs is missing.
import './production/failFastOnMissingVariables';
import { createBackend } from '@backstage/backend-defaults';
import { localCognitoServiceFactory } from './localMode/localCognito';
import { localAwsModule } from './localMode/module';
import {
  localCognitoCatalogModule,
  localSignInModule,
} from './localMode/signInModule';
import { cognitoSignInModule } from './modules/cognitoSignIn';
import { studioPortalPermissionPolicyModule } from './modules/permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in through Cognito (OIDC); in local mode through the OIDC stand-in.
// The guest provider is enabled by app-config.yaml (local mode) only.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(cognitoSignInModule);
backend.add(localSignInModule);
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// Users and groups, from the Cognito user pool (catalog.providers.cognitoUserPool).
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@studio-portal/plugin-catalog-backend-module-cognito'));

// Local mode's Cognito stand-in pool, shared by the local sign-in and the
// catalog provider (nothing starts unless sagemakerStudio.local.enabled).
backend.add(localCognitoServiceFactory);
backend.add(localCognitoCatalogModule);

// Permissions with the portal's own policy (not allow-all).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(studioPortalPermissionPolicyModule);

// SageMaker Studio, and the local stand-ins when sagemakerStudio.local.enabled.
backend.add(import('@studio-portal/plugin-sagemaker-studio-backend'));
backend.add(localAwsModule);

// Backstage logs why; exit, so that ECS replaces the task at once instead of
// leaving a process that never becomes ready.
backend.start().catch(() => process.exit(1));

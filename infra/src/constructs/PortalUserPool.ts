import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  acknowledge,
  acknowledgeAwsCustomResourceProvider,
} from './acknowledge';
import { USER_POOL_READ_ACTIONS } from '@studio-portal/plugin-catalog-backend-module-cognito';
import { Construct } from 'constructs';

export interface PortalUserPoolProps {
  /** Backstage base URL; the OIDC callback is derived from it. */
  readonly baseUrl: string;
  readonly domainPrefix: string;
  readonly mfa: 'REQUIRED' | 'OPTIONAL';
  readonly threatProtection: 'ENFORCED' | 'AUDIT';
  /** Cognito groups to create, e.g. studio-admins. */
  readonly groups: string[];
  /**
   * Customer managed key of the client secret's copy in Secrets Manager
   * (the portal's task execution role decrypts with it).
   * @default - the account's aws/secretsmanager key
   */
  readonly secretKey?: kms.IKey;
}

/** Backstage's OIDC sign-in handler (auth provider id `oidc`). */
export function oidcCallbackUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/auth/oidc/handler/frame`;
}

/**
 * Cognito user pool for portal sign-in: admin-created users only, strong
 * passwords, MFA (TOTP), threat protection, a hosted UI domain and one
 * confidential OAuth code-flow client for Backstage.
 */
export class PortalUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  /** JSON secret {"clientSecret": ...} for the Backstage container. */
  readonly clientSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: PortalUserPoolProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa:
        props.mfa === 'REQUIRED' ? cognito.Mfa.REQUIRED : cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode:
        props.threatProtection === 'ENFORCED'
          ? cognito.StandardThreatProtectionMode.FULL_FUNCTION
          : cognito.StandardThreatProtectionMode.AUDIT_ONLY,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    for (const group of props.groups) {
      // L1 kept: the L2 UserPoolGroup means new logical ids, so CloudFormation would replace the deployed groups and their members.
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
      });
    }

    this.userPool.addDomain('HostedUi', {
      cognitoDomain: { domainPrefix: props.domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });

    this.client = this.userPool.addClient('Backstage', {
      generateSecret: true,
      preventUserExistenceErrors: true,
      authFlows: { userSrp: true },
      supportedIdentityProviders: [
        cognito.UserPoolClientIdentityProvider.COGNITO,
      ],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [
          cognito.OAuthScope.OPENID,
          cognito.OAuthScope.EMAIL,
          cognito.OAuthScope.PROFILE,
        ],
        callbackUrls: [oidcCallbackUrl(props.baseUrl)],
        logoutUrls: [props.baseUrl],
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
    });

    this.clientSecret = new secretsmanager.Secret(this, 'ClientSecret', {
      description:
        'OAuth client secret of the Backstage app client (copied from Cognito at deploy time)',
      secretObjectValue: { clientSecret: this.client.userPoolClientSecret },
      encryptionKey: props.secretKey,
    });
    acknowledge(
      this.clientSecret,
      'AwsSolutions-SMG4',
      'Cognito generates the app client secret and cannot rotate it in place; rotating means a new app client and a redeploy.',
    );
    // userPoolClientSecret reads the secret through CDK's AwsCustomResource.
    acknowledgeAwsCustomResourceProvider(
      Stack.of(this),
      'reads the Cognito client secret once per deploy',
    );
  }

  /**
   * What the portal's Cognito catalog provider calls (ListUsers, ListGroups,
   * ListUsersInGroup), on this pool only. Sign-in itself is OAuth against
   * the pool's domain and needs no IAM permission.
   */
  grantDirectoryRead(grantee: iam.IGrantable): iam.Grant {
    return this.userPool.grant(grantee, ...USER_POOL_READ_ACTIONS);
  }
}

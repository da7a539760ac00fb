import { CfnElement, CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { resolve } from 'node:path';
import { Construct } from 'constructs';
import type { AppConfig } from '../config/schema';
import { acknowledge, nagAttRef } from '../constructs/acknowledge';
import { MappingTables } from '../constructs/MappingTables';
import { PortalService, PortalImage } from '../constructs/PortalService';
import { PortalUserPool } from '../constructs/PortalUserPool';
import { SHARED_SUBNETS } from '../constructs/SharedVpc';
import { accessRoleArn } from '../naming';

export interface SharedAccessStackProps extends StackProps {
  config: AppConfig;
  /** Directory of the config file (relative image asset paths). */
  configDir: string;
  vpc: ec2.IVpc;
}

/** Cognito group whose members administer the mappings in the portal. */
export const ADMIN_GROUP = 'studio-admins';

/** Shared-services access: sign-in, the mapping tables and the Backstage service. */
export class SharedAccessStack extends Stack {
  readonly tables: MappingTables;
  readonly userPool: PortalUserPool;
  readonly portal: PortalService;

  constructor(scope: Construct, id: string, props: SharedAccessStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.userPool = new PortalUserPool(this, 'SignIn', {
      baseUrl: config.portal.baseUrl,
      domainPrefix: config.cognito.domainPrefix,
      mfa: config.cognito.mfa,
      threatProtection: config.cognito.threatProtection,
      groups: [ADMIN_GROUP],
    });

    this.tables = new MappingTables(this, 'Mappings', {
      lobsTableName: config.tables.lobs,
      membershipsTableName: config.tables.memberships,
    });

    const secretRef = (constructId: string, arn: string) =>
      secretsmanager.Secret.fromSecretCompleteArn(this, constructId, arn);
    const image: PortalImage =
      'assetDirectory' in config.portal.image
        ? {
            assetDirectory: resolve(
              props.configDir,
              config.portal.image.assetDirectory,
            ),
          }
        : config.portal.image;
    const { region } = config.sharedServices;

    this.portal = new PortalService(this, 'Portal', {
      vpc: props.vpc,
      subnets: props.vpc.selectSubnets({ subnetGroupName: SHARED_SUBNETS.app })
        .subnets,
      clientCidrs: [config.sharedServices.vpcCidr, ...config.corporate.cidrs],
      certificateArn: config.portal.certificateArn,
      image,
      taskRoleName: config.portal.taskRoleName,
      desiredCount: config.portal.desiredCount,
      cpu: config.portal.cpu,
      memoryMiB: config.portal.memoryMiB,
      // Backstage reads APP_CONFIG_<path> variables as configuration overrides.
      environment: {
        APP_CONFIG_app_baseUrl: config.portal.baseUrl,
        APP_CONFIG_backend_baseUrl: config.portal.baseUrl,
        APP_CONFIG_auth_environment: 'production',
        APP_CONFIG_auth_providers_oidc_production_metadataUrl: `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPool.userPoolId}/.well-known/openid-configuration`,
        APP_CONFIG_auth_providers_oidc_production_clientId:
          this.userPool.client.userPoolClientId,
        APP_CONFIG_sagemakerStudio_mappings_region: region,
        APP_CONFIG_sagemakerStudio_mappings_lobsTable:
          this.tables.lobs.tableName,
        APP_CONFIG_sagemakerStudio_mappings_membershipsTable:
          this.tables.memberships.tableName,
        APP_CONFIG_sagemakerStudio_access_roleName: config.access.roleName,
        APP_CONFIG_sagemakerStudio_access_profileTagKey:
          config.access.profileTagKey,
        AWS_REGION: region,
        AWS_STS_REGIONAL_ENDPOINTS: 'regional',
      },
      secrets: [
        {
          env: 'APP_CONFIG_sagemakerStudio_access_externalId',
          secret: secretRef(
            'ExternalIdSecret',
            config.access.externalIdSecret.arn,
          ),
          jsonField: config.access.externalIdSecret.jsonField,
        },
        {
          env: 'APP_CONFIG_auth_providers_oidc_production_clientSecret',
          secret: this.userPool.clientSecret,
          jsonField: 'clientSecret',
        },
        ...config.portal.secrets.map((s, i) => ({
          env: s.env,
          secret: secretRef(`ExtraSecret${i}`, s.arn),
          jsonField: s.jsonField,
        })),
      ],
      accessRoleArns: [
        ...new Set(config.lobs.map(lob => accessRoleArn(config, lob))),
      ],
    });
    this.tables.lobs.grantReadWriteData(this.portal.taskRole);
    this.tables.memberships.grantReadWriteData(this.portal.taskRole);
    const membershipsArn = nagAttRef(
      this.tables.memberships.node.defaultChild as CfnElement,
      'Arn',
    );
    acknowledge(
      this.portal.taskRole,
      `AwsSolutions-IAM5[Resource::${membershipsArn}/index/*]`,
      "The backend queries the memberships index byLob; the wildcard covers only that table's indexes.",
    );

    new CfnOutput(this, 'UserPoolId', {
      value: this.userPool.userPool.userPoolId,
    });
    new CfnOutput(this, 'PortalLoadBalancerDns', {
      value: this.portal.loadBalancer.loadBalancerDnsName,
      description:
        'Alias the portal host name (corporate DNS or a private zone) to this',
    });
    new CfnOutput(this, 'PortalTaskRoleArn', {
      value: this.portal.taskRole.roleArn,
    });
  }
}

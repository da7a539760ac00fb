import {
  Annotations,
  CfnElement,
  CfnOutput,
  RemovalPolicy,
  Stack,
  StackProps,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Construct } from 'constructs';
import type { AppConfig } from '../config/schema';
import { acknowledge, nagAttRef } from '../constructs/acknowledge';
import { MappingTables } from '../constructs/MappingTables';
import { PortalCache } from '../constructs/PortalCache';
import { PortalDatabase } from '../constructs/PortalDatabase';
import { PortalImage, PortalService } from '../constructs/PortalService';
import { PortalUserPool } from '../constructs/PortalUserPool';
import { SHARED_SUBNETS } from '../constructs/SharedVpc';
import { ACCESS_OUTPUTS, accessRoleArn } from '../naming';
import { portalContainerVariables } from './portalContainer';

export interface SharedAccessStackProps extends StackProps {
  readonly config: AppConfig;
  readonly vpc: ec2.IVpc;
  /**
   * The ECR repository of `portal.image.source: ecr` (the registry stack's).
   * @default - the image is built from this repository (a Docker image asset)
   */
  readonly imageRepository?: ecr.IRepository;
}

/**
 * The repository root: the Docker build context of the Backstage image
 * (packages/backend/Dockerfile; the root .dockerignore picks what is sent).
 * infra always runs from source (never bundled), so __dirname is stable.
 */
// eslint-disable-next-line no-restricted-syntax
export const IMAGE_BUILD_CONTEXT = resolve(__dirname, '../../..');
export const IMAGE_DOCKERFILE = 'packages/backend/Dockerfile';
/** What `yarn build:backend` writes and the Dockerfile copies. */
const IMAGE_BUILD_OUTPUTS = ['skeleton.tar.gz', 'bundle.tar.gz'].map(file =>
  resolve(IMAGE_BUILD_CONTEXT, 'packages/backend/dist', file),
);

/** Cognito group whose members administer the mappings in the portal. */
export const ADMIN_GROUP = 'studio-admins';

/** Shared-services access: sign-in, the mapping tables and the Backstage service. */
export class SharedAccessStack extends Stack {
  readonly tables: MappingTables;
  readonly userPool: PortalUserPool;
  readonly portal: PortalService;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: SharedAccessStackProps) {
    super(scope, id, props);
    const { config } = props;

    // One customer managed key for everything the portal keeps: the
    // database, the cache, the generated secrets, the Cognito client secret.
    this.key = new kms.Key(this, 'PortalKey', {
      description: `${config.prefix}: Backstage database, cache and secrets`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.userPool = new PortalUserPool(this, 'SignIn', {
      secretKey: this.key,
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

    const { region } = config.sharedServices;
    const prefix = config.prefix;
    const dataSubnets = props.vpc.selectSubnets({
      subnetGroupName: SHARED_SUBNETS.data,
    }).subnets;
    const appSubnets = props.vpc.selectSubnets({
      subnetGroupName: SHARED_SUBNETS.app,
    }).subnets;

    const database = new PortalDatabase(this, 'Database', {
      vpc: props.vpc,
      subnets: dataSubnets,
      encryptionKey: this.key,
      instanceIdentifier: `${prefix}-backstage`,
      instanceType: new ec2.InstanceType(config.portal.database.instanceType),
      allocatedStorageGiB: config.portal.database.allocatedStorageGiB,
      maxAllocatedStorageGiB: config.portal.database.maxAllocatedStorageGiB,
      multiAz: config.portal.database.multiAz,
      backupRetentionDays: config.portal.database.backupRetentionDays,
      deletionProtection: config.portal.database.deletionProtection,
      rotationSubnets: appSubnets,
      rotationDays: config.portal.database.rotationDays,
    });
    // Always, even for one task: a rolling deployment runs old and new
    // tasks side by side, and each would otherwise keep its own mappings.
    const cache = new PortalCache(this, 'Cache', {
      vpc: props.vpc,
      subnets: dataSubnets,
      encryptionKey: this.key,
      replicationGroupId: `${prefix}-cache`,
      nodeType: config.portal.cache.nodeType,
      replicas: config.portal.cache.replicas,
    });
    const generatedSecret = (constructId: string, description: string) => {
      const secret = new secretsmanager.Secret(this, constructId, {
        description,
        encryptionKey: this.key,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
      });
      acknowledge(
        secret,
        'AwsSolutions-SMG4',
        'Backstage reads it once at start: rotating means a new value and a new deployment of the service (docs/deployment.md), which a rotation Lambda cannot do.',
      );
      return secret;
    };
    const externalIdSecret = secretsmanager.Secret.fromSecretAttributes(
      this,
      'ExternalIdSecret',
      {
        secretCompleteArn: config.access.externalIdSecret.arn,
      },
    );

    const variables = portalContainerVariables({
      baseUrl: config.portal.baseUrl,
      region,
      userPoolId: this.userPool.userPool.userPoolId,
      oidc: {
        metadataUrl: `https://cognito-idp.${region}.amazonaws.com/${this.userPool.userPool.userPoolId}/.well-known/openid-configuration`,
        clientId: this.userPool.client.userPoolClientId,
        clientSecret: this.userPool.clientSecret,
      },
      tables: {
        lobs: this.tables.lobs.tableName,
        memberships: this.tables.memberships.tableName,
      },
      access: {
        roleName: config.access.roleName,
        profileTagKey: config.access.profileTagKey,
        externalId: {
          secret: externalIdSecret,
          jsonField: config.access.externalIdSecret.jsonField,
        },
      },
      database: {
        host: database.instance.dbInstanceEndpointAddress,
        port: database.instance.dbInstanceEndpointPort,
        secret: database.secret,
      },
      cache: {
        host: cache.host,
        port: cache.port,
        authToken: cache.authToken,
      },
      sessionSecret: generatedSecret(
        'SessionSecret',
        'Backstage auth.session.secret (AUTH_SESSION_SECRET)',
      ),
    });

    const image: PortalImage =
      config.portal.image.source === 'ecr'
        ? {
            kind: 'ecr',
            repository: props.imageRepository!,
            tag: config.portal.image.tag,
          }
        : {
            kind: 'asset',
            directory: IMAGE_BUILD_CONTEXT,
            file: IMAGE_DOCKERFILE,
          };
    if (image.kind === 'asset' && !IMAGE_BUILD_OUTPUTS.every(existsSync)) {
      // Synthesis works without them; `docker build` in `cdk deploy` would not.
      Annotations.of(this).addWarningV2(
        'studio-portal:image-not-built',
        'The Backstage image is built from packages/backend/dist, which is incomplete: run `yarn build:backend` before `cdk deploy`.',
      );
    }
    this.portal = new PortalService(this, 'Portal', {
      vpc: props.vpc,
      subnets: appSubnets,
      clientCidrs: [config.sharedServices.vpcCidr, ...config.corporate.cidrs],
      certificateArn: config.portal.certificateArn,
      image,
      taskRoleName: config.portal.taskRoleName,
      desiredCount: config.portal.desiredCount,
      cpu: config.portal.cpu,
      memoryMiB: config.portal.memoryMiB,
      environment: variables.environment,
      secrets: variables.secrets,
      accessRoleArns: [
        ...new Set(config.lobs.map(lob => accessRoleArn(config, lob))),
      ],
    });
    // CDK's grant cannot reach an imported key's policy and drops the
    // statement for the execution role: state it in the role's own policy.
    this.portal.taskDefinition.obtainExecutionRole().addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'DecryptTheExternalIdThroughSecretsManager',
        actions: ['kms:Decrypt'],
        resources: [config.access.externalIdSecret.kmsKeyArn],
        conditions: {
          StringEquals: {
            'kms:ViaService': `secretsmanager.${region}.amazonaws.com`,
          },
        },
      }),
    );
    // The catalog provider reads the pool's users and groups; nothing else.
    this.userPool.grantDirectoryRead(this.portal.taskRole);
    database.allowFrom(this.portal.service, 'the portal tasks');
    cache.allowFrom(this.portal.service, 'the portal tasks');
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

    // Read by `yarn seed --cdk-outputs` (nothing is copied by hand).
    const seedOutputs: Record<keyof typeof ACCESS_OUTPUTS, string> = {
      region,
      lobsTable: this.tables.lobs.tableName,
      membershipsTable: this.tables.memberships.tableName,
      userPoolId: this.userPool.userPool.userPoolId,
    };
    for (const [field, outputId] of Object.entries(ACCESS_OUTPUTS)) {
      new CfnOutput(this, outputId, {
        value: seedOutputs[field as keyof typeof ACCESS_OUTPUTS],
      });
    }
    new CfnOutput(this, 'PortalClusterName', {
      value: this.portal.service.cluster.clusterName,
    });
    new CfnOutput(this, 'PortalServiceName', {
      value: this.portal.service.serviceName,
      description:
        'aws ecs update-service --force-new-deployment after rotating a secret',
    });
    new CfnOutput(this, 'DatabaseSecretArn', {
      value: database.secret.secretArn,
    });
    new CfnOutput(this, 'CacheAuthTokenSecretArn', {
      value: cache.authToken.secretArn,
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

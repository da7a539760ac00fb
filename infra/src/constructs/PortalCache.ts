import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge';
import { restrictedSecurityGroup } from './securityGroups';

export interface PortalCacheProps {
  readonly vpc: ec2.IVpc;
  /** Isolated subnets in at least two AZs. */
  readonly subnets: ec2.ISubnet[];
  /** Customer managed key for the cache at rest and its AUTH token secret. */
  readonly encryptionKey: kms.IKey;
  /** Replication group id (also its name in the console). */
  readonly replicationGroupId: string;
  /** @default cache.t4g.micro */
  readonly nodeType?: string;
  /**
   * Read replicas next to the primary; with one or more, ElastiCache fails
   * over to another AZ.
   * @default 1
   */
  readonly replicas?: number;
}

export const CACHE_PORT = 6379;

/**
 * The portal replicas' shared cache (Backstage's cache service): ElastiCache
 * for Valkey in isolated subnets, TLS required, encrypted at rest with the
 * portal's key, an AUTH token generated in Secrets Manager, reachable only
 * from the peers allowed with `allowFrom` (the portal tasks). It holds LOB
 * and membership lookups only, never credentials or URLs.
 */
export class PortalCache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  /** Plain-text secret: the AUTH token. */
  readonly authToken: secretsmanager.Secret;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: PortalCacheProps) {
    super(scope, id);
    const replicas = props.replicas ?? 1;
    this.securityGroup = restrictedSecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Backstage cache: Valkey (TLS) from the portal tasks only',
    });
    // L1: ElastiCache has no L2 in aws-cdk-lib (only in an alpha module).
    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'Subnets', {
      description: 'Backstage cache: isolated data subnets',
      subnetIds: props.subnets.map(subnet => subnet.subnetId),
    });
    this.authToken = new secretsmanager.Secret(this, 'AuthToken', {
      description: 'AUTH token of the Backstage cache (Valkey)',
      encryptionKey: props.encryptionKey,
      generateSecretString: {
        // Letters and digits only: it is part of a rediss:// URL.
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    acknowledge(
      this.authToken,
      'AwsSolutions-SMG4',
      'ElastiCache rotates an AUTH token only through ModifyReplicationGroup (strategy ROTATE, then SET) and the tasks read it at start: an operator procedure (docs/deployment.md), not a Lambda.',
    );

    // L1: ElastiCache has no L2 in aws-cdk-lib (only in an alpha module).
    this.replicationGroup = new elasticache.CfnReplicationGroup(
      this,
      'ReplicationGroup',
      {
        replicationGroupId: props.replicationGroupId,
        replicationGroupDescription:
          'Backstage cache shared by the portal replicas',
        engine: 'valkey',
        engineVersion: '8.0',
        cacheNodeType: props.nodeType ?? 'cache.t4g.micro',
        numCacheClusters: 1 + replicas,
        automaticFailoverEnabled: replicas > 0,
        multiAzEnabled: replicas > 0,
        port: CACHE_PORT,
        cacheSubnetGroupName: subnetGroup.ref,
        securityGroupIds: [this.securityGroup.securityGroupId],
        transitEncryptionEnabled: true,
        transitEncryptionMode: 'required',
        atRestEncryptionEnabled: true,
        kmsKeyId: props.encryptionKey.keyArn,
        authToken: this.authToken.secretValue.unsafeUnwrap(),
        autoMinorVersionUpgrade: true,
        // A cache: nothing in it is worth a snapshot.
        snapshotRetentionLimit: 0,
      },
    );

    acknowledge(
      this.replicationGroup,
      'AwsSolutions-AEC5',
      'Reachable only from the portal tasks (security group) with TLS and an AUTH token; a non-default port would add no protection.',
    );
    if (replicas === 0) {
      acknowledge(
        this.replicationGroup,
        'AwsSolutions-AEC4',
        'No replica chosen in the config (portal.cache.replicas: 0): the cache is unavailable while its one node is replaced.',
      );
    }
  }

  /** Admits Valkey from `peer` (the portal tasks). */
  allowFrom(peer: ec2.IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(
      peer,
      ec2.Port.tcp(CACHE_PORT),
      `Valkey from ${description}`,
    );
  }

  get host(): string {
    return this.replicationGroup.attrPrimaryEndPointAddress;
  }

  get port(): string {
    return this.replicationGroup.attrPrimaryEndPointPort;
  }
}

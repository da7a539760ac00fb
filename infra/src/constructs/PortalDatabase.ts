import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './acknowledge';
import { restrictedSecurityGroup } from './securityGroups';

export interface PortalDatabaseProps {
  readonly vpc: ec2.IVpc;
  /** Isolated subnets in at least two AZs (no route out of the VPC). */
  readonly subnets: ec2.ISubnet[];
  /** Customer managed key for the storage, the snapshots and the credentials secret. */
  readonly encryptionKey: kms.IKey;
  /** DB identifier, also the name of its log groups. */
  readonly instanceIdentifier: string;
  /**
   * RDS instance class.
   * @default t4g.micro
   */
  readonly instanceType?: ec2.InstanceType;
  /** @default 20 */
  readonly allocatedStorageGiB?: number;
  /**
   * Storage autoscaling ceiling.
   * @default 100
   */
  readonly maxAllocatedStorageGiB?: number;
  /** @default true */
  readonly multiAz?: boolean;
  /** @default 7 */
  readonly backupRetentionDays?: number;
  /**
   * Refuse deletion; a stack deletion keeps a final snapshot either way.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Subnets of the password rotation function: it needs Secrets Manager
   * (an interface endpoint) and the database.
   */
  readonly rotationSubnets: ec2.ISubnet[];
  /**
   * Days between automatic password rotations; 0 rotates on demand only.
   * @default 0
   */
  readonly rotationDays?: number;
}

/** PostgreSQL's port, stated so that security group rules carry a number, not a deploy-time value. */
export const DATABASE_PORT = 5432;

/** Name of the master user Backstage connects as (it creates one database per plugin). */
export const DATABASE_USER = 'backstage';

/**
 * Backstage's PostgreSQL: RDS in isolated subnets, reachable only from the
 * peers allowed with `allowFrom` (the portal tasks), TLS enforced by the
 * server, storage and credentials encrypted with the portal's key, the
 * password generated in Secrets Manager with a rotation function attached.
 */
export class PortalDatabase extends Construct {
  readonly instance: rds.DatabaseInstance;
  /** JSON secret with `username`, `password`, `host`, `port`, `dbname`. */
  readonly secret: secretsmanager.ISecret;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: PortalDatabaseProps) {
    super(scope, id);
    const multiAz = props.multiAz ?? true;
    const deletionProtection = props.deletionProtection ?? true;

    this.securityGroup = restrictedSecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Backstage database: PostgreSQL from the portal tasks only',
    });
    const engine = rds.DatabaseInstanceEngine.postgres({
      version: rds.PostgresEngineVersion.VER_17_9,
    });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', {
      engine,
      description: 'Backstage database: TLS only, connections logged',
      parameters: {
        // The default for PostgreSQL 15+, stated so that nobody turns it off.
        'rds.force_ssl': '1',
        log_connections: '1',
        log_disconnections: '1',
      },
    });
    // Created here (not by RDS) so that they have a retention and stay.
    const logGroups = ['postgresql', 'upgrade'].map(
      name =>
        new logs.LogGroup(this, `Logs-${name}`, {
          logGroupName: `/aws/rds/instance/${props.instanceIdentifier}/${name}`,
          retention: logs.RetentionDays.ONE_YEAR,
          removalPolicy: RemovalPolicy.RETAIN,
        }),
    );

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      instanceIdentifier: props.instanceIdentifier,
      engine,
      parameterGroup,
      instanceType:
        props.instanceType ??
        ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc: props.vpc,
      vpcSubnets: { subnets: props.subnets },
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      port: DATABASE_PORT,
      credentials: rds.Credentials.fromGeneratedSecret(DATABASE_USER, {
        encryptionKey: props.encryptionKey,
        // Characters that need escaping in a connection string or a shell.
        excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
      }),
      storageEncrypted: true,
      storageEncryptionKey: props.encryptionKey,
      storageType: rds.StorageType.GP3,
      allocatedStorage: props.allocatedStorageGiB ?? 20,
      maxAllocatedStorage: props.maxAllocatedStorageGiB ?? 100,
      multiAz,
      backupRetention: Duration.days(props.backupRetentionDays ?? 7),
      copyTagsToSnapshot: true,
      deletionProtection,
      // A deleted stack leaves a final snapshot, whatever deletionProtection says.
      removalPolicy: RemovalPolicy.SNAPSHOT,
      autoMinorVersionUpgrade: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      cloudwatchLogsExports: ['postgresql', 'upgrade'],
    });
    for (const logGroup of logGroups) {
      this.instance.node.addDependency(logGroup);
    }
    this.secret = this.instance.secret!;

    // Single-user rotation through Secrets Manager's hosted function.
    const rotationSecurityGroup = restrictedSecurityGroup(
      this,
      'RotationSecurityGroup',
      {
        vpc: props.vpc,
        description:
          'Backstage database password rotation: PostgreSQL and Secrets Manager only',
      },
    );
    rotationSecurityGroup.addEgressRule(
      this.securityGroup,
      ec2.Port.tcp(DATABASE_PORT),
      'PostgreSQL of the Backstage database',
    );
    rotationSecurityGroup.addEgressRule(
      ec2.Peer.ipv4(props.vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      'Secrets Manager interface endpoint in this VPC',
    );
    this.allowFrom(rotationSecurityGroup, 'the password rotation function');
    this.secret.addRotationSchedule('Rotation', {
      hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser({
        functionName: `${props.instanceIdentifier}-rotation`,
        vpc: props.vpc,
        vpcSubnets: { subnets: props.rotationSubnets },
        securityGroups: [rotationSecurityGroup],
      }),
      // 0 keeps the function but no schedule: ECS injects the password at
      // task start, so a rotation must be followed by a new deployment.
      automaticallyAfter: Duration.days(props.rotationDays ?? 0),
    });

    this.acknowledgeFindings(multiAz, deletionProtection, props.rotationDays);
  }

  /** Admits PostgreSQL from `peer` (the portal tasks). */
  allowFrom(peer: ec2.IConnectable, description: string): void {
    this.securityGroup.connections.allowFrom(
      peer,
      ec2.Port.tcp(DATABASE_PORT),
      `PostgreSQL from ${description}`,
    );
  }

  private acknowledgeFindings(
    multiAz: boolean,
    deletionProtection: boolean,
    rotationDays = 0,
  ) {
    acknowledge(
      this.instance,
      'AwsSolutions-RDS11',
      'Reachable only from the portal tasks and the rotation function (security group); a non-default port would add no protection.',
    );
    if (!multiAz) {
      acknowledge(
        this.instance,
        'AwsSolutions-RDS3',
        'Single-AZ chosen in the config (portal.database.multiAz: false): the portal is down while the AZ is.',
      );
    }
    if (!deletionProtection) {
      acknowledge(
        this.instance,
        'AwsSolutions-RDS10',
        'Deletion protection turned off in the config (portal.database.deletionProtection: false); a deleted stack still leaves a final snapshot.',
      );
    }
    if (rotationDays === 0) {
      // The generated secret itself (this.secret is its attachment).
      acknowledge(
        this.instance.node.findChild('Secret'),
        'AwsSolutions-SMG4',
        'The rotation function is installed but runs on demand: ECS injects the password at task start, so each rotation is followed by a new deployment (docs/deployment.md).',
      );
    }
  }
}

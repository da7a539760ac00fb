import { Duration, IgnoreMode, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { acknowledge } from './acknowledge';
import { cfnLintException } from './lintException';
import {
  allowFromNetworks,
  HTTPS,
  restrictedSecurityGroup,
} from './securityGroups';
import { Construct } from 'constructs';

/** Where the Backstage image comes from. */
export type PortalImage =
  | {
      /** Built by `cdk deploy` from a directory (a Docker image asset). */
      readonly kind: 'asset';
      readonly directory: string;
      /** Dockerfile, relative to `directory`. */
      readonly file: string;
    }
  | {
      /** Pushed to an ECR repository (created by the registry stack). */
      readonly kind: 'ecr';
      readonly repository: ecr.IRepository;
      readonly tag: string;
    };

export interface ContainerSecret {
  readonly secret: secretsmanager.ISecret;
  /** @default - the whole secret string */
  readonly jsonField?: string;
}

export interface PortalServiceProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  /** Networks allowed to open the portal (corporate users, the shared VPC). */
  readonly clientCidrs: string[];
  readonly certificateArn: string;
  readonly image: PortalImage;
  readonly taskRoleName: string;
  /** @default 2 */
  readonly desiredCount?: number;
  /** @default 1024 */
  readonly cpu?: number;
  /** @default 2048 */
  readonly memoryMiB?: number;
  /** Plain configuration only, by variable name; credentials go in `secrets`. */
  readonly environment: Record<string, string>;
  /** Variables the execution role reads from Secrets Manager at task start. */
  readonly secrets: Record<string, ContainerSecret>;
  /** Access roles in LOB accounts the task may assume (with tags and source identity). */
  readonly accessRoleArns: string[];
}

const BACKEND_PORT = 7007;

/**
 * Backstage on ECS Fargate behind an internal HTTPS load balancer. The task
 * role has a fixed name because LOB access roles trust it by ARN.
 */
export class PortalService extends Construct {
  readonly taskRole: iam.Role;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;

  constructor(scope: Construct, id: string, props: PortalServiceProps) {
    super(scope, id);
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.taskRole = new iam.Role(this, 'TaskRole', {
      roleName: props.taskRoleName,
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
        },
      }),
      description:
        'Backstage: reads the mapping tables and assumes LOB access roles',
    });
    if (props.accessRoleArns.length > 0) {
      this.taskRole.addToPolicy(
        new iam.PolicyStatement({
          sid: 'AssumeLobAccessRoles',
          actions: [
            'sts:AssumeRole',
            'sts:TagSession',
            'sts:SetSourceIdentity',
          ],
          resources: props.accessRoleArns,
        }),
      );
    }

    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: props.cpu ?? 1024,
      memoryLimitMiB: props.memoryMiB ?? 2048,
      taskRole: this.taskRole,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    taskDefinition.addContainer('backstage', {
      image: this.containerImage(props.image),
      portMappings: [{ containerPort: BACKEND_PORT }],
      environment: props.environment,
      // The execution role may read exactly these secrets (and decrypt
      // with their keys, through Secrets Manager only).
      secrets: Object.fromEntries(
        Object.entries(props.secrets).map(([name, s]) => [
          name,
          ecs.Secret.fromSecretsManager(s.secret, s.jsonField),
        ]),
      ),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'backstage', logGroup }),
      readonlyRootFilesystem: false,
    });

    this.taskDefinition = taskDefinition;
    acknowledge(
      taskDefinition,
      'AwsSolutions-ECS2',
      'Environment variables carry only non-secret settings (URLs, table names, client id); every credential comes from Secrets Manager.',
    );
    acknowledge(
      taskDefinition.obtainExecutionRole(),
      'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken, which ECS needs to pull the image, supports no resource-level permissions.',
    );

    const albSecurityGroup = restrictedSecurityGroup(this, 'AlbSecurityGroup', {
      vpc: props.vpc,
      description:
        'Portal load balancer: HTTPS from corporate and shared networks only',
    });
    allowFromNetworks(albSecurityGroup, props.clientCidrs, HTTPS);
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(
      this,
      'LoadBalancer',
      {
        vpc: props.vpc,
        internetFacing: false,
        vpcSubnets: { subnets: props.subnets },
        securityGroup: albSecurityGroup,
        dropInvalidHeaderFields: true,
      },
    );
    this.loadBalancer.logAccessLogs(this.accessLogBucket(), 'portal-alb');

    const serviceSecurityGroup = restrictedSecurityGroup(
      this,
      'ServiceSecurityGroup',
      {
        vpc: props.vpc,
        description:
          'Backstage tasks: from the portal load balancer; to HTTPS, the database and the cache',
      },
    );
    // AWS APIs (interface endpoints, DynamoDB through its gateway) and
    // Cognito's token endpoint (through the NAT gateway). The database and
    // the cache add their own rules with allowFrom.
    serviceSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to AWS APIs and Cognito',
    );
    this.service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: props.desiredCount ?? 2,
      vpcSubnets: { subnets: props.subnets },
      securityGroups: [serviceSecurityGroup],
      assignPublicIp: false,
      circuitBreaker: { rollback: true },
      // The first task creates Backstage's databases and runs its migrations.
      healthCheckGracePeriod: Duration.minutes(3),
      minHealthyPercent: 100,
    });

    const listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [
        acm.Certificate.fromCertificateArn(
          this,
          'Certificate',
          props.certificateArn,
        ),
      ],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
    });
    cfnLintException(
      listener,
      'E3002',
      "CloudFormation accepts Tags on listeners (CDK's L1 comes from its registry schema); cfn-lint 1.51's schema has no Tags there.",
    );
    listener.addTargets('Backstage', {
      port: BACKEND_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service],
      healthCheck: {
        path: '/.backstage/health/v1/readiness',
        healthyHttpCodes: '200',
        interval: Duration.seconds(30),
      },
      deregistrationDelay: Duration.seconds(30),
    });
  }

  private containerImage(image: PortalImage): ecs.ContainerImage {
    if (image.kind === 'asset') {
      // The directory's .dockerignore decides what is staged and sent to Docker.
      return ecs.ContainerImage.fromAsset(image.directory, {
        file: image.file,
        platform: Platform.LINUX_AMD64,
        ignoreMode: IgnoreMode.DOCKER,
      });
    }
    return ecs.ContainerImage.fromEcrRepository(image.repository, image.tag);
  }

  private accessLogBucket(): s3.Bucket {
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      // ALB access logs support only SSE-S3.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    acknowledge(
      bucket,
      'AwsSolutions-S1',
      'This bucket only receives load balancer access logs; its own access logs would log the logs.',
    );
    return bucket;
  }
}

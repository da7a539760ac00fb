import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
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
import { Construct } from 'constructs';

export type PortalImage =
  | { ecrRepositoryName: string; tag: string }
  | { assetDirectory: string };

export interface ContainerSecret {
  env: string;
  secret: secretsmanager.ISecret;
  jsonField?: string;
}

export interface PortalServiceProps {
  vpc: ec2.IVpc;
  subnets: ec2.ISubnet[];
  /** Networks allowed to open the portal (corporate users, the shared VPC). */
  clientCidrs: string[];
  certificateArn: string;
  image: PortalImage;
  taskRoleName: string;
  desiredCount: number;
  cpu: number;
  memoryMiB: number;
  /** Plain configuration only; credentials go in `secrets`. */
  environment: Record<string, string>;
  secrets: ContainerSecret[];
  /** Access roles in LOB accounts the task may assume (with tags and source identity). */
  accessRoleArns: string[];
}

const BACKEND_PORT = 7007;

/**
 * Backstage on ECS Fargate behind an internal HTTPS load balancer. The task
 * role has a fixed name because LOB access roles trust it by ARN.
 */
export class PortalService extends Construct {
  readonly taskRole: iam.Role;
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
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
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
      secrets: Object.fromEntries(
        props.secrets.map(s => [
          s.env,
          ecs.Secret.fromSecretsManager(s.secret, s.jsonField),
        ]),
      ),
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'backstage', logGroup }),
      readonlyRootFilesystem: false,
    });

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

    const albSecurityGroup = new ec2.SecurityGroup(this, 'AlbSecurityGroup', {
      vpc: props.vpc,
      description:
        'Portal load balancer: HTTPS from corporate and shared networks only',
      allowAllOutbound: false,
    });
    for (const cidr of props.clientCidrs) {
      albSecurityGroup.addIngressRule(
        ec2.Peer.ipv4(cidr),
        ec2.Port.tcp(443),
        `HTTPS from ${cidr}`,
      );
    }
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

    const serviceSecurityGroup = new ec2.SecurityGroup(
      this,
      'ServiceSecurityGroup',
      {
        vpc: props.vpc,
        description:
          'Backstage tasks: traffic from the portal load balancer only',
        allowAllOutbound: true,
      },
    );
    this.service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: props.desiredCount,
      vpcSubnets: { subnets: props.subnets },
      securityGroups: [serviceSecurityGroup],
      assignPublicIp: false,
      circuitBreaker: { rollback: true },
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
    if ('assetDirectory' in image) {
      return ecs.ContainerImage.fromAsset(image.assetDirectory);
    }
    const repository = ecr.Repository.fromRepositoryName(
      this,
      'Repository',
      image.ecrRepositoryName,
    );
    return ecs.ContainerImage.fromEcrRepository(repository, image.tag);
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

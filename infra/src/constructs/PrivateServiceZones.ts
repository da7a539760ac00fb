import { CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { acknowledge } from './acknowledge';
import { Construct } from 'constructs';
import { regionalDnsHandlerSource } from './regionalDnsEntry';

export interface ServiceZone {
  /** e.g. api.sagemaker.us-east-1.amazonaws.com */
  readonly zoneName: string;
  /** Record name inside the zone: '' for the apex, '*' for a wildcard. */
  readonly recordName: '' | '*';
  readonly endpoint: ec2.InterfaceVpcEndpoint;
}

export interface PrivateServiceZonesProps {
  readonly vpc: ec2.IVpc;
  readonly zones: ServiceZone[];
}

/**
 * Private hosted zones that point service names at interface endpoints
 * (as the reference design does for SageMaker API, Studio and STS).
 *
 * Why our own zones rather than the endpoints' private DNS: the names must
 * resolve to the shared endpoints from LOB VPCs and corporate DNS too, which
 * reach the shared VPC's resolver through the inbound endpoint. Why a custom
 * resource: the alias target must be the endpoint's regional DNS name, and
 * the order of `DnsEntries` is not guaranteed (CDK's InterfaceVpcEndpointTarget
 * and the reference template both take a fixed index). The handler picks the
 * entry by name instead.
 */
export class PrivateServiceZones extends Construct {
  readonly zones: Record<string, route53.PrivateHostedZone> = {};

  constructor(scope: Construct, id: string, props: PrivateServiceZonesProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Reads interface endpoint DNS entries for the private hosted zones',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ec2:DescribeVpcEndpoints'],
        resources: ['*'],
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'ec2:DescribeVpcEndpoints supports no resource-level permissions; the action is read-only.',
    );
    const handler = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline(regionalDnsHandlerSource()),
      timeout: Duration.seconds(60),
      role,
      logGroup,
      description: `Regional DNS names of interface endpoints (${stack.stackName})`,
    });

    for (const zone of props.zones) {
      const key = zone.zoneName.split('.').slice(0, 2).join('-');
      const entry = new CustomResource(this, `Entry-${key}`, {
        serviceToken: handler.functionArn,
        resourceType: 'Custom::VpcEndpointRegionalDns',
        properties: { VpcEndpointId: zone.endpoint.vpcEndpointId },
      });
      const hostedZone = new route53.PrivateHostedZone(this, `Zone-${key}`, {
        zoneName: zone.zoneName,
        vpc: props.vpc,
        comment: 'Points the service name at the shared interface endpoint',
      });
      new route53.ARecord(this, `Alias-${key}`, {
        zone: hostedZone,
        recordName: zone.recordName === '*' ? `*.${zone.zoneName}` : undefined,
        target: route53.RecordTarget.fromAlias({
          bind: () => ({
            dnsName: entry.getAttString('DnsName'),
            hostedZoneId: entry.getAttString('HostedZoneId'),
          }),
        }),
      });
      this.zones[zone.zoneName] = hostedZone;
    }
  }
}

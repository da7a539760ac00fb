import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface FlowLoggedVpcProps {
  readonly cidr: string;
  readonly maxAzs: number;
  readonly natGateways: number;
  readonly subnetConfiguration: ec2.SubnetConfiguration[];
  /** @default - none */
  readonly gatewayEndpoints?: Record<string, ec2.GatewayVpcEndpointOptions>;
}

/**
 * One of our VPCs (`Vpc` in `scope`), with every flow logged to CloudWatch
 * Logs for a year. Its default security group is left as AWS makes it
 * (restricting it takes a custom resource, a Lambda, in every stack).
 */
export function flowLoggedVpc(
  scope: Construct,
  props: FlowLoggedVpcProps,
): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(props.cidr),
    maxAzs: props.maxAzs,
    natGateways: props.natGateways,
    subnetConfiguration: props.subnetConfiguration,
    gatewayEndpoints: props.gatewayEndpoints,
    restrictDefaultSecurityGroup: false,
  });
  const logGroup = new logs.LogGroup(scope, 'FlowLogs', {
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  vpc.addFlowLog('FlowLog', {
    destination: ec2.FlowLogDestination.toCloudWatchLogs(logGroup),
    trafficType: ec2.FlowLogTrafficType.ALL,
  });
  return vpc;
}

import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { PublishedEndpoint } from '../naming';
import {
  allowFromNetworks,
  HTTPS,
  restrictedSecurityGroup,
} from './securityGroups';

export interface ServiceEndpointsProps {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.ISubnet[];
  /** Networks allowed to reach the endpoints on 443 (shared VPC, LOB VPCs, corporate). */
  readonly clientCidrs: string[];
}

/**
 * Centralised interface endpoints in the shared-services VPC, plus gateway
 * endpoints for DynamoDB (the portal's tables) and S3 (ECR image layers).
 *
 * SageMaker API, Studio and STS keep private DNS off: their names are served
 * by our own private hosted zones (PrivateServiceZones) so that the same
 * names resolve to these endpoints from LOB VPCs and corporate DNS through
 * the inbound resolver. The other endpoints use their own private DNS.
 */
export class ServiceEndpoints extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  readonly sagemakerApi: ec2.InterfaceVpcEndpoint;
  readonly sagemakerStudio: ec2.InterfaceVpcEndpoint;
  readonly sts: ec2.InterfaceVpcEndpoint;
  readonly all: Record<string, ec2.InterfaceVpcEndpoint> = {};

  constructor(scope: Construct, id: string, props: ServiceEndpointsProps) {
    super(scope, id);
    this.securityGroup = restrictedSecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description:
        'Interface endpoints: HTTPS from the shared, LOB and corporate networks only',
    });
    allowFromNetworks(this.securityGroup, props.clientCidrs, HTTPS);

    const add = (
      name: string,
      service: ec2.IInterfaceVpcEndpointService,
      privateDnsEnabled: boolean,
    ) => {
      const endpoint = props.vpc.addInterfaceEndpoint(name, {
        service,
        subnets: { subnets: props.subnets },
        securityGroups: [this.securityGroup],
        privateDnsEnabled,
        open: false,
      });
      this.all[name] = endpoint;
      return endpoint;
    };
    this.sagemakerApi = add(
      'SageMakerApi',
      ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_API,
      false,
    );
    this.sagemakerStudio = add(
      'SageMakerStudio',
      ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_STUDIO,
      false,
    );
    this.sts = add('Sts', ec2.InterfaceVpcEndpointAwsService.STS, false);
    add(
      'SageMakerRuntime',
      ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_RUNTIME,
      true,
    );
    add('Logs', ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, true);
    add('EcrApi', ec2.InterfaceVpcEndpointAwsService.ECR, true);
    add('EcrDkr', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, true);
    add(
      'SecretsManager',
      ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
      true,
    );

    props.vpc.addGatewayEndpoint('DynamoDb', {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
    });
    props.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
    });
  }

  /** The endpoints whose ids LOB access roles list in aws:sourceVpce. */
  published(): Record<PublishedEndpoint, ec2.InterfaceVpcEndpoint> {
    return {
      'sagemaker-api': this.sagemakerApi,
      'sagemaker-studio': this.sagemakerStudio,
    };
  }
}

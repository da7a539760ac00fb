import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { deployTimeAvailabilityZones } from './availabilityZones';
import type { AppConfig } from '../config/schema';
import { PrivateServiceZones } from '../constructs/PrivateServiceZones';
import { ResolverHub } from '../constructs/ResolverHub';
import { ServiceEndpoints } from '../constructs/ServiceEndpoints';
import { SharedParameters } from '../constructs/SharedParameters';
import { SHARED_SUBNETS, SharedVpc } from '../constructs/SharedVpc';
import { TransitHub } from '../constructs/TransitHub';
import {
  PUBLISHED_ENDPOINTS,
  corporateRuleKey,
  forwardedServiceDomains,
  sharedParameterNames,
} from '../naming';

export interface SharedNetworkStackProps extends StackProps {
  readonly config: AppConfig;
}

/** Shared-services network: VPC, endpoints, private DNS, resolvers, Transit Gateway. */
export class SharedNetworkStack extends Stack {
  /** AZs resolved at deploy time: no lookup, `cdk synth` stays offline. */
  override get availabilityZones(): string[] {
    return deployTimeAvailabilityZones();
  }

  readonly vpc: ec2.Vpc;
  readonly endpoints: ServiceEndpoints;

  constructor(scope: Construct, id: string, props: SharedNetworkStackProps) {
    super(scope, id, props);
    const { config } = props;
    const { region } = config.sharedServices;
    const lobAccounts = [...new Set(config.lobs.map(lob => lob.accountId))];
    const lobCidrs = config.lobs.map(lob => lob.vpcCidr);
    const corporateCidrs = config.corporate.cidrs;
    const share = {
      shareWith: lobAccounts,
      allowExternalPrincipals: config.sharedServices.allowExternalPrincipals,
    };

    const shared = new SharedVpc(this, 'Network', {
      cidr: config.sharedServices.vpcCidr,
      maxAzs: config.sharedServices.maxAzs,
      natGateways: config.sharedServices.natGateways,
    });
    this.vpc = shared.vpc;

    this.endpoints = new ServiceEndpoints(this, 'Endpoints', {
      vpc: this.vpc,
      subnets: shared.subnets(SHARED_SUBNETS.app),
      clientCidrs: [
        config.sharedServices.vpcCidr,
        ...lobCidrs,
        ...corporateCidrs,
      ],
    });

    new PrivateServiceZones(this, 'ServiceZones', {
      vpc: this.vpc,
      zones: [
        {
          zoneName: `api.sagemaker.${region}.amazonaws.com`,
          recordName: '',
          endpoint: this.endpoints.sagemakerApi,
        },
        {
          zoneName: `studio.${region}.sagemaker.aws`,
          recordName: '*',
          endpoint: this.endpoints.sagemakerStudio,
        },
        {
          zoneName: `sts.${region}.amazonaws.com`,
          recordName: '',
          endpoint: this.endpoints.sts,
        },
      ],
    });

    const corporateDns = config.corporate.dns;
    const resolver = new ResolverHub(this, 'Resolver', {
      vpc: this.vpc,
      subnets: shared.subnets(SHARED_SUBNETS.dns),
      clientCidrs: [
        config.sharedServices.vpcCidr,
        ...lobCidrs,
        ...corporateCidrs,
      ],
      serviceDomains: forwardedServiceDomains(region),
      corporateDns: corporateDns && {
        rules: Object.fromEntries(
          corporateDns.domains.map(d => [corporateRuleKey(d), d]),
        ),
        serverIps: corporateDns.serverIps,
      },
      namePrefix: config.prefix,
      ...share,
    });

    const transit = new TransitHub(this, 'Transit', {
      vpc: this.vpc,
      attachmentSubnets: shared.subnets(SHARED_SUBNETS.transit),
      // The resolver endpoints answer LOB and corporate clients and forward
      // to corporate DNS: their subnets need the same routes as the portal's.
      routedSubnets: [
        ...shared.subnets(SHARED_SUBNETS.app),
        ...shared.subnets(SHARED_SUBNETS.dns),
      ],
      lobCidrs,
      corporateCidrs,
      corporateAttachmentId: config.corporate.transitGatewayAttachmentId,
      namePrefix: config.prefix,
      ...share,
    });

    const names = sharedParameterNames(config.prefix);
    const published = this.endpoints.published();
    new SharedParameters(this, 'Published', {
      values: {
        ...Object.fromEntries(
          PUBLISHED_ENDPOINTS.map(name => [
            names.endpointId(name),
            published[name].vpcEndpointId,
          ]),
        ),
        [names.transitGatewayId]: transit.transitGateway.ref,
        ...Object.fromEntries(
          Object.entries(resolver.rules).map(([key, rule]) => [
            names.resolverRuleId(key),
            rule.attrResolverRuleId,
          ]),
        ),
      },
      shareName: `${config.prefix}-network-parameters`,
      ...share,
    });

    new CfnOutput(this, 'InboundResolverAddresses', {
      value: resolver.inboundAddresses.join(','),
      description:
        'Point corporate DNS conditional forwarders for the SageMaker and STS names here',
    });
    new CfnOutput(this, 'TransitGatewayId', {
      value: transit.transitGateway.ref,
    });
    new CfnOutput(this, 'LobRouteTableId', {
      value: transit.lobRouteTable.attrTransitGatewayRouteTableId,
      description: 'TGW route table of the LOB attachments (no LOB routes)',
    });
    new CfnOutput(this, 'SharedRouteTableId', {
      value: transit.sharedRouteTable.attrTransitGatewayRouteTableId,
      description:
        'TGW route table of the shared VPC and corporate attachments',
    });
  }
}

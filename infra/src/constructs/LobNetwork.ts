import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { flowLoggedVpc } from './vpc';

export interface LobNetworkProps {
  readonly cidr: string;
  readonly maxAzs: number;
  /** Transit Gateway id shared by the shared-services account. */
  readonly transitGatewayId: string;
  /** Shared-services and corporate CIDRs, reached through the TGW. */
  readonly remoteCidrs: string[];
  /** Shared resolver rule ids to associate with this VPC, keyed by rule key. */
  readonly resolverRuleIds: Record<string, string>;
  readonly namePrefix: string;
}

/**
 * A LOB's SageMaker VPC: isolated private subnets (no internet), an S3
 * gateway endpoint, a TGW attachment with routes to the shared and corporate
 * networks only (so LOBs do not reach each other), and the shared resolver
 * rules that send AWS service names to the shared endpoints.
 */
export class LobNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly studioSecurityGroup: ec2.SecurityGroup;
  readonly attachment: ec2.CfnTransitGatewayAttachment;

  constructor(scope: Construct, id: string, props: LobNetworkProps) {
    super(scope, id);
    this.vpc = flowLoggedVpc(this, {
      cidr: props.cidr,
      maxAzs: props.maxAzs,
      natGateways: 0,
      subnetConfiguration: [
        {
          name: 'studio',
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 22,
        },
        {
          name: 'transit',
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 28,
        },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });

    this.studioSecurityGroup = new ec2.SecurityGroup(
      this,
      'StudioSecurityGroup',
      {
        vpc: this.vpc,
        description:
          'SageMaker Studio apps: traffic between domain resources (incl. EFS/NFS) only',
        allowAllOutbound: true,
      },
    );
    this.studioSecurityGroup.addIngressRule(
      this.studioSecurityGroup,
      ec2.Port.allTraffic(),
      'Studio apps and the domain EFS talk to each other',
    );

    const studioSubnets = this.vpc.selectSubnets({
      subnetGroupName: 'studio',
    }).subnets;
    // L1: no transit gateway L2 in aws-cdk-lib.
    this.attachment = new ec2.CfnTransitGatewayAttachment(
      this,
      'TransitAttachment',
      {
        transitGatewayId: props.transitGatewayId,
        vpcId: this.vpc.vpcId,
        subnetIds: this.vpc.selectSubnets({ subnetGroupName: 'transit' })
          .subnetIds,
        tags: [{ key: 'Name', value: props.namePrefix }],
      },
    );
    studioSubnets.forEach((subnet, s) => {
      props.remoteCidrs.forEach((cidr, c) => {
        // L1: selectSubnets gives ISubnet, which has no addRoute.
        const route = new ec2.CfnRoute(this, `Route${s}-${c}`, {
          routeTableId: subnet.routeTable.routeTableId,
          destinationCidrBlock: cidr,
          transitGatewayId: props.transitGatewayId,
        });
        route.node.addDependency(this.attachment);
      });
    });

    for (const [key, resolverRuleId] of Object.entries(props.resolverRuleIds)) {
      // L1: Route 53 Resolver rules have no L2 in aws-cdk-lib.
      new route53resolver.CfnResolverRuleAssociation(this, `Rule-${key}`, {
        resolverRuleId,
        vpcId: this.vpc.vpcId,
      });
    }
  }

  get studioSubnetIds(): string[] {
    return this.vpc.selectSubnets({ subnetGroupName: 'studio' }).subnetIds;
  }
}

import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ram from 'aws-cdk-lib/aws-ram';
import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface TransitHubProps {
  vpc: ec2.IVpc;
  /** Subnets that hold the shared VPC's attachment ENIs. */
  attachmentSubnets: ec2.ISubnet[];
  /** Subnets whose route tables send LOB and corporate traffic to the TGW. */
  routedSubnets: ec2.ISubnet[];
  /** LOB VPC and corporate CIDRs reachable through the TGW. */
  remoteCidrs: string[];
  shareWith: string[];
  allowExternalPrincipals: boolean;
  namePrefix: string;
}

/**
 * The Transit Gateway that connects LOB VPCs (and, via VPN or Direct
 * Connect attachments added later, the corporate network) to the shared VPC.
 *
 * LOB attachments are created in the LOB accounts, so their ids are unknown
 * here. The TGW therefore auto-accepts attachments from accounts it is
 * shared with (RAM limits who that is) and associates and propagates every
 * attachment in its default route table. LOB-to-LOB traffic is still not
 * routed: each LOB VPC only routes the shared and corporate CIDRs to the TGW,
 * and security groups admit only the shared, LOB and corporate CIDRs.
 */
export class TransitHub extends Construct {
  readonly transitGateway: ec2.CfnTransitGateway;
  readonly attachment: ec2.CfnTransitGatewayAttachment;
  readonly share: ram.CfnResourceShare;

  constructor(scope: Construct, id: string, props: TransitHubProps) {
    super(scope, id);
    this.transitGateway = new ec2.CfnTransitGateway(this, 'TransitGateway', {
      description: `${props.namePrefix}: shared services and lines of business`,
      autoAcceptSharedAttachments: 'enable',
      defaultRouteTableAssociation: 'enable',
      defaultRouteTablePropagation: 'enable',
      dnsSupport: 'enable',
      vpnEcmpSupport: 'enable',
      tags: [{ key: 'Name', value: `${props.namePrefix}-tgw` }],
    });
    this.attachment = new ec2.CfnTransitGatewayAttachment(
      this,
      'SharedVpcAttachment',
      {
        transitGatewayId: this.transitGateway.ref,
        vpcId: props.vpc.vpcId,
        subnetIds: props.attachmentSubnets.map(subnet => subnet.subnetId),
        tags: [{ key: 'Name', value: `${props.namePrefix}-shared-services` }],
      },
    );

    props.routedSubnets.forEach((subnet, s) => {
      props.remoteCidrs.forEach((cidr, c) => {
        const route = new ec2.CfnRoute(this, `Route${s}-${c}`, {
          routeTableId: subnet.routeTable.routeTableId,
          destinationCidrBlock: cidr,
          transitGatewayId: this.transitGateway.ref,
        });
        route.node.addDependency(this.attachment);
      });
    });

    const { account, region, partition } = Stack.of(this);
    this.share = new ram.CfnResourceShare(this, 'Share', {
      name: `${props.namePrefix}-transit-gateway`,
      allowExternalPrincipals: props.allowExternalPrincipals,
      principals: props.shareWith,
      resourceArns: [
        `arn:${partition}:ec2:${region}:${account}:transit-gateway/${this.transitGateway.ref}`,
      ],
    });
  }
}

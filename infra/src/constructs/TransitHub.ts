import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ram from 'aws-cdk-lib/aws-ram';
import {
  AwsCustomResource,
  AwsCustomResourcePolicy,
  PhysicalResourceId,
} from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledgeAwsCustomResourceProvider } from './acknowledge';

export interface TransitHubProps {
  readonly vpc: ec2.IVpc;
  /** Subnets that hold the shared VPC's attachment ENIs. */
  readonly attachmentSubnets: ec2.ISubnet[];
  /**
   * Subnets whose route tables send LOB and corporate traffic to the TGW
   * (the portal and endpoint subnets, and the resolver subnets, whose
   * endpoints answer LOB and corporate queries and forward to corporate DNS).
   */
  readonly routedSubnets: ec2.ISubnet[];
  /** LOB VPC CIDRs. */
  readonly lobCidrs: string[];
  /** Corporate CIDRs. */
  readonly corporateCidrs: string[];
  /**
   * The corporate network's attachment (VPN or Direct Connect gateway),
   * created outside this app.
   * @default - corporate routes on the TGW are left to the operator
   */
  readonly corporateAttachmentId?: string;
  readonly shareWith: string[];
  readonly allowExternalPrincipals: boolean;
  readonly namePrefix: string;
}

/**
 * The Transit Gateway that connects LOB VPCs and the corporate network to
 * the shared VPC, with two route tables so that lines of business never
 * reach each other:
 *
 * - `lobs`: every LOB attachment is associated with it. It knows only the
 *   shared VPC (propagated) and the corporate CIDRs (static), never another
 *   LOB, so LOB A -> LOB B has no route.
 * - `shared`: the shared VPC and corporate attachments are associated with
 *   it. LOB attachments propagate into it, so replies find their way back.
 *
 * LOB attachments are created in the LOB accounts, so their ids are unknown
 * here. The TGW therefore auto-accepts attachments from the accounts it is
 * shared with (RAM limits who that is), associates new attachments with
 * `lobs` and propagates them into `shared`. Those defaults name route tables
 * of this TGW, which CloudFormation cannot express on the TGW itself (a
 * cycle), so a custom resource sets them once both route tables and the
 * shared VPC's association exist.
 */
export class TransitHub extends Construct {
  readonly transitGateway: ec2.CfnTransitGateway;
  readonly attachment: ec2.CfnTransitGatewayAttachment;
  readonly lobRouteTable: ec2.CfnTransitGatewayRouteTable;
  readonly sharedRouteTable: ec2.CfnTransitGatewayRouteTable;
  readonly share: ram.CfnResourceShare;

  constructor(scope: Construct, id: string, props: TransitHubProps) {
    super(scope, id);
    // L1: transit gateways have no L2 in aws-cdk-lib (only in the alpha ec2 module).
    this.transitGateway = new ec2.CfnTransitGateway(this, 'TransitGateway', {
      description: `${props.namePrefix}: shared services and lines of business`,
      autoAcceptSharedAttachments: 'enable',
      // Switched on by the DefaultRouteTables custom resource below, with
      // the lobs/shared route tables; never AWS's single default table.
      defaultRouteTableAssociation: 'disable',
      defaultRouteTablePropagation: 'disable',
      dnsSupport: 'enable',
      vpnEcmpSupport: 'enable',
      tags: [{ key: 'Name', value: `${props.namePrefix}-tgw` }],
    });
    const routeTable = (name: 'lobs' | 'shared') =>
      // L1: no transit gateway L2 in aws-cdk-lib.
      new ec2.CfnTransitGatewayRouteTable(this, `RouteTable-${name}`, {
        transitGatewayId: this.transitGateway.ref,
        tags: [{ key: 'Name', value: `${props.namePrefix}-${name}` }],
      });
    this.lobRouteTable = routeTable('lobs');
    this.sharedRouteTable = routeTable('shared');

    // L1: no transit gateway L2 in aws-cdk-lib.
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
    // L1: no transit gateway L2 in aws-cdk-lib.
    const sharedAssociation = new ec2.CfnTransitGatewayRouteTableAssociation(
      this,
      'SharedVpcAssociation',
      {
        transitGatewayAttachmentId: this.attachment.attrId,
        transitGatewayRouteTableId:
          this.sharedRouteTable.attrTransitGatewayRouteTableId,
      },
    );
    // LOBs (and, through `shared`, corporate) learn the shared VPC's CIDR.
    for (const table of [this.lobRouteTable, this.sharedRouteTable]) {
      // L1: no transit gateway L2 in aws-cdk-lib.
      new ec2.CfnTransitGatewayRouteTablePropagation(
        this,
        `SharedVpcPropagation-${
          table === this.lobRouteTable ? 'lobs' : 'shared'
        }`,
        {
          transitGatewayAttachmentId: this.attachment.attrId,
          transitGatewayRouteTableId: table.attrTransitGatewayRouteTableId,
        },
      );
    }

    if (props.corporateAttachmentId) {
      this.routeCorporateNetwork(
        props.corporateAttachmentId,
        props.corporateCidrs,
      );
    }

    const tgwArn = Stack.of(this).formatArn({
      service: 'ec2',
      resource: 'transit-gateway',
      resourceName: this.transitGateway.ref,
    });
    const defaults = (enable: boolean) => ({
      service: 'EC2',
      action: 'modifyTransitGateway',
      parameters: {
        TransitGatewayId: this.transitGateway.ref,
        Options: enable
          ? {
              DefaultRouteTableAssociation: 'enable',
              AssociationDefaultRouteTableId:
                this.lobRouteTable.attrTransitGatewayRouteTableId,
              DefaultRouteTablePropagation: 'enable',
              PropagationDefaultRouteTableId:
                this.sharedRouteTable.attrTransitGatewayRouteTableId,
            }
          : {
              DefaultRouteTableAssociation: 'disable',
              DefaultRouteTablePropagation: 'disable',
            },
      },
      physicalResourceId: PhysicalResourceId.of(
        `${this.transitGateway.ref}-default-route-tables`,
      ),
    });
    const defaultRouteTables = new AwsCustomResource(
      this,
      'DefaultRouteTables',
      {
        resourceType: 'Custom::TransitGatewayDefaultRouteTables',
        onCreate: defaults(true),
        onUpdate: defaults(true),
        // Before the route tables go (they cannot be deleted while defaults).
        onDelete: defaults(false),
        policy: AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: ['ec2:ModifyTransitGateway'],
            resources: [tgwArn],
          }),
        ]),
        installLatestAwsSdk: false,
      },
    );
    // The shared VPC must be associated with `shared` before new attachments
    // default to `lobs`.
    defaultRouteTables.node.addDependency(sharedAssociation);
    acknowledgeAwsCustomResourceProvider(
      Stack.of(this),
      'sets the Transit Gateway default route tables once per deploy',
    );

    // Both subnet groups send LOB and corporate traffic (and replies) to the TGW.
    const remoteCidrs = [...props.lobCidrs, ...props.corporateCidrs];
    props.routedSubnets.forEach((subnet, s) => {
      remoteCidrs.forEach((cidr, c) => {
        // L1: selectSubnets gives ISubnet, which has no addRoute.
        const route = new ec2.CfnRoute(this, `Route${s}-${c}`, {
          routeTableId: subnet.routeTable.routeTableId,
          destinationCidrBlock: cidr,
          transitGatewayId: this.transitGateway.ref,
        });
        route.node.addDependency(this.attachment);
      });
    });

    // L1: aws-cdk-lib has no L2 for RAM resource shares.
    this.share = new ram.CfnResourceShare(this, 'Share', {
      name: `${props.namePrefix}-transit-gateway`,
      allowExternalPrincipals: props.allowExternalPrincipals,
      principals: props.shareWith,
      resourceArns: [tgwArn],
    });
  }

  /**
   * The corporate attachment joins `shared` (it reaches the shared VPC and
   * every LOB) and both route tables send the corporate CIDRs to it. Static
   * routes, so that they neither depend on BGP nor clash with a propagation
   * the attachment may already have.
   */
  private routeCorporateNetwork(attachmentId: string, cidrs: string[]) {
    // L1: no transit gateway L2 in aws-cdk-lib.
    new ec2.CfnTransitGatewayRouteTableAssociation(
      this,
      'CorporateAssociation',
      {
        transitGatewayAttachmentId: attachmentId,
        transitGatewayRouteTableId:
          this.sharedRouteTable.attrTransitGatewayRouteTableId,
      },
    );
    const tables = { lobs: this.lobRouteTable, shared: this.sharedRouteTable };
    for (const [name, table] of Object.entries(tables)) {
      cidrs.forEach((cidr, i) => {
        // L1: no transit gateway L2 in aws-cdk-lib.
        new ec2.CfnTransitGatewayRoute(this, `CorporateRoute-${name}-${i}`, {
          transitGatewayRouteTableId: table.attrTransitGatewayRouteTableId,
          destinationCidrBlock: cidr,
          transitGatewayAttachmentId: attachmentId,
        });
      });
    }
  }
}

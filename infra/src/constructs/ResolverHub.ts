import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ram from 'aws-cdk-lib/aws-ram';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { Construct } from 'constructs';
import { fixedAddressInSubnet } from './SharedVpc';
import {
  allowFromNetworks,
  DNS,
  restrictedSecurityGroup,
} from './securityGroups';

export interface ResolverHubProps {
  readonly vpc: ec2.IVpc;
  /** Dedicated subnets: the inbound endpoint takes fixed addresses in them. */
  readonly subnets: ec2.ISubnet[];
  /**
   * Networks that may query the inbound endpoint directly: the shared VPC,
   * LOB VPCs and corporate DNS servers. The outbound endpoint, which
   * delivers the forwarded queries of every associated VPC, is always admitted.
   */
  readonly clientCidrs: string[];
  /** AWS service domains that LOB VPCs must resolve to the shared endpoints. */
  readonly serviceDomains: Record<string, string>;
  /**
   * Corporate zones forwarded to on-premises DNS (from every associated VPC).
   * @default - no corporate forwarding
   */
  readonly corporateDns?: {
    readonly rules: Record<string, string>;
    readonly serverIps: string[];
  };
  /** Accounts that receive the rules through RAM. */
  readonly shareWith: string[];
  readonly allowExternalPrincipals: boolean;
  readonly namePrefix: string;
}

/** Address offset of the inbound endpoint in each dns subnet (first 4 are AWS's). */
const INBOUND_ADDRESS_OFFSET = 10;

/**
 * Route 53 Resolver inbound and outbound endpoints in the shared-services VPC
 * and the forwarding rules LOB VPCs use, shared with the LOB accounts
 * through RAM (the reference design leaves sharing to the console).
 *
 * Service-domain rules send LOB queries to the inbound endpoint, whose
 * answers come from the shared VPC's view: our private zones and the
 * endpoints' own private DNS. They are not associated with the shared VPC,
 * which resolves those names natively.
 */
export class ResolverHub extends Construct {
  readonly inboundAddresses: string[];
  readonly rules: Record<string, route53resolver.CfnResolverRule> = {};
  readonly inbound: route53resolver.CfnResolverEndpoint;
  readonly outbound: route53resolver.CfnResolverEndpoint;
  readonly share: ram.CfnResourceShare;

  constructor(scope: Construct, id: string, props: ResolverHubProps) {
    super(scope, id);
    this.inboundAddresses = props.subnets.map(subnet =>
      fixedAddressInSubnet(subnet.ipv4CidrBlock, INBOUND_ADDRESS_OFFSET),
    );

    const inboundSg = restrictedSecurityGroup(this, 'InboundSecurityGroup', {
      vpc: props.vpc,
      description:
        'Resolver inbound endpoint: DNS from the outbound endpoint and the shared, LOB and corporate networks only',
    });
    allowFromNetworks(inboundSg, props.clientCidrs, DNS);
    const outboundSg = restrictedSecurityGroup(this, 'OutboundSecurityGroup', {
      vpc: props.vpc,
      description:
        'Resolver outbound endpoint: DNS to the inbound endpoint and corporate DNS only',
    });
    // A LOB VPC's forwarded query leaves through the outbound endpoint's
    // ENIs (in the dns subnets) and arrives at the inbound endpoint from there.
    for (const { port, name } of DNS) {
      inboundSg.addIngressRule(
        outboundSg,
        port,
        `${name} from the outbound endpoint`,
      );
    }
    const targets = [
      ...this.inboundAddresses,
      ...(props.corporateDns?.serverIps ?? []),
    ];
    for (const ip of targets) {
      for (const { port, name } of DNS) {
        outboundSg.addEgressRule(
          ec2.Peer.ipv4(`${ip}/32`),
          port,
          `${name} to ${ip}`,
        );
      }
    }

    // L1: Route 53 Resolver endpoints have no L2 in aws-cdk-lib.
    this.inbound = new route53resolver.CfnResolverEndpoint(this, 'Inbound', {
      name: `${props.namePrefix}-inbound`,
      direction: 'INBOUND',
      securityGroupIds: [inboundSg.securityGroupId],
      ipAddresses: props.subnets.map((subnet, i) => ({
        subnetId: subnet.subnetId,
        ip: this.inboundAddresses[i],
      })),
    });
    // L1: Route 53 Resolver endpoints have no L2 in aws-cdk-lib.
    this.outbound = new route53resolver.CfnResolverEndpoint(this, 'Outbound', {
      name: `${props.namePrefix}-outbound`,
      direction: 'OUTBOUND',
      securityGroupIds: [outboundSg.securityGroupId],
      ipAddresses: props.subnets.map(subnet => ({ subnetId: subnet.subnetId })),
    });

    for (const [key, domainName] of Object.entries(props.serviceDomains)) {
      this.rules[key] = this.forwardRule(
        key,
        domainName,
        this.inboundAddresses,
        props.namePrefix,
      );
    }
    for (const [key, domainName] of Object.entries(
      props.corporateDns?.rules ?? {},
    )) {
      const rule = this.forwardRule(
        key,
        domainName,
        props.corporateDns!.serverIps,
        props.namePrefix,
      );
      this.rules[key] = rule;
      // L1: Route 53 Resolver rules have no L2 in aws-cdk-lib.
      new route53resolver.CfnResolverRuleAssociation(
        this,
        `Association-${key}`,
        {
          resolverRuleId: rule.attrResolverRuleId,
          vpcId: props.vpc.vpcId,
        },
      );
    }

    // L1: aws-cdk-lib has no L2 for RAM resource shares.
    this.share = new ram.CfnResourceShare(this, 'RuleShare', {
      name: `${props.namePrefix}-resolver-rules`,
      allowExternalPrincipals: props.allowExternalPrincipals,
      principals: props.shareWith,
      resourceArns: Object.values(this.rules).map(rule => rule.attrArn),
    });
  }

  private forwardRule(
    key: string,
    domainName: string,
    ips: string[],
    prefix: string,
  ) {
    // L1: Route 53 Resolver rules have no L2 in aws-cdk-lib.
    return new route53resolver.CfnResolverRule(this, `Rule-${key}`, {
      name: `${prefix}-${key}`,
      ruleType: 'FORWARD',
      domainName,
      resolverEndpointId: this.outbound.attrResolverEndpointId,
      targetIps: ips.map(ip => ({ ip, port: '53' })),
    });
  }
}

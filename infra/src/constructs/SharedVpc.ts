import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { flowLoggedVpc } from './vpc';

export interface SharedVpcProps {
  readonly cidr: string;
  readonly maxAzs: number;
  readonly natGateways: number;
}

/** Subnet groups of the shared-services VPC. */
export const SHARED_SUBNETS = {
  /** Only the NAT gateways live here: the portal needs Cognito's token endpoint. */
  public: 'nat',
  /** Backstage tasks, the internal ALB and the interface endpoints. */
  app: 'app',
  /** Route 53 Resolver endpoints, with fixed addresses (nothing else is placed here). */
  dns: 'dns',
  /** Transit Gateway attachment ENIs. */
  transit: 'transit',
  /**
   * Backstage's database and cache: no route out of the VPC and none to the
   * Transit Gateway, so only the VPC itself (the portal tasks' security
   * group) can reach them.
   */
  data: 'data',
} as const;

/**
 * The shared-services VPC: private subnets for the portal and the endpoints,
 * small dedicated subnets for resolver and TGW ENIs, isolated subnets for
 * the portal's database and cache, and flow logs.
 */
export class SharedVpc extends Construct {
  readonly vpc: ec2.Vpc;

  constructor(scope: Construct, id: string, props: SharedVpcProps) {
    super(scope, id);
    this.vpc = flowLoggedVpc(this, {
      cidr: props.cidr,
      maxAzs: props.maxAzs,
      natGateways: props.natGateways,
      subnetConfiguration: [
        {
          name: SHARED_SUBNETS.public,
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: 26,
        },
        {
          name: SHARED_SUBNETS.app,
          subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
          cidrMask: 22,
        },
        {
          name: SHARED_SUBNETS.dns,
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 28,
        },
        {
          name: SHARED_SUBNETS.transit,
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 28,
        },
        // Last, so that adding it left the other groups' blocks (and the
        // inbound resolver's fixed addresses) where they were.
        {
          name: SHARED_SUBNETS.data,
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 26,
        },
      ],
    });
  }

  subnets(
    group: (typeof SHARED_SUBNETS)[keyof typeof SHARED_SUBNETS],
  ): ec2.ISubnet[] {
    return this.vpc.selectSubnets({ subnetGroupName: group }).subnets;
  }
}

/**
 * A fixed address inside a subnet's block: the resolver rules that LOB
 * accounts use must know the inbound endpoint's addresses at synth time.
 * AWS reserves the first four and the last address of every subnet.
 */
export function fixedAddressInSubnet(
  subnetCidr: string,
  offset: number,
): string {
  const [ip, bits] = subnetCidr.split('/');
  const size = 2 ** (32 - Number(bits));
  if (offset < 4 || offset >= size - 1) {
    throw new Error(`offset ${offset} is reserved or outside ${subnetCidr}`);
  }
  const base = ip
    .split('.')
    .reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const value = base + offset;
  return [24, 16, 8, 0]
    .map(shift => Math.floor(value / 2 ** shift) % 256)
    .join('.');
}

import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

/** A port and the name its rules carry, e.g. `HTTPS from 10.0.0.0/16`. */
export interface NamedPort {
  readonly port: ec2.Port;
  readonly name: string;
}

export const HTTPS: NamedPort[] = [{ port: ec2.Port.tcp(443), name: 'HTTPS' }];
export const DNS: NamedPort[] = [
  { port: ec2.Port.udp(53), name: 'DNS/UDP' },
  { port: ec2.Port.tcp(53), name: 'DNS/TCP' },
];

/**
 * A security group that sends nothing until egress rules are added (CDK's
 * default allows all outbound): each of ours names what it may reach.
 */
export function restrictedSecurityGroup(
  scope: Construct,
  id: string,
  props: { readonly vpc: ec2.IVpc; readonly description: string },
): ec2.SecurityGroup {
  return new ec2.SecurityGroup(scope, id, {
    vpc: props.vpc,
    description: props.description,
    allowAllOutbound: false,
  });
}

/** Admits `ports` from each of `cidrs`, one rule per network and port. */
export function allowFromNetworks(
  securityGroup: ec2.SecurityGroup,
  cidrs: string[],
  ports: NamedPort[],
): void {
  for (const cidr of cidrs) {
    for (const { port, name } of ports) {
      securityGroup.addIngressRule(
        ec2.Peer.ipv4(cidr),
        port,
        `${name} from ${cidr}`,
      );
    }
  }
}

/**
 * An independent reading of the synthesized templates as a network: VPCs,
 * subnets and their route tables, security groups, the Transit Gateway with
 * its route tables, and where each ENI-holding resource sits. It knows
 * CloudFormation and AWS routing rules, not the constructs that wrote the
 * templates, so the flow test checks the templates and not the code.
 */

type Json = any;

export interface Template {
  stackName: string;
  json: Json;
}

// ---------------------------------------------------------------- addresses

function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

export interface Block {
  start: number;
  end: number;
  text: string;
}

export function block(cidr: string): Block {
  const [ip, bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = ipToInt(ip) - (ipToInt(ip) % size);
  return {
    start,
    end: start + size - 1,
    text: cidr.includes('/') ? cidr : `${cidr}/32`,
  };
}

const contains = (outer: Block, inner: Block) =>
  outer.start <= inner.start && inner.end <= outer.end;
const prefixLength = (b: Block) => 32 - Math.log2(b.end - b.start + 1);

// ---------------------------------------------------------------- resolution

/** A resource anywhere in the app: `<stack>/<logical id>`. */
export type ResourceId = string;

export class TemplateSet {
  private readonly byStack = new Map<string, Json>();
  private readonly exports = new Map<string, { stack: string; value: Json }>();
  private readonly ssmValues = new Map<
    string,
    { stack: string; value: Json }
  >();

  constructor(templates: Template[]) {
    for (const { stackName, json } of templates) {
      this.byStack.set(stackName, json);
      for (const output of Object.values(
        (json.Outputs ?? {}) as Record<string, Json>,
      )) {
        if (output.Export?.Name)
          this.exports.set(output.Export.Name, {
            stack: stackName,
            value: output.Value,
          });
      }
      for (const resource of Object.values(
        json.Resources as Record<string, Json>,
      )) {
        if (resource.Type === 'AWS::SSM::Parameter') {
          this.ssmValues.set(resource.Properties.Name, {
            stack: stackName,
            value: resource.Properties.Value,
          });
        }
      }
    }
  }

  /** Every resource of a type, with its global id. */
  resources(
    type: string,
  ): Array<{ id: ResourceId; stack: string; properties: Json }> {
    const found = [];
    for (const [stack, json] of this.byStack) {
      for (const [logicalId, resource] of Object.entries(
        json.Resources as Record<string, Json>,
      )) {
        if (resource.Type === type)
          found.push({
            id: `${stack}/${logicalId}`,
            stack,
            properties: resource.Properties ?? {},
          });
      }
    }
    return found;
  }

  resource(id: ResourceId): { type: string; properties: Json } {
    const [stack, logicalId] = id.split('/');
    const resource = this.byStack.get(stack)?.Resources?.[logicalId];
    if (!resource) throw new Error(`no resource ${id}`);
    return { type: resource.Type, properties: resource.Properties ?? {} };
  }

  /** A CIDR property: a literal, or a VPC's CidrBlock (GetAtt, also through an export). */
  cidr(stack: string, value: Json): string {
    if (typeof value === 'string') return value;
    if (value?.['Fn::ImportValue']) {
      const exported = this.exports.get(value['Fn::ImportValue']);
      if (!exported)
        throw new Error(`${stack}: no export ${value['Fn::ImportValue']}`);
      return this.cidr(exported.stack, exported.value);
    }
    if (value?.['Fn::GetAtt']?.[1] === 'CidrBlock') {
      return this.resource(`${stack}/${value['Fn::GetAtt'][0]}`).properties
        .CidrBlock;
    }
    throw new Error(
      `${stack}: cannot read a CIDR from ${JSON.stringify(value)}`,
    );
  }

  /**
   * What a property value points at: a resource id for Ref/GetAtt (through
   * exports and shared SSM parameters across stacks), or a literal string.
   */
  target(stack: string, value: Json): ResourceId | string {
    if (typeof value === 'string') return value;
    if (value?.Ref) {
      const json = this.byStack.get(stack);
      const parameter = json.Parameters?.[value.Ref];
      if (parameter) {
        // A shared SSM parameter, read by ARN: follow it to its producer.
        const name = String(parameter.Default).replace(
          /^arn:[^:]+:ssm:[^:]*:\d*:parameter/,
          '',
        );
        const shared = this.ssmValues.get(name);
        if (!shared)
          throw new Error(
            `${stack}: parameter ${value.Ref} names no SSM parameter of the app (${name})`,
          );
        return this.target(shared.stack, shared.value);
      }
      if (!json.Resources[value.Ref])
        throw new Error(`${stack}: Ref to unknown ${value.Ref}`);
      return `${stack}/${value.Ref}`;
    }
    if (value?.['Fn::GetAtt']) return `${stack}/${value['Fn::GetAtt'][0]}`;
    if (value?.['Fn::ImportValue']) {
      const exported = this.exports.get(value['Fn::ImportValue']);
      if (!exported)
        throw new Error(`${stack}: no export ${value['Fn::ImportValue']}`);
      return this.target(exported.stack, exported.value);
    }
    throw new Error(`${stack}: cannot follow ${JSON.stringify(value)}`);
  }
}

// ---------------------------------------------------------------- the network

export interface SecurityGroupRule {
  direction: 'ingress' | 'egress';
  protocol: string;
  fromPort: number;
  toPort: number;
  cidr?: Block;
  peerGroup?: ResourceId;
}

export interface Subnet {
  id: ResourceId;
  vpc: ResourceId;
  cidr: Block;
  zone: string;
  routeTable: ResourceId;
}

export interface Route {
  destination: Block;
  /** 'local', 'tgw:<id>', 'nat', 'igw', ... */
  target: string;
}

/** Something that holds ENIs: where they are, which groups, which addresses. */
export interface Endpoint {
  name: string;
  subnets: Subnet[];
  securityGroups: ResourceId[];
  /** Fixed addresses (resolver inbound); otherwise anywhere in the subnets. */
  addresses?: Block[];
}

/** A network outside the app, reached through a TGW attachment (the corporate network). */
export interface ExternalNetwork {
  name: string;
  cidrs: Block[];
  attachment: string;
}

export type Party = Endpoint | ExternalNetwork;
const isExternal = (party: Party): party is ExternalNetwork =>
  'attachment' in party;

export interface TgwRouteTable {
  id: ResourceId;
  routes: Array<{ destination: Block; attachment: string }>;
}

export class NetworkModel {
  readonly vpcCidrs = new Map<ResourceId, Block>();
  readonly subnets = new Map<ResourceId, Subnet>();
  readonly routes = new Map<ResourceId, Route[]>();
  readonly groupRules = new Map<ResourceId, SecurityGroupRule[]>();
  readonly groupVpc = new Map<ResourceId, ResourceId>();
  /** VPC attachments: attachment id -> VPC and subnets. */
  readonly attachments = new Map<
    string,
    { vpc?: ResourceId; subnets: ResourceId[] }
  >();
  readonly association = new Map<string, ResourceId>();
  readonly tgwTables = new Map<ResourceId, TgwRouteTable>();

  constructor(private readonly set: TemplateSet) {
    this.readVpcs();
    this.readSecurityGroups();
    this.readTransitGateway();
  }

  private readVpcs() {
    for (const vpc of this.set.resources('AWS::EC2::VPC')) {
      this.vpcCidrs.set(vpc.id, block(vpc.properties.CidrBlock));
    }
    const associations = new Map<ResourceId, ResourceId>();
    for (const a of this.set.resources(
      'AWS::EC2::SubnetRouteTableAssociation',
    )) {
      associations.set(
        this.set.target(a.stack, a.properties.SubnetId),
        this.set.target(a.stack, a.properties.RouteTableId),
      );
    }
    for (const s of this.set.resources('AWS::EC2::Subnet')) {
      const routeTable = associations.get(s.id);
      if (!routeTable) throw new Error(`subnet ${s.id} has no route table`);
      this.subnets.set(s.id, {
        id: s.id,
        vpc: this.set.target(s.stack, s.properties.VpcId),
        cidr: block(s.properties.CidrBlock),
        zone: JSON.stringify(s.properties.AvailabilityZone),
        routeTable,
      });
    }
    for (const table of this.set.resources('AWS::EC2::RouteTable')) {
      const vpc = this.set.target(table.stack, table.properties.VpcId);
      this.routes.set(table.id, [
        { destination: this.vpcCidrs.get(vpc)!, target: 'local' },
      ]);
    }
    for (const r of this.set.resources('AWS::EC2::Route')) {
      const table = this.set.target(r.stack, r.properties.RouteTableId);
      const p = r.properties;
      let target = 'other';
      if (p.TransitGatewayId) {
        target = `tgw:${this.set.target(r.stack, p.TransitGatewayId)}`;
      } else if (p.NatGatewayId) target = 'nat';
      else if (p.GatewayId) target = 'igw';
      this.routes
        .get(table)!
        .push({ destination: block(p.DestinationCidrBlock), target });
    }
  }

  private readSecurityGroups() {
    const rule = (
      stack: string,
      direction: 'ingress' | 'egress',
      r: Json,
    ): SecurityGroupRule => {
      const peer =
        direction === 'ingress'
          ? r.SourceSecurityGroupId
          : r.DestinationSecurityGroupId;
      return {
        direction,
        protocol: String(r.IpProtocol),
        fromPort: r.FromPort ?? -1,
        toPort: r.ToPort ?? -1,
        cidr: r.CidrIp ? block(this.set.cidr(stack, r.CidrIp)) : undefined,
        peerGroup: peer ? this.set.target(stack, peer) : undefined,
      };
    };
    for (const g of this.set.resources('AWS::EC2::SecurityGroup')) {
      this.groupVpc.set(g.id, this.set.target(g.stack, g.properties.VpcId));
      this.groupRules.set(g.id, [
        ...(g.properties.SecurityGroupIngress ?? []).map((r: Json) =>
          rule(g.stack, 'ingress', r),
        ),
        ...(g.properties.SecurityGroupEgress ?? []).map((r: Json) =>
          rule(g.stack, 'egress', r),
        ),
      ]);
    }
    for (const [type, direction] of [
      ['AWS::EC2::SecurityGroupIngress', 'ingress'],
      ['AWS::EC2::SecurityGroupEgress', 'egress'],
    ] as const) {
      for (const r of this.set.resources(type)) {
        this.groupRules
          .get(this.set.target(r.stack, r.properties.GroupId))!
          .push(rule(r.stack, direction, r.properties));
      }
    }
  }

  private readTransitGateway() {
    for (const a of this.set.resources('AWS::EC2::TransitGatewayAttachment')) {
      this.attachments.set(a.id, {
        vpc: this.set.target(a.stack, a.properties.VpcId),
        subnets: a.properties.SubnetIds.map((s: Json) =>
          this.set.target(a.stack, s),
        ),
      });
    }
    for (const t of this.set.resources('AWS::EC2::TransitGatewayRouteTable')) {
      this.tgwTables.set(t.id, { id: t.id, routes: [] });
    }
    const explicitlyPropagated = new Set<string>();
    for (const a of this.set.resources(
      'AWS::EC2::TransitGatewayRouteTableAssociation',
    )) {
      this.association.set(
        this.set.target(a.stack, a.properties.TransitGatewayAttachmentId),
        this.set.target(a.stack, a.properties.TransitGatewayRouteTableId),
      );
    }
    const propagate = (attachment: string, table: ResourceId) => {
      const vpc = this.attachments.get(attachment)?.vpc;
      if (vpc)
        this.tgwTables
          .get(table)!
          .routes.push({ destination: this.vpcCidrs.get(vpc)!, attachment });
    };
    for (const p of this.set.resources(
      'AWS::EC2::TransitGatewayRouteTablePropagation',
    )) {
      const attachment = this.set.target(
        p.stack,
        p.properties.TransitGatewayAttachmentId,
      );
      explicitlyPropagated.add(attachment);
      propagate(
        attachment,
        this.set.target(p.stack, p.properties.TransitGatewayRouteTableId),
      );
    }
    for (const r of this.set.resources('AWS::EC2::TransitGatewayRoute')) {
      this.tgwTables
        .get(this.set.target(r.stack, r.properties.TransitGatewayRouteTableId))!
        .routes.push({
          destination: block(r.properties.DestinationCidrBlock),
          attachment: this.set.target(
            r.stack,
            r.properties.TransitGatewayAttachmentId,
          ),
        });
    }
    // Attachments the TGW's account does not create (LOB VPCs) get the TGW's
    // default association and propagation, which the custom resource sets.
    const defaults = this.tgwDefaults();
    for (const [attachment] of this.attachments) {
      if (this.association.has(attachment)) continue;
      if (defaults.association)
        this.association.set(attachment, defaults.association);
      if (defaults.propagation && !explicitlyPropagated.has(attachment))
        propagate(attachment, defaults.propagation);
    }
  }

  /** The TGW's default route tables: the template's own options, or what the ModifyTransitGateway custom resource sets. */
  private tgwDefaults(): {
    association?: ResourceId;
    propagation?: ResourceId;
  } {
    const [tgw] = this.set.resources('AWS::EC2::TransitGateway');
    if (!tgw) return {};
    const modifications = this.set
      .resources('Custom::TransitGatewayDefaultRouteTables')
      .map(c => ({ stack: c.stack, create: c.properties.Create }));
    if (modifications.length === 0) return {};
    // Create is JSON text with the ids spliced in (Fn::Join of strings and GetAtts).
    const [{ stack, create }] = modifications;
    const parts: Json[] = create['Fn::Join'][1];
    const after = (key: string) => {
      const i = parts.findIndex(
        p => typeof p === 'string' && p.endsWith(`"${key}":"`),
      );
      return i >= 0 ? this.set.target(stack, parts[i + 1]) : undefined;
    };
    const text = parts.filter(p => typeof p === 'string').join('');
    if (!text.includes('"action":"modifyTransitGateway"')) return {};
    return {
      association: text.includes('"DefaultRouteTableAssociation":"enable"')
        ? after('AssociationDefaultRouteTableId')
        : undefined,
      propagation: text.includes('"DefaultRouteTablePropagation":"enable"')
        ? after('PropagationDefaultRouteTableId')
        : undefined,
    };
  }

  /** The attachment that carries a VPC's traffic to the TGW. */
  attachmentOf(vpc: ResourceId): string | undefined {
    return [...this.attachments].find(([, a]) => a.vpc === vpc)?.[0];
  }

  // ------------------------------------------------------------ flow checks

  /** Why `from` cannot reach `to` on protocol/port (SGs, routes both ways), or undefined if it can. */
  blocked(
    from: Party,
    to: Party,
    protocol: 'tcp' | 'udp',
    port: number,
  ): string | undefined {
    const fromAddresses = this.addressesOf(from);
    const toAddresses = this.addressesOf(to);
    if (!isExternal(from)) {
      const problem = this.groupsAllow(
        from,
        'egress',
        to,
        toAddresses,
        protocol,
        port,
      );
      if (problem) return problem;
    }
    if (!isExternal(to)) {
      const problem = this.groupsAllow(
        to,
        'ingress',
        from,
        fromAddresses,
        protocol,
        port,
      );
      if (problem) return problem;
    }
    return this.routeProblem(from, to);
  }

  /** Why the request or its reply has no route (security groups aside), or undefined. */
  routeProblem(from: Party, to: Party): string | undefined {
    for (const [source, destination, label] of [
      [from, to, 'request'],
      [to, from, 'reply'],
    ] as const) {
      for (const sourceBlock of this.placesOf(source)) {
        for (const destinationBlock of this.addressesOf(destination)) {
          const problem = this.routed(source, sourceBlock, destinationBlock);
          if (problem)
            return `${label} ${source.name} -> ${destination.name}: ${problem}`;
        }
      }
    }
    return undefined;
  }

  private addressesOf(party: Party): Block[] {
    if (isExternal(party)) return party.cidrs;
    return party.addresses ?? party.subnets.map(s => s.cidr);
  }

  /** Where traffic of a party starts: each subnet (with its addresses), or the external network. */
  private placesOf(
    party: Party,
  ): Array<{ subnet?: Subnet; addresses: Block[] }> {
    if (isExternal(party)) return [{ addresses: party.cidrs }];
    return party.subnets.map(subnet => ({
      subnet,
      addresses: party.addresses?.filter(a => contains(subnet.cidr, a)) ?? [
        subnet.cidr,
      ],
    }));
  }

  private groupsAllow(
    party: Endpoint,
    direction: 'ingress' | 'egress',
    peer: Party,
    peerAddresses: Block[],
    protocol: string,
    port: number,
  ): string | undefined {
    const peerGroups = isExternal(peer) ? [] : peer.securityGroups;
    const peerVpc = isExternal(peer) ? undefined : peer.subnets[0].vpc;
    for (const address of peerAddresses) {
      const allowed = party.securityGroups.some(group =>
        this.groupRules.get(group)!.some(
          rule =>
            rule.direction === direction &&
            (rule.protocol === '-1' || rule.protocol === protocol) &&
            (rule.protocol === '-1' ||
              (rule.fromPort <= port && port <= rule.toPort)) &&
            ((rule.cidr && contains(rule.cidr, address)) ||
              // Group references work inside one VPC only (not across the TGW).
              (rule.peerGroup !== undefined &&
                peerGroups.includes(rule.peerGroup) &&
                this.groupVpc.get(group) === peerVpc)),
        ),
      );
      if (!allowed)
        return `${
          party.name
        }'s security groups have no ${direction} rule for ${protocol}/${port} ${
          direction === 'ingress' ? 'from' : 'to'
        } ${peer.name} (${address.text})`;
    }
    return undefined;
  }

  /** Follows one packet from a place to a destination block: VPC route table, TGW route table, into the VPC. */
  private routed(
    source: Party,
    place: { subnet?: Subnet; addresses: Block[] },
    destination: Block,
  ): string | undefined {
    let attachment: string;
    if (place.subnet) {
      const vpc = place.subnet.vpc;
      const route = this.longestMatch(
        this.routes.get(place.subnet.routeTable)!,
        destination,
      );
      if (!route)
        return `${place.subnet.id} has no route to ${destination.text}`;
      if (route.target === 'local') {
        return contains(this.vpcCidrs.get(vpc)!, destination)
          ? undefined
          : `local route does not hold ${destination.text}`;
      }
      if (!route.target.startsWith('tgw:'))
        return `${place.subnet.id} sends ${destination.text} to ${route.target}, not the Transit Gateway`;
      attachment = this.attachmentOf(vpc) ?? '';
      const own = this.attachments.get(attachment);
      if (!own) return `${vpc} has no Transit Gateway attachment`;
      // A VPC reaches its attachment only from AZs the attachment has a subnet in.
      const zones = own.subnets.map(s => this.subnets.get(s)!.zone);
      if (!zones.includes(place.subnet.zone))
        return `the attachment of ${vpc} has no subnet in ${place.subnet.zone}`;
    } else {
      attachment = (source as ExternalNetwork).attachment;
    }
    const table = this.association.get(attachment);
    if (!table)
      return `attachment ${attachment} is associated with no TGW route table`;
    const tgwRoute = this.longestMatch(
      this.tgwTables.get(table)!.routes,
      destination,
    );
    if (!tgwRoute)
      return `TGW route table ${table} has no route to ${destination.text}`;
    const target = this.attachments.get(tgwRoute.attachment);
    if (target?.vpc) {
      return contains(this.vpcCidrs.get(target.vpc)!, destination)
        ? undefined
        : `TGW sends ${destination.text} to ${target.vpc}, which does not hold it`;
    }
    // An external attachment (corporate): beyond the app.
    return undefined;
  }

  private longestMatch<T extends { destination: Block }>(
    routes: T[],
    destination: Block,
  ): T | undefined {
    return routes
      .filter(r => contains(r.destination, destination))
      .sort(
        (a, b) => prefixLength(b.destination) - prefixLength(a.destination),
      )[0];
  }

  /** The resource's subnets, through a property that lists subnet ids or names a subnet group. */
  subnetsOf(stack: string, subnetIds: Json[]): Subnet[] {
    return subnetIds.map(s => {
      const subnet = this.subnets.get(this.set.target(stack, s));
      if (!subnet)
        throw new Error(
          `${stack}: ${JSON.stringify(s)} is not a subnet of the app`,
        );
      return subnet;
    });
  }

  groupsOf(stack: string, groups: Json[]): ResourceId[] {
    return groups.map(g => this.set.target(stack, g));
  }
}

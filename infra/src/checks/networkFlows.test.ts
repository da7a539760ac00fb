import { ExampleApp, synthExampleApp } from '../__testUtils__/exampleApp';
import {
  block,
  Endpoint,
  ExternalNetwork,
  NetworkModel,
  Party,
  TemplateSet,
} from './networkModel';

/*
 * Every flow the design needs, proven from the synthesized templates alone
 * (networkModel.ts reads them as AWS would route them): the security groups
 * on both ends allow it, the VPC and Transit Gateway route tables carry the
 * request and the reply. And what must not flow, does not: LOB A to LOB B
 * has no route at all, and the data stores admit only the portal tasks.
 */

jest.setTimeout(120_000);

let example: ExampleApp;
let set: TemplateSet;
let model: NetworkModel;
const parties: Record<string, Party> = {};

const NETWORK = 'StudioPortal-SharedNetwork';
const ACCESS = 'StudioPortal-SharedAccess';

function only<T>(items: T[], what: string): T {
  if (items.length !== 1)
    throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0];
}

beforeAll(() => {
  example = synthExampleApp();
  const stacks = [
    example.stacks.network,
    example.stacks.access,
    ...example.stacks.lobs,
  ];
  set = new TemplateSet(
    [example.network, example.access, ...example.lobs].map((template, i) => ({
      stackName: stacks[i].stackName,
      json: template.toJSON(),
    })),
  );
  model = new NetworkModel(set);
  const endpoint = (
    name: string,
    stack: string,
    subnetIds: any[],
    groups: any[],
    addresses?: string[],
  ): Endpoint => ({
    name,
    subnets: model.subnetsOf(stack, subnetIds),
    securityGroups: model.groupsOf(stack, groups),
    addresses: addresses?.map(block),
  });

  const resolvers = set.resources('AWS::Route53Resolver::ResolverEndpoint');
  const inbound = only(
    resolvers.filter(r => r.properties.Direction === 'INBOUND'),
    'inbound endpoint',
  );
  const outbound = only(
    resolvers.filter(r => r.properties.Direction === 'OUTBOUND'),
    'outbound endpoint',
  );
  parties.inboundResolver = endpoint(
    'inbound resolver',
    NETWORK,
    inbound.properties.IpAddresses.map((a: any) => a.SubnetId),
    inbound.properties.SecurityGroupIds,
    inbound.properties.IpAddresses.map((a: any) => a.Ip),
  );
  parties.outboundResolver = endpoint(
    'outbound resolver',
    NETWORK,
    outbound.properties.IpAddresses.map((a: any) => a.SubnetId),
    outbound.properties.SecurityGroupIds,
  );

  const interfaceEndpoints = set
    .resources('AWS::EC2::VPCEndpoint')
    .filter(e => e.properties.VpcEndpointType === 'Interface');
  if (interfaceEndpoints.length === 0) throw new Error('no interface endpoints');
  interfaceEndpoints.forEach(e => {
    // com.amazonaws.<region>.sts, aws.sagemaker.<region>.studio
    const service = String(e.properties.ServiceName).replace(
      /^(?:com\.amazonaws|aws\.sagemaker)\.[a-z0-9-]+\./,
      '',
    );
    parties[`endpoint:${service}`] = endpoint(
      `${service} endpoint`,
      NETWORK,
      e.properties.SubnetIds,
      e.properties.SecurityGroupIds,
    );
  });

  const alb = only(
    set.resources('AWS::ElasticLoadBalancingV2::LoadBalancer'),
    'load balancer',
  );
  parties.loadBalancer = endpoint(
    'portal load balancer',
    ACCESS,
    alb.properties.Subnets,
    alb.properties.SecurityGroups,
  );
  const service = only(set.resources('AWS::ECS::Service'), 'ECS service');
  const vpcConfig = service.properties.NetworkConfiguration.AwsvpcConfiguration;
  parties.portal = endpoint(
    'portal tasks',
    ACCESS,
    vpcConfig.Subnets,
    vpcConfig.SecurityGroups,
  );

  const db = only(set.resources('AWS::RDS::DBInstance'), 'database');
  const dbSubnets = set.resource(
    set.target(ACCESS, db.properties.DBSubnetGroupName),
  ).properties.SubnetIds;
  parties.database = endpoint(
    'database',
    ACCESS,
    dbSubnets,
    db.properties.VPCSecurityGroups,
  );
  const cache = only(
    set.resources('AWS::ElastiCache::ReplicationGroup'),
    'cache',
  );
  const cacheSubnets = set.resource(
    set.target(ACCESS, cache.properties.CacheSubnetGroupName),
  ).properties.SubnetIds;
  parties.cache = endpoint(
    'cache',
    ACCESS,
    cacheSubnets,
    cache.properties.SecurityGroupIds,
  );

  for (const stack of example.stacks.lobs) {
    const domain = only(
      set
        .resources('AWS::SageMaker::Domain')
        .filter(d => d.stack === stack.stackName),
      'Studio domain',
    );
    parties[stack.stackName] = endpoint(
      `${stack.stackName} Studio`,
      stack.stackName,
      domain.properties.SubnetIds,
      domain.properties.DefaultUserSettings.SecurityGroups,
    );
  }

  const { corporate } = example.loaded.config;
  const corporateNetwork = (
    name: string,
    cidrs: string[],
  ): ExternalNetwork => ({
    name,
    cidrs: cidrs.map(block),
    attachment: corporate.transitGatewayAttachmentId!,
  });
  parties.corporate = corporateNetwork('corporate network', corporate.cidrs);
  parties.corporateDns = corporateNetwork(
    'corporate DNS',
    corporate.dns!.serverIps,
  );
});

const LOBS = [
  'StudioPortal-Lob-lob-a',
  'StudioPortal-Lob-lob-b',
  'StudioPortal-Lob-lob-c',
];
const DNS: Array<['udp' | 'tcp', number]> = [
  ['udp', 53],
  ['tcp', 53],
];

function expectFlow(
  from: string,
  to: string,
  protocol: 'udp' | 'tcp',
  port: number,
) {
  expect(
    model.blocked(parties[from], parties[to], protocol, port),
  ).toBeUndefined();
}

describe('required flows (and their replies)', () => {
  it.each(
    LOBS.flatMap(lob =>
      DNS.map(([protocol, port]) => [lob, protocol, port] as const),
    ),
  )('%s Studio -> inbound resolver %s/%i', (lob, protocol, port) =>
    expectFlow(lob, 'inboundResolver', protocol, port),
  );

  it.each(DNS)(
    'outbound resolver -> inbound resolver %s/%i (forwarded LOB queries)',
    (protocol, port) =>
      expectFlow('outboundResolver', 'inboundResolver', protocol, port),
  );

  it.each(DNS)('outbound resolver -> corporate DNS %s/%i', (protocol, port) =>
    expectFlow('outboundResolver', 'corporateDns', protocol, port),
  );

  it.each(DNS)(
    'corporate network -> inbound resolver %s/%i (conditional forwarders)',
    (protocol, port) =>
      expectFlow('corporate', 'inboundResolver', protocol, port),
  );

  it('corporate network -> portal load balancer tcp/443', () =>
    expectFlow('corporate', 'loadBalancer', 'tcp', 443));

  it('portal load balancer -> portal tasks tcp/7007', () =>
    expectFlow('loadBalancer', 'portal', 'tcp', 7007));

  it.each(['sagemaker.api', 'studio', 'sts', 'secretsmanager', 'logs'])(
    'portal tasks -> %s interface endpoint tcp/443',
    service => expectFlow('portal', `endpoint:${service}`, 'tcp', 443),
  );

  it.each(
    LOBS.flatMap(lob =>
      ['sagemaker.api', 'studio', 'sagemaker.runtime', 'sts'].map(
        s => [lob, s] as const,
      ),
    ),
  )('%s Studio -> %s interface endpoint tcp/443', (lob, service) =>
    expectFlow(lob, `endpoint:${service}`, 'tcp', 443),
  );

  it('corporate network -> Studio interface endpoint tcp/443 (the presigned URL opens through it)', () =>
    expectFlow('corporate', 'endpoint:studio', 'tcp', 443));

  it('portal tasks -> database tcp/5432', () =>
    expectFlow('portal', 'database', 'tcp', 5432));

  it('portal tasks -> cache tcp/6379', () =>
    expectFlow('portal', 'cache', 'tcp', 6379));
});

describe('flows that must not exist', () => {
  it.each(
    LOBS.flatMap(a => LOBS.filter(b => b !== a).map(b => [a, b] as const)),
  )('%s -> %s is not routed, not even by the Transit Gateway', (a, b) => {
    expect(model.routeProblem(parties[a], parties[b])).toMatch(
      /has no route to/,
    );
    expect(model.blocked(parties[a], parties[b], 'tcp', 443)).toBeDefined();
    // Even with a route in the LOB VPC, the LOB route table of the TGW knows no other LOB.
    const lobTable = model.association.get(
      model.attachmentOf(
        parties[a] && (parties[a] as Endpoint).subnets[0].vpc,
      )!,
    )!;
    const other = (parties[b] as Endpoint).subnets[0].cidr;
    expect(
      model.tgwTables
        .get(lobTable)!
        .routes.filter(
          r =>
            r.destination.start <= other.start &&
            other.end <= r.destination.end,
        ),
    ).toEqual([]);
  });

  it.each([
    ['corporate', 'database', 5432],
    ['corporate', 'cache', 6379],
    [LOBS[0], 'database', 5432],
    [LOBS[0], 'cache', 6379],
    ['loadBalancer', 'database', 5432],
    [LOBS[0], 'loadBalancer', 443],
    ['corporate', 'portal', 7007],
  ] as const)('%s -> %s tcp/%i is blocked', (from, to, port) => {
    expect(
      model.blocked(parties[from], parties[to], 'tcp', port),
    ).toBeDefined();
  });

  it('keeps the database and cache subnets off the Transit Gateway', () => {
    for (const name of ['database', 'cache']) {
      for (const subnet of (parties[name] as Endpoint).subnets) {
        expect(model.routes.get(subnet.routeTable)!.map(r => r.target)).toEqual(
          ['local'],
        );
      }
    }
  });

  it('has no network ACLs that the model would ignore', () => {
    expect(set.resources('AWS::EC2::NetworkAcl')).toEqual([]);
  });
});

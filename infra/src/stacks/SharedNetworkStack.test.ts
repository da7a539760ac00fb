import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthExampleApp, ExampleApp } from '../__testUtils__/exampleApp';

jest.setTimeout(60_000);

let example: ExampleApp;
let network: Template;
beforeAll(() => {
  example = synthExampleApp();
  network = example.network;
});

const LOB_ACCOUNTS = ['111111111111', '222222222222', '333333333333'];

function endpointsByService() {
  const endpoints = network.findResources('AWS::EC2::VPCEndpoint');
  const byService: Record<string, any> = {};
  for (const resource of Object.values(endpoints)) {
    const name = resource.Properties.ServiceName;
    // Gateway endpoints name the region with a token: com.amazonaws.<region>.dynamodb
    const key =
      typeof name === 'string'
        ? name.replace(/^(?:com\.amazonaws|aws\.sagemaker)\.us-east-1\./, '')
        : JSON.stringify(name).match(/\.(\w+)"\]\]\}$/)![1];
    byService[key] = resource.Properties;
  }
  return byService;
}

describe('interface and gateway endpoints', () => {
  it('has the SageMaker API, Studio, runtime and STS interface endpoints, and the others the design needs', () => {
    const byService = endpointsByService();
    for (const service of [
      'sagemaker.api',
      'studio',
      'sagemaker.runtime',
      'sts',
      'logs',
      'ecr.api',
      'ecr.dkr',
      'secretsmanager',
    ]) {
      expect(byService[service]).toMatchObject({
        VpcEndpointType: 'Interface',
      });
    }
    expect(byService.studio.ServiceName).toBe('aws.sagemaker.us-east-1.studio');
    expect(byService.dynamodb).toMatchObject({ VpcEndpointType: 'Gateway' });
  });

  it('keeps private DNS off where our own zones serve the name, on elsewhere', () => {
    const byService = endpointsByService();
    for (const service of ['sagemaker.api', 'studio', 'sts']) {
      expect(byService[service].PrivateDnsEnabled).toBe(false);
    }
    for (const service of [
      'sagemaker.runtime',
      'logs',
      'ecr.api',
      'ecr.dkr',
      'secretsmanager',
    ]) {
      expect(byService[service].PrivateDnsEnabled).toBe(true);
    }
  });

  it('admits HTTPS only from the shared, LOB and corporate networks', () => {
    network.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Interface endpoints'),
      SecurityGroupIngress: [
        '10.0.0.0/16',
        '10.1.0.0/16',
        '10.2.0.0/16',
        '10.3.0.0/16',
        '172.16.0.0/12',
      ].map(cidr =>
        Match.objectLike({
          CidrIp: cidr,
          FromPort: 443,
          ToPort: 443,
          IpProtocol: 'tcp',
        }),
      ),
    });
  });

  it('never opens a security group to the internet', () => {
    const groups = network.findResources('AWS::EC2::SecurityGroup');
    for (const group of Object.values(groups)) {
      for (const rule of group.Properties.SecurityGroupIngress ?? []) {
        expect(rule.CidrIp).not.toBe('0.0.0.0/0');
      }
    }
    const ingress = network.findResources('AWS::EC2::SecurityGroupIngress');
    for (const rule of Object.values(ingress)) {
      expect(rule.Properties.CidrIp).not.toBe('0.0.0.0/0');
    }
  });
});

describe('private hosted zones', () => {
  it.each([
    [
      'api.sagemaker.us-east-1.amazonaws.com.',
      'api.sagemaker.us-east-1.amazonaws.com.',
    ],
    ['studio.us-east-1.sagemaker.aws.', '*.studio.us-east-1.sagemaker.aws.'],
    ['sts.us-east-1.amazonaws.com.', 'sts.us-east-1.amazonaws.com.'],
  ])(
    '%s is private to the shared VPC and aliases %s to the regional endpoint name',
    (zoneName, recordName) => {
      const zones = network.findResources('AWS::Route53::HostedZone', {
        Properties: {
          Name: zoneName,
          VPCs: [Match.objectLike({ VPCRegion: 'us-east-1' })],
        },
      });
      expect(Object.keys(zones)).toHaveLength(1);
      const [zoneId] = Object.keys(zones);
      const records = network.findResources('AWS::Route53::RecordSet', {
        Properties: {
          HostedZoneId: { Ref: zoneId },
          Name: recordName,
          Type: 'A',
        },
      });
      expect(Object.keys(records)).toHaveLength(1);
      const alias = Object.values(records)[0].Properties.AliasTarget;
      // Taken from the custom resource that picks the entry by name, not DnsEntries[n].
      const [resolverId] = alias.DNSName['Fn::GetAtt'];
      expect(alias.DNSName).toEqual({ 'Fn::GetAtt': [resolverId, 'DnsName'] });
      expect(alias.HostedZoneId).toEqual({
        'Fn::GetAtt': [resolverId, 'HostedZoneId'],
      });
      expect(network.toJSON().Resources[resolverId].Type).toBe(
        'Custom::VpcEndpointRegionalDns',
      );
    },
  );

  it("never indexes into an endpoint's DnsEntries", () => {
    const resources = JSON.stringify(network.toJSON().Resources);
    expect(resources).not.toMatch(/"DnsEntries"\]/);
  });

  it('gives the DNS-entry handler only ec2:DescribeVpcEndpoints and its own logs', () => {
    network.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'ec2:DescribeVpcEndpoints',
            Effect: 'Allow',
            Resource: '*',
          },
          Match.objectLike({
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          }),
        ],
      },
    });
  });
});

describe('Route 53 Resolver', () => {
  it('has an inbound endpoint at fixed addresses and an outbound endpoint', () => {
    network.hasResourceProperties('AWS::Route53Resolver::ResolverEndpoint', {
      Direction: 'INBOUND',
      IpAddresses: [
        Match.objectLike({ Ip: Match.stringLikeRegexp('^10\\.0\\.') }),
        Match.objectLike({ Ip: Match.anyValue() }),
      ],
    });
    network.hasResourceProperties('AWS::Route53Resolver::ResolverEndpoint', {
      Direction: 'OUTBOUND',
    });
  });

  it('admits DNS at the inbound endpoint from the outbound endpoint, which delivers forwarded queries', () => {
    const groups = network.findResources('AWS::EC2::SecurityGroup');
    const idOf = (description: RegExp) =>
      Object.entries(groups).find(([, g]) =>
        description.test(g.Properties.GroupDescription),
      )![0];
    const inbound = idOf(/^Resolver inbound endpoint/);
    const outbound = idOf(/^Resolver outbound endpoint/);
    for (const protocol of ['udp', 'tcp']) {
      network.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        GroupId: { 'Fn::GetAtt': [inbound, 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [outbound, 'GroupId'] },
        IpProtocol: protocol,
        FromPort: 53,
        ToPort: 53,
      });
    }
    expect(
      groups[inbound].Properties.SecurityGroupIngress.map((r: any) => r.CidrIp),
    ).toContain('10.0.0.0/16');
  });

  it('forwards the service names to the inbound endpoint and corporate zones to corporate DNS', () => {
    const inbound = Object.values(
      network.findResources('AWS::Route53Resolver::ResolverEndpoint', {
        Properties: { Direction: 'INBOUND' },
      }),
    )[0].Properties.IpAddresses.map((a: { Ip: string }) => ({
      Ip: a.Ip,
      Port: '53',
    }));
    for (const domain of [
      'api.sagemaker.us-east-1.amazonaws.com',
      'studio.us-east-1.sagemaker.aws',
      'sts.us-east-1.amazonaws.com',
    ]) {
      network.hasResourceProperties('AWS::Route53Resolver::ResolverRule', {
        DomainName: domain,
        RuleType: 'FORWARD',
        TargetIps: inbound,
      });
    }
    network.hasResourceProperties('AWS::Route53Resolver::ResolverRule', {
      DomainName: 'corp.example.com',
      TargetIps: [
        { Ip: '172.16.0.10', Port: '53' },
        { Ip: '172.16.1.10', Port: '53' },
      ],
    });
  });

  it('shares every resolver rule with the LOB accounts through RAM', () => {
    const rules = Object.keys(
      network.findResources('AWS::Route53Resolver::ResolverRule'),
    );
    network.hasResourceProperties('AWS::RAM::ResourceShare', {
      Name: 'studio-portal-resolver-rules',
      AllowExternalPrincipals: false,
      Principals: LOB_ACCOUNTS,
      ResourceArns: rules.map(id => ({ 'Fn::GetAtt': [id, 'Arn'] })),
    });
  });
});

describe('Transit Gateway', () => {
  it('auto-accepts attachments; new ones default to the lobs route table and propagate into shared', () => {
    network.hasResourceProperties('AWS::EC2::TransitGateway', {
      AutoAcceptSharedAttachments: 'enable',
      // Not AWS's single default table: the custom resource sets ours.
      DefaultRouteTableAssociation: 'disable',
      DefaultRouteTablePropagation: 'disable',
    });
    network.resourceCountIs('AWS::EC2::TransitGatewayAttachment', 1);
    network.resourceCountIs('AWS::EC2::TransitGatewayRouteTable', 2);
    const tables = network.findResources('AWS::EC2::TransitGatewayRouteTable');
    const tableId = (name: string) => {
      const [id] = Object.entries(tables).find(([, t]) =>
        t.Properties.Tags.some(
          (tag: any) => tag.Value === `studio-portal-${name}`,
        ),
      )!;
      return { 'Fn::GetAtt': [id, 'TransitGatewayRouteTableId'] };
    };
    const [defaults] = Object.values(
      network.findResources('Custom::TransitGatewayDefaultRouteTables'),
    );
    // Create is a Fn::Join of JSON text and the ids: each id follows its key.
    const parts: any[] = defaults.Properties.Create['Fn::Join'][1];
    const after = (key: string) =>
      parts[
        parts.findIndex(
          p => typeof p === 'string' && p.endsWith(`"${key}":"`),
        ) + 1
      ];
    expect(parts[0]).toContain('"action":"modifyTransitGateway"');
    expect(after('AssociationDefaultRouteTableId')).toEqual(tableId('lobs'));
    expect(after('PropagationDefaultRouteTableId')).toEqual(tableId('shared'));
    const text = parts.filter(p => typeof p === 'string').join('');
    expect(text).toContain('"DefaultRouteTableAssociation":"enable"');
    expect(text).toContain('"DefaultRouteTablePropagation":"enable"');
  });

  it('associates the shared VPC and the corporate attachment with the shared route table', () => {
    const associations = Object.values(
      network.findResources('AWS::EC2::TransitGatewayRouteTableAssociation'),
    ).map(a => a.Properties);
    expect(associations).toHaveLength(2);
    expect(associations.map(a => a.TransitGatewayAttachmentId)).toEqual([
      {
        'Fn::GetAtt': [
          expect.stringMatching(/^TransitSharedVpcAttachment/),
          'Id',
        ],
      },
      'tgw-attach-0c0ffee0c0ffee000',
    ]);
    expect(
      new Set(
        associations.map(a => JSON.stringify(a.TransitGatewayRouteTableId)),
      ).size,
    ).toBe(1);
  });

  it('routes the corporate CIDRs to the corporate attachment in both route tables', () => {
    const routes = Object.values(
      network.findResources('AWS::EC2::TransitGatewayRoute'),
    ).map(r => r.Properties);
    expect(routes).toHaveLength(2);
    for (const route of routes) {
      expect(route).toMatchObject({
        DestinationCidrBlock: '172.16.0.0/12',
        TransitGatewayAttachmentId: 'tgw-attach-0c0ffee0c0ffee000',
      });
    }
  });

  it('is shared with the LOB accounts through RAM', () => {
    const [tgw] = Object.keys(
      network.findResources('AWS::EC2::TransitGateway'),
    );
    network.hasResourceProperties('AWS::RAM::ResourceShare', {
      Name: 'studio-portal-transit-gateway',
      Principals: LOB_ACCOUNTS,
      ResourceArns: [
        {
          'Fn::Join': [
            '',
            Match.arrayWith([
              Match.stringLikeRegexp(':transit-gateway/$'),
              { Ref: tgw },
            ]),
          ],
        },
      ],
    });
  });

  it('routes the LOB and corporate networks from the portal and resolver subnets to the TGW', () => {
    const routeTables = (group: string) =>
      Object.keys(
        network.findResources('AWS::EC2::RouteTable', {
          Properties: {
            Tags: Match.arrayWith([
              Match.objectLike({
                Value: Match.stringLikeRegexp(`/${group}Subnet`),
              }),
            ]),
          },
        }),
      );
    for (const group of ['app', 'dns']) {
      const tables = routeTables(group);
      expect(tables).toHaveLength(2);
      for (const table of tables) {
        for (const cidr of [
          '10.1.0.0/16',
          '10.2.0.0/16',
          '10.3.0.0/16',
          '172.16.0.0/12',
        ]) {
          network.hasResourceProperties('AWS::EC2::Route', {
            RouteTableId: { Ref: table },
            DestinationCidrBlock: cidr,
            TransitGatewayId: Match.anyValue(),
          });
        }
      }
    }
  });
});
describe('values published for the LOB accounts', () => {
  it('writes the endpoint ids, TGW id and rule ids to advanced SSM parameters shared through RAM', () => {
    const parameters = network.findResources('AWS::SSM::Parameter');
    const names = Object.values(parameters).map(p => p.Properties.Name);
    expect(names).toEqual(
      expect.arrayContaining([
        '/studio-portal/network/endpoint/sagemaker-api',
        '/studio-portal/network/endpoint/sagemaker-studio',
        '/studio-portal/network/transit-gateway-id',
        '/studio-portal/network/resolver-rule/sts',
      ]),
    );
    for (const parameter of Object.values(parameters)) {
      expect(parameter.Properties.Tier).toBe('Advanced');
    }
    network.hasResourceProperties('AWS::RAM::ResourceShare', {
      Name: 'studio-portal-network-parameters',
      Principals: LOB_ACCOUNTS,
      ResourceArns: Object.keys(parameters).map(id => ({
        'Fn::Join': ['', Match.arrayWith([{ Ref: id }])],
      })),
    });
  });
});

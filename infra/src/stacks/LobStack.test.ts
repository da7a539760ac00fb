import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  EXAMPLE_CONFIG_PATH,
  ExampleApp,
  synthExampleApp,
} from '../__testUtils__/exampleApp';

jest.setTimeout(60_000);

let example: ExampleApp;
let lobA: Template;
let lobC: Template;
beforeAll(() => {
  example = synthExampleApp();
  [lobA, , lobC] = example.lobs;
});

const SHARED_PARAMETER = (name: string) =>
  `arn:aws:ssm:us-east-1:999999999999:parameter/studio-portal/network/${name}`;

function parameterRefFor(template: Template, name: string): { Ref: string } {
  const parameters = template.toJSON().Parameters as Record<
    string,
    { Type: string; Default: string }
  >;
  const [id] =
    Object.entries(parameters).find(
      ([, p]) => p.Default === SHARED_PARAMETER(name),
    ) ?? [];
  expect(id).toBeDefined();
  expect(parameters[id!].Type).toBe('AWS::SSM::Parameter::Value<String>');
  return { Ref: id! };
}

function accessRole(template: Template) {
  const roles = template.findResources('AWS::IAM::Role', {
    Properties: {
      Description: Match.stringLikeRegexp('Studio portal per user'),
    },
  });
  expect(Object.keys(roles)).toHaveLength(1);
  return Object.values(roles)[0].Properties;
}

it('synthesizes one stack per LOB in its own account and region', () => {
  expect(
    example.stacks.lobs.map(s => [s.stackName, s.account, s.region]),
  ).toEqual([
    ['StudioPortal-Lob-lob-a', '111111111111', 'us-east-1'],
    ['StudioPortal-Lob-lob-b', '222222222222', 'us-east-1'],
    ['StudioPortal-Lob-lob-c', '333333333333', 'us-east-1'],
  ]);
});

describe('Studio domain', () => {
  it.each([0, 1, 2])(
    'LOB %i has a VpcOnly, IAM-authenticated domain in its own VPC subnets',
    index => {
      example.lobs[index].hasResourceProperties('AWS::SageMaker::Domain', {
        AppNetworkAccessType: 'VpcOnly',
        AuthMode: 'IAM',
        VpcId: { Ref: Match.stringLikeRegexp('^NetworkVpc') },
        SubnetIds: [
          { Ref: Match.stringLikeRegexp('^NetworkVpcstudioSubnet1') },
          { Ref: Match.stringLikeRegexp('^NetworkVpcstudioSubnet2') },
        ],
        KmsKeyId: Match.anyValue(),
        DefaultUserSettings: Match.objectLike({
          SecurityGroups: [Match.anyValue()],
        }),
      });
    },
  );

  it('creates the configured user profiles', () => {
    lobA.resourceCountIs('AWS::SageMaker::UserProfile', 2);
    for (const name of ['user-lob-a', 'user-lob-ab']) {
      lobA.hasResourceProperties('AWS::SageMaker::UserProfile', {
        UserProfileName: name,
      });
    }
  });

  it('gives the execution role no managed policies and S3 only on the listed bucket', () => {
    const roles = lobA.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: [
            Match.objectLike({
              Principal: { Service: 'sagemaker.amazonaws.com' },
            }),
          ],
        },
      },
    });
    expect(Object.keys(roles)).toHaveLength(1);
    expect(
      Object.values(roles)[0].Properties.ManagedPolicyArns,
    ).toBeUndefined();

    const statements = Object.values(
      lobA.findResources('AWS::IAM::Policy'),
    ).flatMap(p => p.Properties.PolicyDocument.Statement);
    const s3 = statements.filter(s =>
      [s.Action].flat().some((a: string) => a.startsWith('s3:')),
    );
    expect(s3.flatMap(s => [s.Action].flat())).not.toContain('s3:*');
    const partitionArn = (suffix: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, suffix]],
    });
    expect(s3.map(s => s.Resource)).toEqual([
      partitionArn(':s3:::lob-a-ml-data'),
      partitionArn(':s3:::lob-a-ml-data/*'),
    ]);
    for (const statement of statements) {
      expect([statement.Action].flat()).not.toContain('sagemaker:*');
    }
  });

  it('gives a LOB without data buckets no S3 permissions at all', () => {
    const statements = Object.values(
      lobC.findResources('AWS::IAM::Policy'),
    ).flatMap(p => p.Properties.PolicyDocument.Statement);
    expect(statements.some(s => JSON.stringify(s.Action).includes('s3:'))).toBe(
      false,
    );
  });
});

describe('portal access role', () => {
  it('trusts only the portal task role, one statement per action with its own conditions', () => {
    const role = accessRole(lobA);
    expect(role.RoleName).toBe('SageMakerStudioPortalAccess');
    expect(role.MaxSessionDuration).toBe(3600);
    const portal = {
      AWS: 'arn:aws:iam::999999999999:role/studio-portal-backstage-task',
    };
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Sid: 'AssumeWithExternalIdAndSourceIdentity',
        Effect: 'Allow',
        Principal: portal,
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: {
            'sts:ExternalId':
              '{{resolve:secretsmanager:arn:aws:secretsmanager:us-east-1:999999999999:secret:studio-portal/external-id-Ab12Cd:SecretString:externalId::}}',
          },
          Null: { 'sts:SourceIdentity': 'false' },
        },
      },
      {
        Sid: 'TagSessionWithTheProfileTagOnly',
        Effect: 'Allow',
        Principal: portal,
        Action: 'sts:TagSession',
        Condition: {
          Null: { 'aws:RequestTag/studio-user-profile': 'false' },
          'ForAllValues:StringEquals': {
            'aws:TagKeys': ['studio-user-profile', 'backstage-user'],
          },
        },
      },
      {
        Sid: 'SetSourceIdentity',
        Effect: 'Allow',
        Principal: portal,
        Action: 'sts:SetSourceIdentity',
        Condition: { Null: { 'sts:SourceIdentity': 'false' } },
      },
    ]);
  });

  it('trusts the same task role name the access stack creates', () => {
    example.access.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'studio-portal-backstage-task',
    });
  });

  it('allows a presigned URL only for the tagged profile and only through the shared endpoints', () => {
    const role = accessRole(lobA);
    const statements = role.Policies.flatMap(
      (p: any) => p.PolicyDocument.Statement,
    );
    const presign = statements.filter((s: any) =>
      [s.Action].flat().includes('sagemaker:CreatePresignedDomainUrl'),
    );
    expect(presign).toHaveLength(1);
    expect(presign[0].Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':sagemaker:us-east-1:111111111111:user-profile/',
          {
            'Fn::GetAtt': [expect.stringMatching(/^StudioDomain/), 'DomainId'],
          },
          '/${aws:PrincipalTag/studio-user-profile}',
        ],
      ],
    });
    expect(presign[0].Condition).toEqual({
      StringEquals: {
        'aws:SourceVpce': [
          parameterRefFor(lobA, 'endpoint/sagemaker-api'),
          parameterRefFor(lobA, 'endpoint/sagemaker-studio'),
        ],
      },
    });
  });

  it('allows every call only through the same endpoints, and the profile calls only for the tagged profile', () => {
    const role = accessRole(lobA);
    const statements = role.Policies.flatMap(
      (p: any) => p.PolicyDocument.Statement,
    );
    const presign = statements.find((s: any) =>
      [s.Action].flat().includes('sagemaker:CreatePresignedDomainUrl'),
    );
    for (const statement of statements) {
      expect(statement.Condition.StringEquals['aws:SourceVpce']).toEqual(
        presign.Condition.StringEquals['aws:SourceVpce'],
      );
    }
    for (const action of [
      'sagemaker:DescribeUserProfile',
      'sagemaker:CreateUserProfile',
      'sagemaker:AddTags',
    ]) {
      const statement = statements.find((s: any) =>
        [s.Action].flat().includes(action),
      );
      expect(statement.Resource).toEqual(presign.Resource);
    }
  });

  it('limits the other actions to reading this domain and listing spaces and apps', () => {
    const role = accessRole(lobA);
    const statements = role.Policies.flatMap(
      (p: any) => p.PolicyDocument.Statement,
    );
    const actions = statements.flatMap((s: any) => [s.Action].flat()).sort();
    // The example LOBs give created profiles the domain's default execution role: no iam:PassRole.
    expect(actions).toEqual([
      'sagemaker:AddTags',
      'sagemaker:CreatePresignedDomainUrl',
      'sagemaker:CreateUserProfile',
      'sagemaker:DescribeDomain',
      'sagemaker:DescribeUserProfile',
      'sagemaker:ListApps',
      'sagemaker:ListSpaces',
      'sagemaker:ListTags',
    ]);
    const describe = statements.find((s: any) =>
      [s.Action].flat().includes('sagemaker:DescribeDomain'),
    );
    expect(JSON.stringify(describe.Resource)).toContain(':domain/');
    expect(JSON.stringify(describe.Resource)).not.toContain('*');
  });

  it("publishes the LOB's row of the portal's LOB table as outputs", () => {
    const outputs = lobC.toJSON().Outputs;
    expect(outputs.LobId.Value).toBe('lob-c');
    expect(outputs.LobDisplayName.Value).toBe('Line of business C');
    expect(outputs.LobAccountId.Value).toBe('333333333333');
    expect(outputs.LobRegion.Value).toBe('us-east-1');
    expect(outputs.AccessRoleName.Value).toBe('StudioPortalAccessLobC');
    expect(outputs.DomainId.Value).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^StudioDomain/), 'DomainId'],
    });
  });

  it('may pass only the configured execution roles of created profiles, and only to SageMaker', () => {
    const raw = parseYaml(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'));
    raw.lobs[2].profileExecutionRoleNames = ['lob-c-ds-execution'];
    const changed = synthExampleApp({ raw });
    const statements = (template: Template) =>
      accessRole(template).Policies.flatMap(
        (p: any) => p.PolicyDocument.Statement,
      );
    const passRole = statements(changed.lobs[2]).filter((s: any) =>
      [s.Action].flat().includes('iam:PassRole'),
    );
    expect(passRole).toEqual([
      expect.objectContaining({
        Action: 'iam:PassRole',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':iam::333333333333:role/lob-c-ds-execution',
            ],
          ],
        },
        Condition: {
          StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
        },
      }),
    ]);
    // The other LOBs configure none: no iam:PassRole at all.
    expect(
      statements(changed.lobs[0]).some((s: any) =>
        [s.Action].flat().includes('iam:PassRole'),
      ),
    ).toBe(false);
  });

  it("uses a LOB's own role name when it sets one", () => {
    expect(accessRole(lobC).RoleName).toBe('StudioPortalAccessLobC');
  });
});

describe('network wiring', () => {
  it('attaches the VPC to the shared TGW read from the shared SSM parameter', () => {
    lobA.hasResourceProperties('AWS::EC2::TransitGatewayAttachment', {
      TransitGatewayId: parameterRefFor(lobA, 'transit-gateway-id'),
    });
  });

  it('routes only the shared and corporate networks to the TGW (no other LOB)', () => {
    const routes = Object.values(lobA.findResources('AWS::EC2::Route')).map(
      r => r.Properties,
    );
    const viaTgw = routes.filter(r => r.TransitGatewayId);
    expect(
      [...new Set(viaTgw.map(r => r.DestinationCidrBlock))].sort(),
    ).toEqual(['10.0.0.0/16', '172.16.0.0/12']);
    expect(routes.some(r => r.DestinationCidrBlock === '0.0.0.0/0')).toBe(
      false,
    );
  });

  it('associates every shared resolver rule with the VPC', () => {
    lobA.resourceCountIs('AWS::Route53Resolver::ResolverRuleAssociation', 9);
    for (const rule of [
      'sagemaker-api',
      'sagemaker-studio',
      'sts',
      'corp-corp-example-com',
    ]) {
      lobA.hasResourceProperties(
        'AWS::Route53Resolver::ResolverRuleAssociation',
        {
          ResolverRuleId: parameterRefFor(lobA, `resolver-rule/${rule}`),
        },
      );
    }
  });

  it('has no internet or NAT gateway', () => {
    lobA.resourceCountIs('AWS::EC2::InternetGateway', 0);
    lobA.resourceCountIs('AWS::EC2::NatGateway', 0);
  });
});

import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthExampleApp } from '../__testUtils__/exampleApp';

jest.setTimeout(60_000);

let access: Template;
beforeAll(() => {
  access = synthExampleApp().access;
});

describe('Cognito sign-in', () => {
  it('has a strong password policy, required TOTP MFA and enforced threat protection', () => {
    access.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        },
      },
      UserPoolTier: 'PLUS',
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      DeletionProtection: 'ACTIVE',
    });
  });

  it('has a hosted UI domain and a code-flow client for the Backstage OIDC callback', () => {
    access.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'studio-portal-example',
    });
    access.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email', 'profile'],
      CallbackURLs: [
        'https://studio-portal.corp.example.com/api/auth/oidc/handler/frame',
      ],
      PreventUserExistenceErrors: 'ENABLED',
    });
    const clients = access.findResources('AWS::Cognito::UserPoolClient');
    for (const client of Object.values(clients)) {
      expect(client.Properties.AllowedOAuthFlows).not.toContain('implicit');
    }
  });

  it('creates the studio-admins group', () => {
    access.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: 'studio-admins',
    });
  });
});

describe('mapping tables', () => {
  const protectedTable = {
    BillingMode: 'PAY_PER_REQUEST',
    PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    DeletionProtectionEnabled: true,
    SSESpecification: { SSEEnabled: true },
  };

  it('has the LOBs table keyed by lobId with PITR, deletion protection and encryption', () => {
    access.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        ...protectedTable,
        TableName: 'studio-portal-lobs',
        KeySchema: [{ AttributeName: 'lobId', KeyType: 'HASH' }],
      },
    });
  });

  it('has the memberships table (userRef, lobId) with GSI byLob (lobId, userRef), projection ALL', () => {
    access.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: {
        ...protectedTable,
        TableName: 'studio-portal-memberships',
        KeySchema: [
          { AttributeName: 'userRef', KeyType: 'HASH' },
          { AttributeName: 'lobId', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byLob',
            KeySchema: [
              { AttributeName: 'lobId', KeyType: 'HASH' },
              { AttributeName: 'userRef', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
    });
  });
});

describe('Backstage service', () => {
  it('runs behind an internal ALB that only speaks TLS', () => {
    access.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      LoadBalancerAttributes: Match.arrayWith([
        {
          Key: 'routing.http.drop_invalid_header_fields.enabled',
          Value: 'true',
        },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]),
    });
    const listeners = access.findResources(
      'AWS::ElasticLoadBalancingV2::Listener',
    );
    expect(Object.values(listeners).map(l => l.Properties.Protocol)).toEqual([
      'HTTPS',
    ]);
    access.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Certificates: [
        {
          CertificateArn:
            'arn:aws:acm:us-east-1:999999999999:certificate/11111111-2222-3333-4444-555555555555',
        },
      ],
    });
  });

  it('admits HTTPS to the ALB from the corporate and shared networks only', () => {
    access.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('^Portal load balancer'),
      SecurityGroupIngress: [
        Match.objectLike({ CidrIp: '10.0.0.0/16', FromPort: 443 }),
        Match.objectLike({ CidrIp: '172.16.0.0/12', FromPort: 443 }),
      ],
    });
  });

  it('uses the ECR image from config and injects secrets from Secrets Manager', () => {
    access.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Image: Match.objectLike({
            'Fn::Join': [
              '',
              Match.arrayWith([
                Match.stringLikeRegexp('studio-portal/backstage:0\\.1\\.0$'),
              ]),
            ],
          }),
          Secrets: Match.arrayWith([
            {
              Name: 'APP_CONFIG_sagemakerStudio_access_externalId',
              ValueFrom:
                'arn:aws:secretsmanager:us-east-1:999999999999:secret:studio-portal/external-id-Ab12Cd:externalId::',
            },
            Match.objectLike({
              Name: 'APP_CONFIG_auth_providers_oidc_production_clientSecret',
            }),
            Match.objectLike({ Name: 'POSTGRES_PASSWORD' }),
          ]),
          Environment: Match.arrayWith([
            {
              Name: 'APP_CONFIG_sagemakerStudio_access_profileTagKey',
              Value: 'studio-user-profile',
            },
          ]),
        }),
      ],
    });
  });

  it('has a task role with a fixed name that may assume only the LOB access roles', () => {
    access.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'studio-portal-backstage-task',
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Principal: { Service: 'ecs-tasks.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': '999999999999' },
            },
          }),
        ],
      },
    });
    const policies = access.findResources('AWS::IAM::Policy', {
      Properties: {
        Roles: [{ Ref: Match.stringLikeRegexp('^PortalTaskRole') }],
      },
    });
    const statements = Object.values(policies).flatMap(
      p => p.Properties.PolicyDocument.Statement,
    );
    const sts = statements.filter(s =>
      [s.Action].flat().some((a: string) => a.startsWith('sts:')),
    );
    expect(sts).toEqual([
      {
        Sid: 'AssumeLobAccessRoles',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
        Resource: [
          'arn:aws:iam::111111111111:role/SageMakerStudioPortalAccess',
          'arn:aws:iam::222222222222:role/SageMakerStudioPortalAccess',
          'arn:aws:iam::333333333333:role/StudioPortalAccessLobC',
        ],
      },
    ]);
    for (const statement of statements) {
      expect(statement.Resource).not.toBe('*');
      expect([statement.Action].flat()).not.toContain('dynamodb:*');
    }
    const dynamo = statements.filter(s =>
      [s.Action].flat().some((a: string) => a.startsWith('dynamodb:')),
    );
    expect(dynamo.length).toBeGreaterThan(0);
  });
});

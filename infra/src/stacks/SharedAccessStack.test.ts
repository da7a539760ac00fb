import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  EXAMPLE_CONFIG_PATH,
  ExampleApp,
  synthExampleApp,
} from '../__testUtils__/exampleApp';

jest.setTimeout(120_000);

let example: ExampleApp;
let access: Template;
beforeAll(() => {
  example = synthExampleApp();
  example.app.synth();
  access = example.access;
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

  it("gives the portal task this pool's id and region for the catalog provider, and its OIDC metadata URL", () => {
    const [poolId] = Object.keys(
      access.findResources('AWS::Cognito::UserPool'),
    );
    const [task] = Object.values(
      access.findResources('AWS::ECS::TaskDefinition'),
    );
    const environment = Object.fromEntries(
      task.Properties.ContainerDefinitions[0].Environment.map((e: any) => [
        e.Name,
        e.Value,
      ]),
    );
    expect(environment.COGNITO_USER_POOL_ID).toEqual({ Ref: poolId });
    expect(environment.AWS_REGION).toBe('us-east-1');
    expect(JSON.stringify(environment.OIDC_METADATA_URL)).toContain(
      JSON.stringify({ Ref: poolId }),
    );
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

  it('builds the image from this repository by default (a Docker image asset)', () => {
    const [task] = Object.values(
      access.findResources('AWS::ECS::TaskDefinition'),
    );
    const image = JSON.stringify(task.Properties.ContainerDefinitions[0].Image);
    expect(image).toContain(
      'cdk-hnb659fds-container-assets-999999999999-us-east-1',
    );
    const assets = JSON.parse(
      readFileSync(
        join(example.app.outdir, 'StudioPortal-SharedAccess.assets.json'),
        'utf8',
      ),
    );
    const docker = Object.values(assets.dockerImages) as any[];
    expect(docker).toHaveLength(1);
    expect(docker[0].source).toMatchObject({
      dockerFile: 'packages/backend/Dockerfile',
      platform: 'linux/amd64',
    });
  });

  it('injects every credential from Secrets Manager, none as plain environment', () => {
    const [task] = Object.values(
      access.findResources('AWS::ECS::TaskDefinition'),
    );
    const [container] = task.Properties.ContainerDefinitions;
    const secrets = Object.fromEntries(
      container.Secrets.map((s: any) => [s.Name, s.ValueFrom]),
    );
    expect(Object.keys(secrets).sort()).toEqual([
      'AUTH_SESSION_SECRET',
      'CACHE_AUTH_TOKEN',
      'OIDC_CLIENT_SECRET',
      'POSTGRES_PASSWORD',
      'POSTGRES_USER',
      'STUDIO_EXTERNAL_ID',
    ]);
    expect(secrets.STUDIO_EXTERNAL_ID).toBe(
      'arn:aws:secretsmanager:us-east-1:999999999999:secret:studio-portal/external-id-Ab12Cd:externalId::',
    );
    const environment = container.Environment.map((e: any) => e.Name);
    for (const name of environment) {
      expect(name).not.toMatch(/SECRET|PASSWORD|TOKEN|EXTERNAL_ID/);
    }
    expect(container.Environment).toEqual(
      expect.arrayContaining([
        { Name: 'STUDIO_PROFILE_TAG_KEY', Value: 'studio-user-profile' },
        {
          Name: 'PORTAL_BASE_URL',
          Value: 'https://studio-portal.corp.example.com',
        },
        { Name: 'AWS_REGION', Value: 'us-east-1' },
      ]),
    );
  });

  it('lets the execution role read exactly those secrets and decrypt only through Secrets Manager', () => {
    const [task] = Object.values(
      access.findResources('AWS::ECS::TaskDefinition'),
    );
    const executionRole = task.Properties.ExecutionRoleArn['Fn::GetAtt'][0];
    const statements = Object.values(
      access.findResources('AWS::IAM::Policy', {
        Properties: { Roles: [{ Ref: executionRole }] },
      }),
    ).flatMap(p => p.Properties.PolicyDocument.Statement);
    const secretReads = statements.filter(s =>
      [s.Action].flat().includes('secretsmanager:GetSecretValue'),
    );
    const secretResources = secretReads.flatMap(s => [s.Resource].flat());
    // External id, Cognito client secret, database, cache token, session secret.
    expect(new Set(secretResources.map(r => JSON.stringify(r))).size).toBe(5);
    for (const resource of secretResources) {
      expect(resource).not.toBe('*');
    }
    // The ExternalId secret's key (customer managed, outside this stack).
    const decrypts = statements.filter(s =>
      [s.Action].flat().includes('kms:Decrypt'),
    );
    expect(decrypts).toEqual([
      expect.objectContaining({
        Resource:
          'arn:aws:kms:us-east-1:999999999999:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        Condition: {
          StringEquals: {
            'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com',
          },
        },
      }),
    ]);
    // The portal key (this stack's): its key policy names the role.
    const [key] = Object.values(access.findResources('AWS::KMS::Key'));
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Action: 'kms:Decrypt',
      Condition: {
        StringEquals: {
          'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com',
        },
      },
      Effect: 'Allow',
      Principal: { AWS: { 'Fn::GetAtt': [executionRole, 'Arn'] } },
      Resource: '*',
    });
    const actions = new Set(statements.flatMap(s => [s.Action].flat()));
    expect([...actions].sort()).toEqual([
      'ecr:BatchCheckLayerAvailability',
      'ecr:BatchGetImage',
      'ecr:GetAuthorizationToken',
      'ecr:GetDownloadUrlForLayer',
      'kms:Decrypt',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
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

describe('Backstage database', () => {
  it('is PostgreSQL in the isolated data subnets, encrypted with the portal key, Multi-AZ, protected, TLS only', () => {
    access.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({
        Engine: 'postgres',
        StorageEncrypted: true,
        KmsKeyId: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^PortalKey'), 'Arn'],
        },
        MultiAZ: true,
        DeletionProtection: true,
        PubliclyAccessible: false,
        BackupRetentionPeriod: 7,
        DBSubnetGroupName: {
          Ref: Match.stringLikeRegexp('^DatabaseInstanceSubnetGroup'),
        },
      }),
    });
    const [subnetGroup] = Object.values(
      access.findResources('AWS::RDS::DBSubnetGroup'),
    );
    expect(JSON.stringify(subnetGroup.Properties.SubnetIds)).toMatch(
      /NetworkVpcdataSubnet1.*NetworkVpcdataSubnet2/,
    );
    access.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Parameters: Match.objectLike({ 'rds.force_ssl': '1' }),
    });
  });

  it('keeps its generated password in Secrets Manager under the portal key, with a rotation function', () => {
    access.hasResourceProperties('AWS::SecretsManager::Secret', {
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PortalKey'), 'Arn'] },
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: '{"username":"backstage"}',
        GenerateStringKey: 'password',
      }),
    });
    access.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      HostedRotationLambda: Match.objectLike({
        RotationType: 'PostgreSQLSingleUser',
      }),
    });
  });

  it('admits PostgreSQL only from the portal tasks and the rotation function', () => {
    const groups = access.findResources('AWS::EC2::SecurityGroup');
    const idOf = (description: RegExp) =>
      Object.entries(groups).find(([, g]) =>
        description.test(g.Properties.GroupDescription),
      )![0];
    const database = idOf(/^Backstage database:/);
    const rules = Object.values(
      access.findResources('AWS::EC2::SecurityGroupIngress', {
        Properties: { GroupId: { 'Fn::GetAtt': [database, 'GroupId'] } },
      }),
    ).map(r => r.Properties.SourceSecurityGroupId['Fn::GetAtt'][0]);
    expect(rules.sort()).toEqual(
      [
        idOf(/^Backstage tasks/),
        idOf(/^Backstage database password rotation/),
      ].sort(),
    );
    expect(groups[database].Properties.SecurityGroupIngress).toBeUndefined();
  });
});

describe('shared cache', () => {
  it('is Valkey with TLS required, encrypted at rest with the portal key, an AUTH token and Multi-AZ failover', () => {
    access.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      Engine: 'valkey',
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^PortalKey'), 'Arn'] },
      AuthToken: Match.objectLike({
        'Fn::Join': Match.arrayWith([
          Match.arrayWith([
            Match.stringLikeRegexp('^\\{\\{resolve:secretsmanager:'),
          ]),
        ]),
      }),
      NumCacheClusters: 2,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
    });
  });

  it('admits Valkey only from the portal tasks', () => {
    const groups = access.findResources('AWS::EC2::SecurityGroup');
    const [cache] = Object.entries(groups).find(([, g]) =>
      /^Backstage cache/.test(g.Properties.GroupDescription),
    )!;
    const [tasks] = Object.entries(groups).find(([, g]) =>
      /^Backstage tasks/.test(g.Properties.GroupDescription),
    )!;
    const rules = Object.values(
      access.findResources('AWS::EC2::SecurityGroupIngress', {
        Properties: { GroupId: { 'Fn::GetAtt': [cache, 'GroupId'] } },
      }),
    ).map(r => r.Properties);
    expect(rules).toEqual([
      expect.objectContaining({
        SourceSecurityGroupId: { 'Fn::GetAtt': [tasks, 'GroupId'] },
        FromPort: 6379,
        ToPort: 6379,
      }),
    ]);
  });
});

describe('image from ECR instead', () => {
  it('creates the repository in its own stack, deployed before the access stack', () => {
    const raw = parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'));
    raw.portal.image = {
      source: 'ecr',
      repositoryName: 'studio-portal/backstage',
      tag: '0.1.0',
    };
    const app = synthExampleApp({ raw });
    expect(app.stacks.registry).toBeDefined();
    const registry = Template.fromStack(app.stacks.registry!);
    registry.hasResource('AWS::ECR::Repository', {
      DeletionPolicy: 'Retain',
      Properties: {
        RepositoryName: 'studio-portal/backstage',
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
        EncryptionConfiguration: { EncryptionType: 'KMS' },
        LifecyclePolicy: Match.anyValue(),
      },
    });
    expect(app.stacks.access.dependencies).toContain(app.stacks.registry);
    const [task] = Object.values(
      app.access.findResources('AWS::ECS::TaskDefinition'),
    );
    const image = JSON.stringify(task.Properties.ContainerDefinitions[0].Image);
    expect(image).toContain('"Fn::ImportValue":"StudioPortal-Registry:');
    expect(image).toMatch(/":0\.1\.0"\]\]\}$/);
  });
});

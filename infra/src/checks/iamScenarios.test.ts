import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ExampleApp, synthExampleApp } from '../__testUtils__/exampleApp';
import {
  exampleValueResolver,
  portalTaskRolePolicies,
  REGION,
  SHARED,
  TASK_SESSION,
} from '../__testUtils__/exampleIam';
import { PortalAccessRole } from '../constructs/PortalAccessRole';

/*
 * The synthesized IAM policies, evaluated by an independent simulator
 * (@cloud-copilot/iam-simulate, strict mode: each action sees only the
 * context keys AWS gives it) with the templates' intrinsics resolved to
 * example values. The scenarios are what the backend plugin sends
 * (LobSessions' AssumeRole, StudioLauncher's and LobChecker's calls) and
 * what an attacker or a misconfiguration would send instead.
 */

jest.setTimeout(120_000);

const LOB_A = '111111111111';
const TASK_ROLE = `arn:aws:iam::${SHARED}:role/studio-portal-backstage-task`;
const ACCESS_ROLE = `arn:aws:iam::${LOB_A}:role/SageMakerStudioPortalAccess`;
const EXTERNAL_ID = 'example-external-id-0123456789abcdef';
const DOMAIN = 'd-loba00000001';
const ENDPOINTS = {
  'sagemaker-api': 'vpce-0a1b2c3d4e5f60001',
  'sagemaker-studio': 'vpce-0a1b2c3d4e5f60002',
};
const PROFILE_TAG = 'studio-user-profile';
const USER_TAG = 'backstage-user';
const USER = 'user:default/user-lob-a';

type Json = any;

/**
 * Replaces CloudFormation intrinsics with example values: pseudo
 * parameters, the shared SSM parameters (endpoint ids), the Studio domain
 * id, the ExternalId's dynamic reference. Anything else is an error: the
 * policies must not depend on values the scenarios do not model.
 */
function resolver(template: Json, account: string) {
  const parameters = (template.Parameters ?? {}) as Record<
    string,
    { Default?: string }
  >;
  const resources = template.Resources as Record<string, { Type: string }>;
  return exampleValueResolver({
    region: REGION,
    account,
    string: value =>
      value.startsWith('{{resolve:secretsmanager:') ? EXTERNAL_ID : value,
    ref: ref =>
      Object.entries(ENDPOINTS).find(([name]) =>
        parameters[ref]?.Default?.endsWith(`/network/endpoint/${name}`),
      )?.[1],
    getAtt: (id, attribute) =>
      resources[id]?.Type === 'AWS::SageMaker::Domain' &&
      attribute === 'DomainId'
        ? DOMAIN
        : undefined,
  });
}

let example: ExampleApp;
let trustPolicy: Json;
let accessRolePolicies: Json[];
let taskRolePolicies: Json[];

beforeAll(() => {
  example = synthExampleApp();
  const lobA = example.lobs[0].toJSON();
  const [role] = Object.values(lobA.Resources as Record<string, Json>).filter(
    r =>
      r.Type === 'AWS::IAM::Role' &&
      r.Properties.RoleName === 'SageMakerStudioPortalAccess',
  );
  const resolveLob = resolver(lobA, LOB_A);
  trustPolicy = resolveLob(role.Properties.AssumeRolePolicyDocument);
  accessRolePolicies = role.Properties.Policies.map((p: Json) =>
    resolveLob(p.PolicyDocument),
  );

  // The task role's STS statement (the other statements are DynamoDB's).
  const access = example.access.toJSON();
  taskRolePolicies = portalTaskRolePolicies(access).map(p => ({
    ...p.Properties.PolicyDocument,
    Statement: p.Properties.PolicyDocument.Statement.filter((s: Json) =>
      [s.Action].flat().some((a: string) => a.startsWith('sts:')),
    ),
  }));
});

async function decide(simulation: Simulation): Promise<string> {
  const result = await runSimulation(simulation, { simulationMode: 'Strict' });
  if (result.resultType === 'error') {
    throw new Error(`simulation refused: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

/** What LobSessions sends: AssumeRole with ExternalId, SourceIdentity and two session tags. */
interface AssumeRoleCall {
  principal?: string;
  identityPolicies?: Json[];
  externalId?: string;
  sourceIdentity?: string;
  tags?: Record<string, string>;
}

const BACKEND_CALL: Required<AssumeRoleCall> = {
  principal: TASK_SESSION,
  identityPolicies: [],
  externalId: EXTERNAL_ID,
  sourceIdentity: 'user-lob-a@default',
  tags: {
    [PROFILE_TAG]: 'user-lob-a',
    'backstage-user': 'user:default/user-lob-a',
  },
};

/**
 * STS authorizes one AssumeRole call as up to three actions, each on the
 * role with the call's context (the simulator drops the keys an action does
 * not have): AssumeRole always, TagSession with tags, SetSourceIdentity with
 * a source identity. The call succeeds only if all of them are allowed.
 */
async function assumeRole(
  overrides: AssumeRoleCall,
): Promise<Record<string, string>> {
  const call = {
    ...BACKEND_CALL,
    identityPolicies: taskRolePolicies,
    ...overrides,
  };
  const context: Record<string, string | string[]> = {};
  if (call.externalId !== undefined)
    context['sts:ExternalId'] = call.externalId;
  if (call.sourceIdentity !== undefined)
    context['sts:SourceIdentity'] = call.sourceIdentity;
  context['sts:RoleSessionName'] = call.sourceIdentity ?? 'session';
  const tagKeys = Object.keys(call.tags);
  if (tagKeys.length > 0) context['aws:TagKeys'] = tagKeys;
  for (const [key, value] of Object.entries(call.tags))
    context[`aws:RequestTag/${key}`] = value;
  const actions = [
    'sts:AssumeRole',
    ...(tagKeys.length > 0 ? ['sts:TagSession'] : []),
    ...(call.sourceIdentity !== undefined ? ['sts:SetSourceIdentity'] : []),
  ];
  const decisions: Record<string, string> = {};
  for (const action of actions) {
    decisions[action] = await decide({
      request: {
        principal: call.principal,
        action,
        resource: { resource: ACCESS_ROLE, accountId: LOB_A },
        contextVariables: context,
      },
      identityPolicies: call.identityPolicies.map((policy, i) => ({
        name: `identity-${i}`,
        policy,
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: trustPolicy,
    });
  }
  return decisions;
}

const allAllowed = (decisions: Record<string, string>) =>
  Object.values(decisions).every(d => d === 'Allowed');

describe('the LOB access role trust (identity side: the portal task role)', () => {
  it('allows the exact AssumeRole the backend sends: all three actions', async () => {
    expect(await assumeRole({})).toEqual({
      'sts:AssumeRole': 'Allowed',
      'sts:TagSession': 'Allowed',
      'sts:SetSourceIdentity': 'Allowed',
    });
  });

  it.each<[string, AssumeRoleCall]>([
    ['no ExternalId', { externalId: undefined }],
    ['a wrong ExternalId', { externalId: 'guessed' }],
    ['no SourceIdentity', { sourceIdentity: undefined }],
    [
      'no profile tag',
      { tags: { 'backstage-user': 'user:default/user-lob-a' } },
    ],
    ['an extra tag key', { tags: { ...BACKEND_CALL.tags, team: 'x' } }],
  ])('denies a call with %s', async (_name, overrides) => {
    expect(allAllowed(await assumeRole(overrides))).toBe(false);
  });

  it('denies another principal of the shared account, even one allowed everything by its own policies', async () => {
    const decisions = await assumeRole({
      principal: `arn:aws:sts::${SHARED}:assumed-role/other-role/x`,
      identityPolicies: [
        {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:*', Resource: '*' }],
        },
      ],
    });
    expect(Object.values(decisions)).toEqual([
      'ImplicitlyDenied',
      'ImplicitlyDenied',
      'ImplicitlyDenied',
    ]);
  });

  it('would deny TagSession and SetSourceIdentity with one statement for all three actions (why there are three)', async () => {
    const merged = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: TASK_ROLE },
          Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
          Condition: Object.assign(
            {},
            ...trustPolicy.Statement.map((st: Json) => st.Condition),
          ),
        },
      ],
    };
    const original = trustPolicy;
    trustPolicy = merged;
    try {
      expect(await assumeRole({})).toEqual({
        'sts:AssumeRole': 'Allowed',
        'sts:TagSession': 'ImplicitlyDenied',
        'sts:SetSourceIdentity': 'ImplicitlyDenied',
      });
    } finally {
      trustPolicy = original;
    }
  });

  it('denies the task role a role it is not given (identity side)', async () => {
    const result = await runSimulation(
      {
        request: {
          principal: TASK_SESSION,
          action: 'sts:AssumeRole',
          resource: {
            resource: `arn:aws:iam::${LOB_A}:role/SomeOtherRole`,
            accountId: LOB_A,
          },
          contextVariables: {
            'sts:ExternalId': EXTERNAL_ID,
            'sts:SourceIdentity': 'x',
          },
        },
        identityPolicies: taskRolePolicies.map((policy, i) => ({
          name: `task-${i}`,
          policy,
        })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        // Even a trust that would let anyone in does not help.
        resourcePolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: TASK_ROLE },
              Action: 'sts:AssumeRole',
            },
          ],
        },
      },
      { simulationMode: 'Strict' },
    );
    expect(result.resultType !== 'error' && result.overallResult).toBe(
      'ImplicitlyDenied',
    );
  });
});

/** A call made with the access role's session, tagged with the user's profile. */
interface SessionContext {
  profile?: string;
  sourceVpce?: string;
  /** The session's Backstage user tag. */
  user?: string;
  /** The Tags of the request (CreateUserProfile, AddTags). */
  requestTags?: Record<string, string>;
  /** sagemaker:TaggingAction: the create an AddTags belongs to. */
  taggingAction?: string;
}

async function withSession(
  action: string,
  resource: string,
  context: SessionContext,
  policies: Json[] = accessRolePolicies,
): Promise<string> {
  const contextVariables: Record<string, string | string[]> = {};
  if (context.profile)
    contextVariables[`aws:PrincipalTag/${PROFILE_TAG}`] = context.profile;
  if (context.user)
    contextVariables[`aws:PrincipalTag/${USER_TAG}`] = context.user;
  if (context.sourceVpce)
    contextVariables['aws:SourceVpce'] = context.sourceVpce;
  if (context.requestTags) {
    contextVariables['aws:TagKeys'] = Object.keys(context.requestTags);
    for (const [key, value] of Object.entries(context.requestTags))
      contextVariables[`aws:RequestTag/${key}`] = value;
  }
  if (context.taggingAction)
    contextVariables['sagemaker:TaggingAction'] = context.taggingAction;
  return decide({
    request: {
      principal: `arn:aws:sts::${LOB_A}:assumed-role/SageMakerStudioPortalAccess/user-lob-a@default`,
      action,
      resource: { resource, accountId: LOB_A },
      contextVariables,
    },
    identityPolicies: policies.map((policy, i) => ({
      name: `access-${i}`,
      policy,
    })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
}

const sagemaker = (resource: string) =>
  `arn:aws:sagemaker:${REGION}:${LOB_A}:${resource}`;
const ownProfile = sagemaker(`user-profile/${DOMAIN}/user-lob-a`);
const viaApi = {
  profile: 'user-lob-a',
  sourceVpce: ENDPOINTS['sagemaker-api'],
};

describe.each([
  ['sagemaker:CreatePresignedDomainUrl'],
  ['sagemaker:DescribeUserProfile'],
  ['sagemaker:ListTags'],
])('%s with the access role', action => {
  it.each(Object.entries(ENDPOINTS))(
    'is allowed for the tagged profile through the %s endpoint',
    async (_name, vpce) => {
      expect(
        await withSession(action, ownProfile, {
          profile: 'user-lob-a',
          sourceVpce: vpce,
        }),
      ).toBe('Allowed');
    },
  );

  it.each<[string, string, { profile?: string; sourceVpce?: string }]>([
    [
      'another profile',
      sagemaker(`user-profile/${DOMAIN}/user-lob-ab`),
      viaApi,
    ],
    ['no endpoint', ownProfile, { profile: 'user-lob-a' }],
    [
      'another endpoint',
      ownProfile,
      { profile: 'user-lob-a', sourceVpce: 'vpce-0ffffffffffffffff' },
    ],
    [
      'another domain',
      sagemaker('user-profile/d-otherdomain01/user-lob-a'),
      viaApi,
    ],
    ['no profile tag', ownProfile, { sourceVpce: ENDPOINTS['sagemaker-api'] }],
  ])('is denied for %s', async (_name, resource, context) => {
    expect(await withSession(action, resource, context)).toBe(
      'ImplicitlyDenied',
    );
  });
});

/** What ProfileProvisioner sends: CreateUserProfile of the session's profile, tagged for its user. */
const CREATE: SessionContext = {
  ...viaApi,
  user: USER,
  requestTags: {
    [USER_TAG]: USER,
    'provisioned-by': 'sagemaker-studio-portal',
  },
};

const profileDenials: Array<[string, string, SessionContext]> = [
  [
    'another profile name',
    sagemaker(`user-profile/${DOMAIN}/user-new`),
    CREATE,
  ],
  [
    'another domain',
    sagemaker('user-profile/d-otherdomain01/user-lob-a'),
    CREATE,
  ],
  ['no tags', ownProfile, { ...CREATE, requestTags: undefined }],
  [
    'no Backstage user tag',
    ownProfile,
    {
      ...CREATE,
      requestTags: { 'provisioned-by': 'sagemaker-studio-portal' },
    },
  ],
  [
    'a Backstage user tag naming another user',
    ownProfile,
    { ...CREATE, requestTags: { [USER_TAG]: 'user:default/someone-else' } },
  ],
  [
    'an extra tag key',
    ownProfile,
    { ...CREATE, requestTags: { ...CREATE.requestTags, team: 'fraud' } },
  ],
  [
    'a session without the Backstage user tag',
    ownProfile,
    { ...CREATE, user: undefined },
  ],
  ['no profile session tag', ownProfile, { ...CREATE, profile: undefined }],
  [
    'no endpoint (outside the VPC)',
    ownProfile,
    { ...CREATE, sourceVpce: undefined },
  ],
  [
    'another endpoint',
    ownProfile,
    { ...CREATE, sourceVpce: 'vpce-0ffffffffffffffff' },
  ],
];

describe('sagemaker:CreateUserProfile with the access role (profiles made at the first launch)', () => {
  it.each(Object.entries(ENDPOINTS))(
    'is allowed for the tagged profile, tagged for the session user, through the %s endpoint',
    async (_name, vpce) => {
      expect(
        await withSession('sagemaker:CreateUserProfile', ownProfile, {
          ...CREATE,
          sourceVpce: vpce,
        }),
      ).toBe('Allowed');
    },
  );

  it('is allowed with the Backstage user tag alone', async () => {
    expect(
      await withSession('sagemaker:CreateUserProfile', ownProfile, {
        ...CREATE,
        requestTags: { [USER_TAG]: USER },
      }),
    ).toBe('Allowed');
  });

  it.each(profileDenials)(
    'is denied with %s',
    async (_name, resource, context) => {
      expect(
        await withSession('sagemaker:CreateUserProfile', resource, context),
      ).toBe('ImplicitlyDenied');
    },
  );
});

describe('sagemaker:AddTags with the access role (only the tags of its own create)', () => {
  const onCreate = { ...CREATE, taggingAction: 'CreateUserProfile' };

  it('is allowed as part of CreateUserProfile of the tagged profile', async () => {
    expect(await withSession('sagemaker:AddTags', ownProfile, onCreate)).toBe(
      'Allowed',
    );
  });

  it.each<[string, string, SessionContext]>([
    // A later AddTags could rewrite who owns an existing profile.
    ['no create (AddTags on its own)', ownProfile, CREATE],
    [
      'the create of another resource',
      ownProfile,
      { ...onCreate, taggingAction: 'CreateSpace' },
    ],
    ...profileDenials.map(
      ([name, resource, context]): [string, string, SessionContext] => [
        name,
        resource,
        { ...context, taggingAction: 'CreateUserProfile' },
      ],
    ),
  ])('is denied with %s', async (_name, resource, context) => {
    expect(await withSession('sagemaker:AddTags', resource, context)).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('iam:PassRole with the access role (execution roles of created profiles)', () => {
  const EXECUTION_ROLE = `arn:aws:iam::${LOB_A}:role/StudioExecution`;

  function policiesWith(profileExecutionRoleArns?: string[]): Json[] {
    const app = new App();
    const stack = new Stack(app, 'Lob', {
      env: { account: LOB_A, region: REGION },
    });
    new PortalAccessRole(stack, 'Access', {
      roleName: 'SageMakerStudioPortalAccess',
      trustedRoleArn: TASK_ROLE,
      externalId: EXTERNAL_ID,
      profileTagKey: PROFILE_TAG,
      domainId: DOMAIN,
      sourceVpceIds: Object.values(ENDPOINTS),
      profileExecutionRoleArns,
    });
    const template = Template.fromStack(stack).toJSON();
    const [role] = Object.values(
      template.Resources as Record<string, Json>,
    ).filter(r => r.Type === 'AWS::IAM::Role');
    const resolve = resolver(template, LOB_A);
    return role.Properties.Policies.map((p: Json) => resolve(p.PolicyDocument));
  }

  const pass = (policies: Json[], role: string, service: string) =>
    decide({
      request: {
        principal: `arn:aws:sts::${LOB_A}:assumed-role/SageMakerStudioPortalAccess/user-lob-a@default`,
        action: 'iam:PassRole',
        resource: { resource: role, accountId: LOB_A },
        contextVariables: { 'iam:PassedToService': service },
      },
      identityPolicies: policies.map((policy, i) => ({
        name: `access-${i}`,
        policy,
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    });

  it('passes a configured execution role to SageMaker only', async () => {
    const policies = policiesWith([EXECUTION_ROLE]);
    expect(
      await pass(policies, EXECUTION_ROLE, 'sagemaker.amazonaws.com'),
    ).toBe('Allowed');
    expect(await pass(policies, EXECUTION_ROLE, 'ec2.amazonaws.com')).toBe(
      'ImplicitlyDenied',
    );
    expect(
      await pass(
        policies,
        `arn:aws:iam::${LOB_A}:role/Admin`,
        'sagemaker.amazonaws.com',
      ),
    ).toBe('ImplicitlyDenied');
  });

  it('passes no role when none is configured (created profiles use the domain default)', async () => {
    expect(
      await pass(policiesWith(), EXECUTION_ROLE, 'sagemaker.amazonaws.com'),
    ).toBe('ImplicitlyDenied');
    expect(
      await pass(accessRolePolicies, EXECUTION_ROLE, 'sagemaker.amazonaws.com'),
    ).toBe('ImplicitlyDenied');
  });
});

describe('sagemaker:DescribeDomain with the access role', () => {
  it.each(Object.entries(ENDPOINTS))(
    'is allowed for the LOB domain through the %s endpoint',
    async (_name, vpce) => {
      expect(
        await withSession(
          'sagemaker:DescribeDomain',
          sagemaker(`domain/${DOMAIN}`),
          { ...viaApi, sourceVpce: vpce },
        ),
      ).toBe('Allowed');
    },
  );

  it.each<[string, string, { profile?: string; sourceVpce?: string }]>([
    ['another domain', sagemaker('domain/d-otherdomain01'), viaApi],
    ['no endpoint', sagemaker(`domain/${DOMAIN}`), { profile: 'user-lob-a' }],
    [
      'another endpoint',
      sagemaker(`domain/${DOMAIN}`),
      { ...viaApi, sourceVpce: 'vpce-0ffffffffffffffff' },
    ],
  ])('is denied for %s', async (_name, resource, context) => {
    expect(
      await withSession('sagemaker:DescribeDomain', resource, context),
    ).toBe('ImplicitlyDenied');
  });
});

describe('sagemaker:ListSpaces with the access role (no resource-level permissions)', () => {
  it('is allowed through the shared endpoints', async () => {
    expect(await withSession('sagemaker:ListSpaces', '*', viaApi)).toBe(
      'Allowed',
    );
  });

  it.each<[string, { profile?: string; sourceVpce?: string }]>([
    ['no endpoint', { profile: 'user-lob-a' }],
    ['another endpoint', { ...viaApi, sourceVpce: 'vpce-0ffffffffffffffff' }],
  ])('is denied for %s', async (_name, context) => {
    expect(await withSession('sagemaker:ListSpaces', '*', context)).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('sagemaker:ListApps with the access role (no resource-level permissions)', () => {
  it.each(Object.entries(ENDPOINTS))(
    'is allowed through the %s endpoint',
    async (_name, vpce) => {
      expect(
        await withSession('sagemaker:ListApps', '*', {
          ...viaApi,
          sourceVpce: vpce,
        }),
      ).toBe('Allowed');
    },
  );

  it.each<[string, { profile?: string; sourceVpce?: string }]>([
    ['no endpoint', { profile: 'user-lob-a' }],
    ['another endpoint', { ...viaApi, sourceVpce: 'vpce-0ffffffffffffffff' }],
  ])('is denied for %s', async (_name, context) => {
    expect(await withSession('sagemaker:ListApps', '*', context)).toBe(
      'ImplicitlyDenied',
    );
  });
});

describe('nothing else with the access role', () => {
  it.each([
    ['sagemaker:DeleteUserProfile', ownProfile],
    ['sagemaker:UpdateUserProfile', ownProfile],
    ['sagemaker:DeleteTags', ownProfile],
    ['sagemaker:DeleteDomain', sagemaker(`domain/${DOMAIN}`)],
    [
      'sagemaker:CreateUserProfile',
      sagemaker(`user-profile/${DOMAIN}/new-user`),
    ],
    [
      'sagemaker:CreatePresignedNotebookInstanceUrl',
      sagemaker('notebook-instance/x'),
    ],
  ])('denies %s', async (action, resource) => {
    expect(await withSession(action, resource, viaApi)).toBe(
      'ImplicitlyDenied',
    );
  });
});

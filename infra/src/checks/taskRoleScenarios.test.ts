import { runSimulation } from '@cloud-copilot/iam-simulate';
import { USER_POOL_READ_ACTIONS } from '@studio-portal/plugin-catalog-backend-module-cognito';
import { synthExampleApp } from '../__testUtils__/exampleApp';
import {
  exampleValueResolver,
  portalTaskRolePolicies,
  REGION,
  SHARED,
  TASK_SESSION,
} from '../__testUtils__/exampleIam';

/*
 * The portal task role's Cognito grants, evaluated on the synthesized
 * policies by the independent simulator (@cloud-copilot/iam-simulate,
 * strict mode), with the template's intrinsics resolved to example values:
 * the catalog provider's three read calls are allowed on the CDK app's pool
 * and on nothing else; no call that changes the pool, signs a user in or
 * reads the app client (its secret) is allowed at all.
 */

jest.setTimeout(120_000);

const POOL_ID = `${REGION}_PortalPool1`;
const POOL_ARN = `arn:aws:cognito-idp:${REGION}:${SHARED}:userpool/${POOL_ID}`;

type Json = any;

let taskRolePolicies: Json[];
let cognitoStatements: Json[];

/**
 * Pseudo parameters, and the ARNs of the stack's own pool and tables;
 * anything else is an error (the grants must not depend on values these
 * scenarios do not model).
 */
function resolver(template: Json) {
  const resources = template.Resources as Record<
    string,
    { Type: string; Properties?: Json }
  >;
  const arnOf = (id: string): string => {
    const resource = resources[id];
    if (resource?.Type === 'AWS::Cognito::UserPool') return POOL_ARN;
    if (resource?.Type === 'AWS::DynamoDB::Table') {
      return `arn:aws:dynamodb:${REGION}:${SHARED}:table/${resource.Properties.TableName}`;
    }
    throw new Error(`no example ARN for ${id} (${resource?.Type})`);
  };
  return exampleValueResolver({
    region: REGION,
    account: SHARED,
    getAtt: (id, attribute) => (attribute === 'Arn' ? arnOf(id) : undefined),
  });
}

beforeAll(() => {
  const access = synthExampleApp().access.toJSON();
  const resolve = resolver(access);
  const policies = portalTaskRolePolicies(access);
  if (policies.length === 0) throw new Error('no task role policy');
  // Every statement of the role: a grant elsewhere in it must not widen Cognito.
  taskRolePolicies = policies.map(p => resolve(p.Properties.PolicyDocument));
  cognitoStatements = taskRolePolicies
    .flatMap(p => p.Statement)
    .filter((s: Json) =>
      [s.Action].flat().some((a: string) => a.startsWith('cognito-idp:')),
    );
});

async function decide(action: string, resource: string): Promise<string> {
  const result = await runSimulation(
    {
      request: {
        principal: TASK_SESSION,
        action,
        resource: { resource, accountId: SHARED },
        contextVariables: {},
      },
      identityPolicies: taskRolePolicies.map((policy, i) => ({
        name: `task-${i}`,
        policy,
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    { simulationMode: 'Strict' },
  );
  if (result.resultType === 'error') {
    throw new Error(`simulation refused: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}

describe('the portal task role and the Cognito user pool', () => {
  it('states exactly the provider read actions, on the one pool', () => {
    expect(cognitoStatements).toEqual([
      {
        Effect: 'Allow',
        Action: [...USER_POOL_READ_ACTIONS],
        Resource: POOL_ARN,
      },
    ]);
  });

  it.each(USER_POOL_READ_ACTIONS)('allows %s on the pool', async action => {
    expect(await decide(action, POOL_ARN)).toBe('Allowed');
  });

  it.each(
    USER_POOL_READ_ACTIONS.flatMap(action => [
      [
        action,
        'another pool of the account',
        `arn:aws:cognito-idp:${REGION}:${SHARED}:userpool/${REGION}_OtherPool1`,
      ],
      [
        action,
        'a pool of another account',
        `arn:aws:cognito-idp:${REGION}:111111111111:userpool/${POOL_ID}`,
      ],
      [
        action,
        'a pool of another region',
        `arn:aws:cognito-idp:eu-west-1:${SHARED}:userpool/eu-west-1_PortalPool1`,
      ],
    ]),
  )('denies %s on %s', async (action, _what, resource) => {
    expect(await decide(action, resource)).toBe('ImplicitlyDenied');
  });

  it.each([
    // Writes: users, passwords, groups and memberships, the pool itself.
    'cognito-idp:AdminCreateUser',
    'cognito-idp:AdminDeleteUser',
    'cognito-idp:AdminSetUserPassword',
    'cognito-idp:AdminUpdateUserAttributes',
    'cognito-idp:AdminDisableUser',
    'cognito-idp:AdminAddUserToGroup',
    'cognito-idp:AdminRemoveUserFromGroup',
    'cognito-idp:CreateGroup',
    'cognito-idp:DeleteGroup',
    'cognito-idp:UpdateUserPool',
    'cognito-idp:DeleteUserPool',
    // Sign-in as a user, and the app client's secret.
    'cognito-idp:AdminInitiateAuth',
    'cognito-idp:DescribeUserPoolClient',
    // Reads the provider does not make.
    'cognito-idp:AdminGetUser',
    'cognito-idp:AdminListGroupsForUser',
  ])('denies %s on the pool', async action => {
    expect(await decide(action, POOL_ARN)).toBe('ImplicitlyDenied');
  });
});

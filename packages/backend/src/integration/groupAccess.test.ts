import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type BackstageCredentials,
  type BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  startCognitoStandIn,
  type CognitoStandIn,
} from '@studio-portal/aws-local';
import {
  CognitoUserPoolEntityProvider,
  SdkUserPoolReader,
  readProviderConfig,
} from '@studio-portal/plugin-catalog-backend-module-cognito';
import sagemakerStudioPlugin from '@studio-portal/plugin-sagemaker-studio-backend';
import request from 'supertest';
import type { LocalEnvironment } from '../localMode/localEnvironment';
import { startDemoEnvironment, studioConfigFor } from './localWorld';
import { ADMIN, ADMIN_GROUP, as } from './__testUtils__/portal';

/*
 * Issue 16's check, end to end with real parts: a user added to a group in
 * the (stand-in) Cognito pool reaches the real catalog through the Cognito
 * provider, and opens a LOB through that group's membership (the portal
 * creates their Studio profile on the first launch); removed from the group
 * and the provider run again, their access ends though their Backstage
 * token (a snapshot of sign-in) still names the group. Real SDK clients
 * against the Cognito stand-in, DynamoDB Local and the STS/SageMaker
 * stand-in; the real catalog and sagemaker-studio plugins in one test
 * backend.
 */

jest.setTimeout(180_000);

const POOL = 'us-east-1_GroupAccess1';
const GROUP = 'data-scientists';
const GROUP_REF = `group:default/${GROUP}`;
const CATALOG_KEY = {
  accessKeyId: 'AKIACATALOGGROUPS001',
  secretAccessKey: 'catalog-groups-secret',
  arn: 'arn:aws:iam::000000000000:role/studio-portal-backend',
  actions: [
    'cognito-idp:ListUsers',
    'cognito-idp:ListGroups',
    'cognito-idp:ListUsersInGroup',
  ],
};
const POOL_ADMIN = {
  accessKeyId: 'AKIACOGNITOPOOLADM01',
  secretAccessKey: 'pool-admin-secret',
  arn: 'arn:aws:iam::000000000000:user/pool-admin',
};

let env: LocalEnvironment;
let cognito: CognitoStandIn;
let poolAdmin: CognitoIdentityProviderClient;
let server: any;
let provider: CognitoUserPoolEntityProvider;
/** What each user's Backstage token says, taken from the catalog at their sign-in. */
const tokens = new Map<string, string[]>();

beforeAll(async () => {
  env = await startDemoEnvironment({}, { provisionProfiles: true });
  env.aws.setProfileCreation({ delayMs: 200 });
  cognito = await startCognitoStandIn({
    pools: [
      {
        userPoolId: POOL,
        groups: [{ groupName: GROUP }],
        users: [
          {
            username: 'nadia',
            attributes: { email: 'nadia@example.com' },
            password: 'Passw0rd!',
          },
        ],
      },
    ],
    callers: [CATALOG_KEY, POOL_ADMIN],
  });
  poolAdmin = new CognitoIdentityProviderClient({
    endpoint: cognito.endpoint,
    region: 'us-east-1',
    credentials: POOL_ADMIN,
  });
  const providerConfig = readProviderConfig(
    'groups',
    new ConfigReader({
      userPoolId: POOL,
      region: 'us-east-1',
      endpoint: cognito.endpoint,
      credentials: {
        accessKeyId: CATALOG_KEY.accessKeyId,
        secretAccessKey: CATALOG_KEY.secretAccessKey,
      },
    }),
  );
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'cognito-run-by-the-test',
        register(reg) {
          reg.registerInit({
            deps: {
              catalog: catalogProcessingExtensionPoint,
              logger: coreServices.logger,
            },
            async init({ catalog, logger }) {
              provider = new CognitoUserPoolEntityProvider({
                config: providerConfig,
                reader: SdkUserPoolReader.fromConfig(providerConfig),
                logger,
              });
              catalog.addEntityProvider(provider);
            },
          });
        },
      }),
      sagemakerStudioPlugin,
      // The portal's policy is tested with the real permission backend
      // elsewhere; with mock tokens, the catalog's conditional decisions
      // need this one.
      mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.rootConfig.factory({
        data: studioConfigFor(env, {
          // The catalog's answer is not reused, so the test needs no waiting.
          groups: { cacheTtlSeconds: 0 },
          provisioning: { pollIntervalMs: 100 },
        }),
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: BackstageCredentials) {
            const ref = (credentials.principal as BackstageUserPrincipal)
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs:
                ref === ADMIN ? [ref, ADMIN_GROUP] : tokens.get(ref) ?? [ref],
            };
          },
        }),
      }),
    ],
  });
  server = backend.server;
});

afterAll(async () => {
  poolAdmin?.destroy();
  await Promise.allSettled([cognito?.close(), env?.stop()]);
});

async function userEntity(name: string): Promise<Entity | undefined> {
  const res = await request(server)
    .get(`/api/catalog/entities/by-name/user/default/${name}`)
    .set('Authorization', mockCredentials.user.header());
  return res.status === 200 ? res.body : undefined;
}

const groupsOf = (entity?: Entity) =>
  (entity?.relations ?? [])
    .filter(r => r.type === 'memberOf')
    .map(r => r.targetRef);

/** The catalog processes asynchronously: poll until `check` holds (bounded, not timed). */
async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** Backstage's sign-in: the token's ownership refs are the user and their groups, as the catalog has them now. */
async function signIn(name: string) {
  const entity = await userEntity(name);
  tokens.set(`user:default/${name}`, [
    `user:default/${name}`,
    ...groupsOf(entity),
  ]);
}

/** The provider's next run, then the wait until the catalog's entity of `name` passes `check`. */
async function afterProviderRun(
  name: string,
  check: (entity?: Entity) => boolean,
  what: string,
) {
  await provider.refresh();
  await eventually(() => userEntity(name), check, what);
}

/** nadia in the test group of the pool, as the group commands name her. */
const NADIA_IN_GROUP = {
  UserPoolId: POOL,
  Username: 'nadia',
  GroupName: GROUP,
};

const me = (name: string) =>
  request(server)
    .get('/api/sagemaker-studio/me')
    .set('Authorization', as(name));
const launch = (name: string) =>
  request(server)
    .post('/api/sagemaker-studio/launch')
    .set('Authorization', as(name))
    .send({});

it('a user added to a group in the pool opens its LOB after the provider runs, and loses it when removed', async () => {
  const grant = await request(server)
    .put(
      `/api/sagemaker-studio/memberships/lob-a/${encodeURIComponent(
        GROUP_REF,
      )}`,
    )
    .set('Authorization', as(ADMIN))
    .send({});
  expect(grant.status).toBe(201);

  // In the pool and the catalog, but in no group yet: no access.
  await afterProviderRun('nadia', e => e !== undefined, 'nadia');
  await signIn('nadia');
  expect((await me('nadia')).status).toBe(404);

  // Added to the group in the pool; the provider's next run brings it in.
  await poolAdmin.send(new AdminAddUserToGroupCommand(NADIA_IN_GROUP));
  await afterProviderRun(
    'nadia',
    e => groupsOf(e).includes(GROUP_REF),
    'nadia in the group',
  );
  await signIn('nadia');
  const mine = await me('nadia');
  expect(mine.status).toBe(200);
  expect(mine.body.memberships).toEqual([
    expect.objectContaining({
      lobId: 'lob-a',
      userProfileName: 'nadia',
      viaGroup: GROUP_REF,
      provisionProfiles: true,
    }),
  ]);

  // The first launch creates her Studio profile; then she opens Studio.
  const first = await launch('nadia');
  expect(first.status).toBe(202);
  await eventually(
    () =>
      request(server)
        .get('/api/sagemaker-studio/profile?lobId=lob-a')
        .set('Authorization', as('nadia')),
    res => res.status !== 200 || res.body.state === 'ready',
    "nadia's profile",
  );
  const opened = await launch('nadia');
  expect(opened.status).toBe(200);
  expect(opened.body.url).toContain('/studio/d-loba00000001/auth?token=');
  expect(
    env.aws.userProfiles('d-loba00000001').find(p => p.name === 'nadia')?.tags,
  ).toMatchObject({ 'backstage-user': 'user:default/nadia' });

  // Removed from the group in the pool: after the provider's next run her
  // access ends, though her token (signed in before) still names the group.
  await poolAdmin.send(new AdminRemoveUserFromGroupCommand(NADIA_IN_GROUP));
  await afterProviderRun(
    'nadia',
    e => e !== undefined && !groupsOf(e).includes(GROUP_REF),
    'nadia out of the group',
  );
  expect(tokens.get('user:default/nadia')).toContain(GROUP_REF);
  const after = await me('nadia');
  expect(after.status).toBe(404);
  expect(after.body.error.message).toBe(
    'Ask the studio-admins group to map you.',
  );
  const refused = await launch('nadia');
  expect(refused.status).toBe(404);
  expect(refused.body.url).toBeUndefined();
});

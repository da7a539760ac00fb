import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  DeleteGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  startCognitoStandIn,
  type CognitoStandIn,
} from '@studio-portal/aws-local';
import request from 'supertest';
import { readProviderConfig } from './config';
import { catalogModuleCognitoUserPool } from './module';
import { CognitoUserPoolEntityProvider } from './provider';
import { SdkUserPoolReader } from './reader';
import { userEntityName } from './naming';
import { ConfigReader } from '@backstage/config';

jest.setTimeout(120_000);

const POOL = 'us-east-1_Integration1';
const CATALOG_KEY = {
  accessKeyId: 'AKIACATALOGREADER001',
  secretAccessKey: 'catalog-reader-secret',
  arn: 'arn:aws:iam::123456789012:role/StudioPortalBackend',
  // As the portal's task role: the three read calls, nothing else.
  actions: [
    'cognito-idp:ListUsers',
    'cognito-idp:ListGroups',
    'cognito-idp:ListUsersInGroup',
  ],
};
const ADMIN_KEY = {
  accessKeyId: 'AKIACOGNITOADMIN0001',
  secretAccessKey: 'cognito-admin-secret',
  arn: 'arn:aws:iam::123456789012:user/pool-admin',
};

let standIn: CognitoStandIn;
let admin: CognitoIdentityProviderClient;

beforeEach(async () => {
  standIn = await startCognitoStandIn({
    pools: [
      {
        userPoolId: POOL,
        groups: [
          { groupName: 'fraud-ds', description: 'Fraud data scientists' },
        ],
        users: [
          {
            username: 'jane',
            attributes: { email: 'jane@example.com', name: 'Jane Doe' },
            password: 'Passw0rd!',
          },
          { username: 'Odd.User@Corp', attributes: {}, password: 'Passw0rd!' },
        ],
      },
    ],
    callers: [CATALOG_KEY, ADMIN_KEY],
  });
  admin = new CognitoIdentityProviderClient({
    endpoint: standIn.endpoint,
    region: 'us-east-1',
    credentials: ADMIN_KEY,
  });
});

afterEach(async () => {
  admin?.destroy();
  await standIn?.close();
});

function providerConfig(extra: Record<string, unknown> = {}) {
  return {
    userPoolId: POOL,
    region: 'us-east-1',
    endpoint: standIn.endpoint,
    credentials: {
      accessKeyId: CATALOG_KEY.accessKeyId,
      secretAccessKey: CATALOG_KEY.secretAccessKey,
    },
    maxAttempts: 4,
    ...extra,
  };
}

/** The catalog plugin with a provider the test runs itself (no schedule). */
async function catalogWithProvider() {
  const config = readProviderConfig('test', new ConfigReader(providerConfig()));
  let provider!: CognitoUserPoolEntityProvider;
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      createBackendModule({
        pluginId: 'catalog',
        moduleId: 'cognito-under-test',
        register(reg) {
          reg.registerInit({
            deps: {
              catalog: catalogProcessingExtensionPoint,
              logger: coreServices.logger,
            },
            async init({ catalog, logger }) {
              provider = new CognitoUserPoolEntityProvider({
                config,
                reader: SdkUserPoolReader.fromConfig(config),
                logger,
              });
              catalog.addEntityProvider(provider);
            },
          });
        },
      }),
    ],
  });
  return { backend, provider: () => provider };
}

async function getEntity(
  server: any,
  kind: string,
  name: string,
): Promise<Entity | undefined> {
  const res = await request(server)
    .get(
      `/api/catalog/entities/by-name/${kind}/default/${encodeURIComponent(
        name,
      )}`,
    )
    .set('Authorization', mockCredentials.user.header());
  return res.status === 200 ? res.body : undefined;
}

/** Polls the catalog (its processing is asynchronous) until `check` holds. */
async function eventually<T>(
  read: () => Promise<T>,
  check: (value: T) => boolean,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(value)}`,
      );
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Backstage's default ownership of a signed-in user: the user and the groups it is a member of. */
function ownershipEntityRefs(user: Entity): string[] {
  return [
    `user:default/${user.metadata.name}`,
    ...(user.relations ?? [])
      .filter(r => r.type === 'memberOf')
      .map(r => r.targetRef),
  ];
}

describe('Cognito provider against the stand-in pool, with the real catalog', () => {
  it('brings a user added to a group into it, and takes them out when removed', async () => {
    const { backend, provider } = await catalogWithProvider();
    try {
      // A new pool user in a new group, made with the real SDK as an admin would.
      await admin.send(
        new CreateGroupCommand({ UserPoolId: POOL, GroupName: 'risk-ds' }),
      );
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: POOL,
          Username: 'ravi',
          UserAttributes: [{ Name: 'email', Value: 'ravi@example.com' }],
        }),
      );
      await admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: POOL,
          Username: 'ravi',
          GroupName: 'risk-ds',
        }),
      );
      await provider().refresh();

      const ravi = await eventually(
        () => getEntity(backend.server, 'user', 'ravi'),
        e =>
          ownershipEntityRefs(e ?? ({ metadata: {} } as Entity)).includes(
            'group:default/risk-ds',
          ),
        'ravi in risk-ds',
      );
      expect(ravi!.spec).toEqual({
        profile: { email: 'ravi@example.com' },
        memberOf: ['risk-ds'],
      });
      expect(ravi!.metadata.annotations).toMatchObject({
        'cognito.aws.amazon.com/user-pool-id': POOL,
        'cognito.aws.amazon.com/username': 'ravi',
        'cognito.aws.amazon.com/sub': expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      const group = await getEntity(backend.server, 'group', 'risk-ds');
      expect(group?.relations).toContainEqual(
        expect.objectContaining({
          type: 'hasMember',
          targetRef: 'user:default/ravi',
        }),
      );

      // The odd username has a valid, hashed name; Jane keeps hers, with her display name.
      const jane = await getEntity(backend.server, 'user', 'jane');
      expect(jane?.spec?.profile).toEqual({
        displayName: 'Jane Doe',
        email: 'jane@example.com',
      });
      const odd = await getEntity(
        backend.server,
        'user',
        userEntityName({ username: 'Odd.User@Corp' }, 'username'),
      );
      expect(odd?.metadata.name).toMatch(/^odd.user-corp_[a-z2-7]{12}$/);

      // Out of the group: the membership ends at the next run.
      await admin.send(
        new AdminRemoveUserFromGroupCommand({
          UserPoolId: POOL,
          Username: 'ravi',
          GroupName: 'risk-ds',
        }),
      );
      await provider().refresh();
      await eventually(
        () => getEntity(backend.server, 'user', 'ravi'),
        e =>
          e !== undefined &&
          !ownershipEntityRefs(e).includes('group:default/risk-ds'),
        'ravi out of risk-ds',
      );

      // Disabled, and a group deleted: both leave the catalog.
      await admin.send(
        new AdminDisableUserCommand({ UserPoolId: POOL, Username: 'ravi' }),
      );
      await admin.send(
        new DeleteGroupCommand({ UserPoolId: POOL, GroupName: 'risk-ds' }),
      );
      await provider().refresh();
      await eventually(
        () => getEntity(backend.server, 'user', 'ravi'),
        e => e === undefined,
        'ravi gone',
      );
      await eventually(
        () => getEntity(backend.server, 'group', 'risk-ds'),
        e => e === undefined,
        'risk-ds gone',
      );
      expect(await getEntity(backend.server, 'user', 'jane')).toBeDefined();
    } finally {
      await backend.stop();
    }
  });

  it('survives throttling with bounded retries, and changes nothing when the retries run out', async () => {
    const { backend, provider } = await catalogWithProvider();
    try {
      standIn.injectFault({ kind: 'throttle', action: 'ListUsers', times: 2 });
      const result = await provider().refresh();
      expect(result).toMatchObject({ users: 2, groups: 1 });
      await eventually(
        () => getEntity(backend.server, 'user', 'jane'),
        e => e !== undefined,
        'jane',
      );

      // Four attempts per call: a fifth throttle in a row fails the run, and the catalog keeps Jane.
      standIn.injectFault({ kind: 'throttle', action: 'ListUsers', times: 4 });
      await expect(provider().refresh()).rejects.toMatchObject({
        name: 'TooManyRequestsException',
      });
      expect(await getEntity(backend.server, 'user', 'jane')).toBeDefined();
    } finally {
      await backend.stop();
    }
  });

  it("fails with AWS's error for a pool that does not exist", async () => {
    const config = readProviderConfig(
      'test',
      new ConfigReader(providerConfig()),
    );
    const reader = SdkUserPoolReader.fromConfig({
      ...config,
      userPoolId: 'us-east-1_OtherPool9',
    });
    const pages = reader.listUsers()[Symbol.asyncIterator]();
    await expect(pages.next()).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('runs from config on its schedule as a catalog module', async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleCognitoUserPool,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              providers: {
                cognitoUserPool: {
                  portal: {
                    ...providerConfig(),
                    schedule: {
                      frequency: { minutes: 30 },
                      timeout: { minutes: 1 },
                    },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      const jane = await eventually(
        () => getEntity(backend.server, 'user', 'jane'),
        e => e !== undefined,
        'jane',
      );
      expect(
        jane!.metadata.annotations!['backstage.io/managed-by-location'],
      ).toBe(`cognito-user-pool:${POOL}`);
      const fraud = await getEntity(backend.server, 'group', 'fraud-ds');
      expect(fraud?.metadata.description).toBe('Fraud data scientists');
    } finally {
      await backend.stop();
    }
  });
});

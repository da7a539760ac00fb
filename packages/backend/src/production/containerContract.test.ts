import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  paginateListUsers,
} from '@aws-sdk/client-cognito-identity-provider';
import { synthesizePortalTask, type PortalTask } from '@studio-portal/infra';
import { effectiveUserProfileName } from '@studio-portal/plugin-sagemaker-studio-common';
import {
  USER_POOL_READ_ACTIONS,
  userEntityName,
  type UserNameSource,
} from '@studio-portal/plugin-catalog-backend-module-cognito';
import { parse as parseYaml, stringify } from 'yaml';
import type { LocalEnvironment } from '../localMode/localEnvironment';
import {
  readYamlFile,
  seedDocumentSchema,
  type SeedDocument,
} from '../localMode/seedFiles';
import {
  PORTAL_CREDENTIALS,
  startDemoEnvironment,
} from '../integration/localWorld';
import {
  startCognitoStandInProcess,
  type CognitoStandInProcess,
} from './__testUtils__/cognitoStandIn';
import { freePort } from '../__testUtils__/freePort';
import { signInThroughOidc } from './__testUtils__/oidcSignIn';
import { startPostgres, type Postgres } from './__testUtils__/postgres';
import {
  repoRoot,
  spawnBackend,
  waitUntilReady,
  type BackendProcess,
} from './__testUtils__/productionBackend';
import {
  createTestCertificates,
  type TestCertificates,
} from './__testUtils__/tls';
import { startTlsCache, type TlsCache } from './__testUtils__/valkey';
import { variableReferences } from './requiredEnvironment';

/*
 * The production container contract: the backend, started exactly as the
 * CDK app's task definition starts it, works.
 *
 * The variables are the ones the synthesized task definition names (plain
 * and Secrets Manager), the config files the image's CMD names, the image
 * environment the Dockerfile sets. Values that point at AWS resources go to
 * stand-ins on 127.0.0.1 instead: PostgreSQL and Valkey (redis-server) with
 * TLS only, as RDS and ElastiCache are; the Cognito stand-in (a user
 * pool that signs in with email, as the CDK app's, holding the demo users
 * and groups) with the local OIDC provider in front of it for Cognito's
 * metadata URL; made-up secrets. One override file, which exists only in
 * this test, points the AWS endpoints at DynamoDB Local, the STS/SageMaker
 * stand-in and the Cognito stand-in (whose pool the production config's
 * catalog provider reads), and picks the listen address.
 */

jest.setTimeout(300_000);

const PRODUCTION_CONFIG = resolve(repoRoot, 'app-config.production.yaml');
const EXTERNAL_ID = `contract-${randomBytes(8).toString('hex')}`;
const OIDC_CLIENT = {
  clientId: 'studio-portal-contract',
  clientSecret: randomBytes(24).toString('hex'),
};
const READY_TIMEOUT_MS = 120_000;
const CATALOG_TIMEOUT_MS = 60_000;
const PRODUCTION = parseYaml(readFileSync(PRODUCTION_CONFIG, 'utf8'));
/** How the production config's catalog provider names pool users. */
const USER_NAME_FROM: UserNameSource =
  PRODUCTION.catalog.providers.cognitoUserPool.portal.userNameFrom;
/** The key the portal's catalog provider signs with: the three read calls only, as its task role. */
const CATALOG_KEY = {
  accessKeyId: 'AKIACONTRACTCATALOG1',
  secretAccessKey: randomBytes(24).toString('hex'),
  arn: 'arn:aws:iam::000000000000:role/StudioPortalBackend',
  actions: [...USER_POOL_READ_ACTIONS],
};
/** The test's own key: administers the pool (as an operator would). */
const OPERATOR_KEY = {
  accessKeyId: 'AKIACONTRACTOPERATOR',
  secretAccessKey: randomBytes(24).toString('hex'),
  arn: 'arn:aws:iam::000000000000:role/PoolOperator',
};

// Synthesized once, at collection: the missing-variable cases are one per name.
const task: PortalTask = synthesizePortalTask();
let dir: string;
let certificates: TestCertificates;
let postgres: Postgres;
let cache: TlsCache;
let world: LocalEnvironment;
let cognito: CognitoStandInProcess;
let userPoolId: string;
/** The demo users by their demo name: email, password, and the entity ref the provider gives them. */
let users: Map<string, { email: string; password: string; ref: string }>;
const ports: number[] = [];
const backends: BackendProcess[] = [];

/** The Dockerfile's ENV lines: the image's own environment. */
function imageEnvironment(): Record<string, string> {
  const dockerfile = readFileSync(
    resolve(repoRoot, 'packages/backend/Dockerfile'),
    'utf8',
  );
  return Object.fromEntries(
    [...dockerfile.matchAll(/^ENV\s+([A-Z_][A-Z0-9_]*)=(\S+)$/gm)].map(
      ([, name, value]) => [name, value],
    ),
  );
}

const taskVariableNames = () =>
  [...Object.keys(task.environment), ...Object.keys(task.secrets)].sort();

/** Exactly the task definition's variables, with test values where AWS would have its own. */
function taskVariables(port: number): Record<string, string> {
  const standIns: Record<string, string> = {
    // Deploy-time resources: the test's servers.
    PORTAL_BASE_URL: `http://127.0.0.1:${port}`,
    POSTGRES_HOST: postgres.host,
    POSTGRES_PORT: String(postgres.port),
    CACHE_HOST: cache.host,
    CACHE_PORT: String(cache.port),
    OIDC_METADATA_URL: cognito.metadataUrl,
    COGNITO_USER_POOL_ID: userPoolId,
    OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
    // Secrets Manager in AWS.
    POSTGRES_USER: postgres.user,
    POSTGRES_PASSWORD: postgres.password,
    CACHE_AUTH_TOKEN: cache.authToken,
    OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
    STUDIO_EXTERNAL_ID: EXTERNAL_ID,
    AUTH_SESSION_SECRET: 'contract-session-secret-0123456789abcdef',
  };
  return Object.fromEntries(
    taskVariableNames().map(name => {
      const value = standIns[name] ?? task.environment[name];
      if (typeof value !== 'string') {
        throw new Error(
          `${name} is ${JSON.stringify(
            value,
          )} in the task definition and has no stand-in value here`,
        );
      }
      return [name, value];
    }),
  );
}

/** The image's environment plus the task's variables, with the test CA in place of RDS's. */
function containerEnvironment(port: number): Record<string, string> {
  return {
    ...imageEnvironment(),
    NODE_EXTRA_CA_CERTS: certificates.caFile,
    ...taskVariables(port),
  };
}

/** The test's only override: AWS endpoints to the stand-ins, the listen address. */
function overrideFile(port: number): string {
  const file = join(dir, `app-config.contract-test-${port}.yaml`);
  writeFileSync(
    file,
    stringify({
      backend: { listen: { host: '127.0.0.1', port } },
      catalog: {
        providers: {
          cognitoUserPool: {
            // The pool id comes from the task's variables, as in AWS.
            portal: {
              endpoint: cognito.endpoint,
              credentials: {
                accessKeyId: CATALOG_KEY.accessKeyId,
                secretAccessKey: CATALOG_KEY.secretAccessKey,
              },
            },
          },
        },
      },
      sagemakerStudio: {
        mappings: { endpoint: world.dynamoDb.endpoint },
        aws: {
          endpoints: { sts: world.aws.endpoint, sagemaker: world.aws.endpoint },
          credentials: PORTAL_CREDENTIALS,
        },
      },
    }),
  );
  return file;
}

function startBackend(
  port: number,
  env = containerEnvironment(port),
): BackendProcess {
  const backend = spawnBackend({
    // As the image's CMD, plus the test's override.
    configFiles: [
      resolve(repoRoot, 'app-config.yaml'),
      PRODUCTION_CONFIG,
      overrideFile(port),
    ],
    env,
    port,
  });
  backends.push(backend);
  return backend;
}

/** A demo user's name in seed/demo.yaml. */
const demoName = (userRef: string) => userRef.slice(userRef.indexOf('/') + 1);

/** The pool's API as an operator calls it (the test's own key). */
const operatorClient = () =>
  new CognitoIdentityProviderClient({
    region: String(task.environment.AWS_REGION),
    endpoint: cognito.endpoint,
    credentials: OPERATOR_KEY,
  });

/** The demo users' entity refs as the provider names them: the pool's usernames (UUIDs) are known only once it runs. */
async function demoUsersInPool(seed: SeedDocument) {
  const client = operatorClient();
  const usernames = new Map<string, string>();
  try {
    for await (const page of paginateListUsers(
      { client },
      { UserPoolId: userPoolId },
    )) {
      for (const user of page.Users ?? []) {
        const email = user.Attributes?.find(a => a.Name === 'email')?.Value;
        if (email && user.Username) usernames.set(email, user.Username);
      }
    }
  } finally {
    client.destroy();
  }
  return new Map(
    seed.users.map(u => {
      const email = u.email!;
      const name = userEntityName(
        { username: usernames.get(email)!, email },
        USER_NAME_FROM,
      );
      return [
        demoName(u.userRef),
        { email, password: u.password ?? '', ref: `user:default/${name}` },
      ];
    }),
  );
}

/**
 * The demo seed with its memberships on the users' production entity refs,
 * each launching as the Studio profile the demo world gives that user.
 */
function seedForProductionNames(seed: SeedDocument): SeedDocument {
  return {
    ...seed,
    users: seed.users.map(u => ({
      ...u,
      userRef: users.get(demoName(u.userRef))!.ref,
      memberships: u.memberships.map(m => ({
        ...m,
        userProfileName: effectiveUserProfileName({ userRef: u.userRef, ...m }),
      })),
    })),
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studio-portal-contract-'));
  certificates = createTestCertificates(mkdtempSync(join(dir, 'tls-')));
  ports.push(await freePort(), await freePort());
  const seed = await readYamlFile(
    resolve(repoRoot, 'seed/demo.yaml'),
    seedDocumentSchema,
  );
  userPoolId = `${task.environment.AWS_REGION}_Contract01`;
  const startCognito = async () => {
    cognito = await startCognitoStandInProcess({
      // As the CDK app's pool: users sign in with their email and get UUID usernames.
      pool: {
        userPoolId,
        usernameAttributes: ['email'],
        users: seed.users.map(u => ({
          username: u.email!,
          attributes: { email: u.email!, email_verified: 'true' },
          password: u.password,
          groups: u.groups,
        })),
      },
      callers: [CATALOG_KEY, OPERATOR_KEY],
      client: {
        ...OIDC_CLIENT,
        redirectUris: ports.map(
          p => `http://127.0.0.1:${p}/api/auth/oidc/handler/frame`,
        ),
      },
    });
    users = await demoUsersInPool(seed);
  };
  [postgres, cache] = await Promise.all([
    startPostgres(certificates),
    startTlsCache(certificates),
    startCognito(),
  ]);
  world = await startDemoEnvironment({
    seed: seedForProductionNames(seed),
    tables: {
      lobsTable: String(task.environment.STUDIO_LOBS_TABLE),
      membershipsTable: String(task.environment.STUDIO_MEMBERSHIPS_TABLE),
    },
    access: {
      roleName: String(task.environment.STUDIO_ACCESS_ROLE_NAME),
      profileTagKey: String(task.environment.STUDIO_PROFILE_TAG_KEY),
      externalId: EXTERNAL_ID,
    },
  });
});

afterAll(async () => {
  await Promise.allSettled(backends.map(b => b.stop()));
  await Promise.allSettled([
    postgres?.stop(),
    cache?.stop(),
    world?.stop(),
    cognito?.stop(),
  ]);
  rmSync(dir, { recursive: true, force: true });
});

it('the task definition supplies exactly the variables app-config.production.yaml asks for', () => {
  const asked = [
    ...new Set(
      variableReferences(
        readFileSync(PRODUCTION_CONFIG, 'utf8'),
        'app-config.production.yaml',
      ).map(r => r.name),
    ),
  ];
  expect(taskVariableNames()).toEqual(asked.sort());
  // Credentials never travel as plain environment.
  for (const name of Object.keys(task.environment)) {
    expect(name).not.toMatch(/SECRET|PASSWORD|TOKEN|EXTERNAL_ID|USER$/);
  }
});

const API = '/api/sagemaker-studio';

async function call(
  backend: BackendProcess,
  token: string,
  method: string,
  path: string,
  body?: unknown,
) {
  const res = await fetch(`${backend.url}${API}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? JSON.parse(text) : undefined,
  };
}

/** Signs a demo user in with their email, as the CDK app's pool asks. */
const signIn = (backend: BackendProcess, user: string) =>
  signInThroughOidc(
    backend.url,
    users.get(user)!.email,
    users.get(user)!.password,
  );

/** The catalog's answer for a user entity ref. */
const catalogUser = (backend: BackendProcess, token: string, ref: string) =>
  fetch(
    `${backend.url}/api/catalog/entities/by-name/user/default/${ref
      .split('/')
      .pop()}`,
    { headers: { authorization: `Bearer ${token}` } },
  );

/** Redeems a presigned Studio URL (once) and returns the Studio page. */
async function openStudio(url: string): Promise<string> {
  const redeemed = await fetch(url, { redirect: 'manual' });
  expect(redeemed.status).toBe(302);
  const studio = await fetch(new URL(redeemed.headers.get('location')!, url), {
    headers: { cookie: redeemed.headers.get('set-cookie')!.split(';')[0] },
  });
  expect(studio.status).toBe(200);
  return studio.text();
}

/** Waits until the catalog provider's first run has brought the demo users in. */
async function waitForCatalogUsers(backend: BackendProcess, token: string) {
  const deadline = Date.now() + CATALOG_TIMEOUT_MS;
  for (const { ref } of users.values()) {
    for (;;) {
      const res = await catalogUser(backend, token, ref);
      if (res.status === 200) break;
      if (Date.now() > deadline) {
        throw new Error(
          `${ref} is not in the catalog after ${CATALOG_TIMEOUT_MS} ms (${
            res.status
          }):\n${backend.log().slice(-4000)}`,
        );
      }
      await new Promise(r => setTimeout(r, 500));
    }
  }
}

describe('two backends started as the task definition starts them', () => {
  let one: BackendProcess;
  let two: BackendProcess;

  beforeAll(async () => {
    // One after the other, as a rolling deployment or a scale-out adds them
    // (the first one creates the databases and runs the migrations).
    one = startBackend(ports[0]);
    await waitUntilReady(one, READY_TIMEOUT_MS);
    two = startBackend(ports[1]);
    await waitUntilReady(two, READY_TIMEOUT_MS);
    await waitForCatalogUsers(one, await signIn(one, 'studio-admin'));
  });

  it('become ready, sign a user in through OIDC and launch Studio with the AssumeRole of the config', async () => {
    const token = await signIn(one, 'user-lob-a');
    const me = await call(one, token, 'GET', '/me');
    expect(me.status).toBe(200);
    // The entity the catalog provider made of the pool user.
    expect(me.body.userEntityRef).toBe(users.get('user-lob-a')!.ref);

    const launched = await call(one, token, 'POST', '/launch', {});
    expect(launched.status).toBe(200);
    expect(launched.headers.get('cache-control')).toContain('no-store');
    expect(launched.body.url).toContain('d-loba00000001');
    // The presigned URL, minted with the role, ExternalId and profile tag
    // of the variables, opens the user's Studio (once).
    expect(await openStudio(launched.body.url)).toMatch(
      /data-testid="studio-user-profile">user-lob-a</,
    );
  });

  it('sign in a user who exists only in the pool, before the provider knows them; mapped by an admin, they launch', async () => {
    // An operator adds a new hire to the pool after the provider's run (the
    // next is 30 minutes away): no catalog entity exists for them.
    const email = `new-hire-${randomBytes(4).toString('hex')}@example.com`;
    const password = `NewHire-${randomBytes(6).toString('hex')}1!`;
    const client = operatorClient();
    let username: string;
    try {
      const created = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: email,
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
          ],
          MessageAction: 'SUPPRESS',
        }),
      );
      username = created.User!.Username!;
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: userPoolId,
          Username: username,
          Password: password,
          Permanent: true,
        }),
      );
    } finally {
      client.destroy();
    }
    // The name the provider will give them at its next run.
    const ref = `user:default/${userEntityName(
      { username, email },
      USER_NAME_FROM,
    )}`;
    const admin = await signIn(one, 'studio-admin');
    expect((await catalogUser(one, admin, ref)).status).toBe(404);

    // First sign-in from the token's claims (firstSignIn: claims): the
    // Backstage identity is the ref the provider will give them.
    const token = await signInThroughOidc(two.url, email, password);
    const identity = await fetch(`${two.url}/api/auth/v1/userinfo`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(identity.status).toBe(200);
    expect((await identity.json()).claims.sub).toBe(ref);

    // Mapped to no LOB yet: refused, saying whom to ask.
    const refusals = [
      await call(two, token, 'GET', '/me'),
      await call(two, token, 'POST', '/launch', {}),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(404);
      expect(refused.body.error.message).toMatch(/Ask the portal admins/);
    }

    const added = await call(
      one,
      admin,
      'PUT',
      `/memberships/lob-a/${encodeURIComponent(ref)}`,
      { userProfileName: 'guest-a' },
    );
    expect(added.status).toBe(201);
    const me = await call(two, token, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body.userEntityRef).toBe(ref);
    const launched = await call(two, token, 'POST', '/launch', {});
    expect(launched.status).toBe(200);
    expect(await openStudio(launched.body.url)).toMatch(
      /data-testid="studio-user-profile">guest-a</,
    );
  });

  it('keep their state in PostgreSQL: a session from one is honoured by the other', async () => {
    // Backstage signs user tokens with keys it keeps in the database.
    const token = await signIn(one, 'user-lob-ab');
    expect((await call(two, token, 'GET', '/me')).status).toBe(200);
  });

  it('share the cache: a member removed through one cannot launch through the other at once', async () => {
    const admin = await signIn(one, 'studio-admin');
    const member = await signIn(two, 'user-lob-ab');
    const memberRef = users.get('user-lob-ab')!.ref;
    const userRef = encodeURIComponent(memberRef);
    // Replica two reads (and caches) the member's mappings.
    expect(
      (await call(two, member, 'POST', '/launch', { lobId: 'lob-a' })).status,
    ).toBe(200);

    const list = await call(
      one,
      admin,
      'GET',
      '/memberships?lobId=lob-a&limit=100',
    );
    expect(list.status).toBe(200);
    const membership = list.body.items.find(
      (m: { userRef: string }) => m.userRef === memberRef,
    );
    const removed = await call(
      one,
      admin,
      'DELETE',
      `/memberships/lob-a/${userRef}?version=${membership.version}`,
    );
    expect(removed.status).toBe(204);
    // Within the cache TTL (30 s): only a shared cache makes this a 403.
    expect(
      (await call(two, member, 'POST', '/launch', { lobId: 'lob-a' })).status,
    ).toBe(403);

    const added = await call(
      one,
      admin,
      'PUT',
      `/memberships/lob-a/${userRef}`,
      { userProfileName: 'user-lob-ab' },
    );
    expect(added.status).toBe(201);
    expect(
      (await call(two, member, 'POST', '/launch', { lobId: 'lob-a' })).status,
    ).toBe(200);
  });
});

describe('startup with one variable missing', () => {
  it.each(Object.keys({ ...task.environment, ...task.secrets }).sort())(
    'fails without %s and names it',
    async name => {
      const env = containerEnvironment(ports[0]);
      delete env[name];
      const backend = startBackend(ports[0], env);
      const code = await Promise.race([
        backend.exited,
        new Promise(r => setTimeout(() => r('still running'), 30_000)),
      ]);
      await backend.stop();
      expect(code).toBe(1);
      expect(backend.output()).toContain('The backend cannot start');
      expect(backend.output()).toMatch(new RegExp(`^  ${name} \\(`, 'm'));
    },
  );
});

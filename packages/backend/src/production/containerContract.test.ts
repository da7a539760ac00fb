import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthesizePortalTask, type PortalTask } from '@studio-portal/infra';
import { stringify } from 'yaml';
import type { LocalEnvironment } from '../localMode/localEnvironment';
import { readYamlFile, seedDocumentSchema } from '../localMode/seedFiles';
import {
  PORTAL_CREDENTIALS,
  startDemoEnvironment,
} from '../integration/localWorld';
import { freePort } from './__testUtils__/freePort';
import {
  startOidcProvider,
  type OidcProvider,
} from './__testUtils__/oidcProvider';
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
 * TLS only, as RDS and ElastiCache are; the local OIDC provider for
 * Cognito's metadata URL; made-up secrets. One override file, which exists
 * only in this test, points the AWS endpoints at DynamoDB Local and the
 * STS/SageMaker stand-in, lists the demo users (in AWS a catalog provider
 * does), and picks the listen address.
 */

jest.setTimeout(300_000);

const PRODUCTION_CONFIG = resolve(repoRoot, 'app-config.production.yaml');
const EXTERNAL_ID = `contract-${randomBytes(8).toString('hex')}`;
const OIDC_CLIENT = {
  clientId: 'studio-portal-contract',
  clientSecret: randomBytes(24).toString('hex'),
};
const READY_TIMEOUT_MS = 120_000;

// Synthesized once, at collection: the missing-variable cases are one per name.
const task: PortalTask = synthesizePortalTask();
let dir: string;
let certificates: TestCertificates;
let postgres: Postgres;
let cache: TlsCache;
let world: LocalEnvironment;
let oidc: OidcProvider;
let passwords: Map<string, string>;
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
    OIDC_METADATA_URL: oidc.metadataUrl,
    OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
    // Secrets Manager in AWS.
    POSTGRES_USER: postgres.user,
    POSTGRES_PASSWORD: postgres.password,
    CACHE_AUTH_TOKEN: cache.authToken,
    OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
    STUDIO_EXTERNAL_ID: EXTERNAL_ID,
    BACKEND_SECRET: 'contract-backend-secret-0123456789abcdef',
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

/** The test's only override: AWS endpoints to the stand-ins, the demo users, the listen address. */
function overrideFile(port: number): string {
  const file = join(dir, `app-config.contract-test-${port}.yaml`);
  writeFileSync(
    file,
    stringify({
      backend: { listen: { host: '127.0.0.1', port } },
      catalog: {
        locations: [
          {
            type: 'file',
            target: resolve(repoRoot, 'examples/org.yaml'),
            rules: [{ allow: ['User', 'Group'] }],
          },
        ],
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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studio-portal-contract-'));
  certificates = createTestCertificates(mkdtempSync(join(dir, 'tls-')));
  ports.push(await freePort(), await freePort());
  const seed = await readYamlFile(
    resolve(repoRoot, 'seed/demo.yaml'),
    seedDocumentSchema,
  );
  passwords = new Map(
    seed.users.map(u => [
      u.userRef.slice(u.userRef.indexOf('/') + 1),
      u.password ?? '',
    ]),
  );
  [postgres, cache, world, oidc] = await Promise.all([
    startPostgres(certificates),
    startTlsCache(certificates),
    startDemoEnvironment({
      tables: {
        lobsTable: String(task.environment.STUDIO_LOBS_TABLE),
        membershipsTable: String(task.environment.STUDIO_MEMBERSHIPS_TABLE),
      },
      access: {
        roleName: String(task.environment.STUDIO_ACCESS_ROLE_NAME),
        profileTagKey: String(task.environment.STUDIO_PROFILE_TAG_KEY),
        externalId: EXTERNAL_ID,
      },
    }),
    freePort().then(port =>
      startOidcProvider({
        port,
        users: seed.users
          .filter(u => u.password)
          .map(u => ({
            username: u.userRef.slice(u.userRef.indexOf('/') + 1),
            email: u.email,
            password: u.password!,
            groups: u.groups,
          })),
        client: {
          ...OIDC_CLIENT,
          redirectUris: ports.map(
            p => `http://127.0.0.1:${p}/api/auth/oidc/handler/frame`,
          ),
        },
      }),
    ),
  ]);
});

afterAll(async () => {
  await Promise.allSettled(backends.map(b => b.stop()));
  await Promise.allSettled([
    postgres?.stop(),
    cache?.stop(),
    world?.stop(),
    oidc?.stop(),
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

const signIn = (backend: BackendProcess, user: string) =>
  signInThroughOidc(backend.url, user, passwords.get(user)!);

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
  });

  it('become ready, sign a user in through OIDC and launch Studio with the AssumeRole of the config', async () => {
    const token = await signIn(one, 'user-lob-a');
    const me = await call(one, token, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body.userEntityRef ?? me.body.user).toBeDefined();

    const launched = await call(one, token, 'POST', '/launch', {});
    expect(launched.status).toBe(200);
    expect(launched.headers.get('cache-control')).toContain('no-store');
    expect(launched.body.url).toContain('d-loba00000001');
    // The presigned URL, minted with the role, ExternalId and profile tag
    // of the variables, opens the user's Studio (once).
    const redeemed = await fetch(launched.body.url, { redirect: 'manual' });
    expect(redeemed.status).toBe(302);
    const studio = await fetch(
      new URL(redeemed.headers.get('location')!, launched.body.url),
      {
        headers: { cookie: redeemed.headers.get('set-cookie')!.split(';')[0] },
      },
    );
    expect(studio.status).toBe(200);
    expect(await studio.text()).toMatch(
      /data-testid="studio-user-profile">user-lob-a</,
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
    const userRef = encodeURIComponent('user:default/user-lob-ab');
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
      (m: { userRef: string }) => m.userRef === 'user:default/user-lob-ab',
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
      {},
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

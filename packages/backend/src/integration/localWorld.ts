import { resolve } from 'node:path';
import {
  startLocalEnvironment,
  type LocalEnvironment,
  type LocalEnvironmentOptions,
} from '../localMode/localEnvironment';
import {
  localStudioSchema,
  readYamlFile,
  seedDocumentSchema,
} from '../localMode/seedFiles';

// Test-only: files of the repository the tests run in.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = resolve(__dirname, '../../../..');
/** Local mode's seed: LOBs, memberships and the demo users. */
export const DEMO_SEED_FILE = resolve(REPO_ROOT, 'seed/demo.yaml');
/** Local mode's Studio stand-in state: domains, profiles, spaces. */
export const LOCAL_STUDIO_FILE = resolve(REPO_ROOT, 'seed/local-studio.yaml');

export const PORTAL_CREDENTIALS = {
  accessKeyId: 'AKIATESTPORTAL000001',
  secretAccessKey: 'test-portal-secret',
};
export const EXTERNAL_ID = 'integration-external-id';
export const TABLES = {
  lobsTable: 'test-lobs',
  membershipsTable: 'test-memberships',
};

/** The demo world's seed and Studio stand-in state. */
export interface DemoWorld {
  seed: LocalEnvironmentOptions['seed'];
  studio: LocalEnvironmentOptions['studio'];
}

/**
 * The demo world of local mode (seed/*.yaml). The launch-path tests predate
 * profile provisioning: their LOBs create no profiles unless
 * `provisionProfiles` says so (the provisioning tests).
 */
export async function readDemoWorld(
  options: { provisionProfiles?: boolean } = {},
): Promise<DemoWorld> {
  const seed = await readYamlFile(DEMO_SEED_FILE, seedDocumentSchema);
  if (!options.provisionProfiles) {
    seed.lobs = seed.lobs.map(({ provisionProfiles: _off, ...lob }) => lob);
  }
  const studio = await readYamlFile(LOCAL_STUDIO_FILE, localStudioSchema);
  return { seed, studio };
}

/** A world's local environment on free ports, with the test tables, role and credentials. */
export function demoEnvironmentOptions(
  world: DemoWorld,
): LocalEnvironmentOptions {
  return {
    dynamoDbPort: 0,
    awsPort: 0,
    ...world,
    tables: TABLES,
    access: {
      roleName: 'SageMakerStudioPortalAccess',
      externalId: EXTERNAL_ID,
      profileTagKey: 'studio-user-profile',
    },
    portalCredentials: PORTAL_CREDENTIALS,
  };
}

/** The demo world (readDemoWorld) started on free ports. */
export async function startDemoEnvironment(
  overrides: Partial<LocalEnvironmentOptions> = {},
  options: { provisionProfiles?: boolean } = {},
): Promise<LocalEnvironment> {
  return startLocalEnvironment({
    ...demoEnvironmentOptions(await readDemoWorld(options)),
    ...overrides,
  });
}

/** Between tests: no fault left injected, and both stand-ins count calls from zero. */
export function clearFaultsAndStats(env: LocalEnvironment): void {
  env.aws.clearFaults();
  env.aws.resetStats();
  env.dynamoDb.clearFaults();
  env.dynamoDb.resetStats();
}

/** Plugin config that points the real SDK clients at the environment. */
export function studioConfigFor(
  env: LocalEnvironment,
  overrides: Record<string, any> = {},
) {
  return {
    sagemakerStudio: {
      mappings: {
        region: 'us-east-1',
        endpoint: env.dynamoDb.endpoint,
        ...TABLES,
        cacheTtlSeconds: 30,
      },
      access: { externalId: EXTERNAL_ID },
      aws: {
        callTimeoutMs: 3000,
        endpoints: { sts: env.aws.endpoint, sagemaker: env.aws.endpoint },
        credentials: PORTAL_CREDENTIALS,
      },
      unmappedUserMessage: 'Ask the studio-admins group to map you.',
      ...overrides,
    },
    permission: {
      enabled: true,
      sagemakerStudio: { adminGroups: ['group:default/studio-admins'] },
    },
  };
}

import { dirname, resolve } from 'node:path';
import {
  startLocalEnvironment,
  type LocalEnvironment,
} from 'backend/src/localMode/localEnvironment';
import {
  localStudioSchema,
  readYamlFile,
  seedDocumentSchema,
} from 'backend/src/localMode/seedFiles';
import {
  EXTERNAL_ID,
  PORTAL_CREDENTIALS,
  TABLES,
} from 'backend/src/integration/localWorld';

// The seed files live at the repository root, next to the backend package.
const repoRoot = resolve(
  dirname(require.resolve('backend/package.json')),
  '../..',
);

export interface Latencies {
  dynamoDb: number;
  sts: number;
  sagemaker: number;
}

export const ZERO_LATENCY: Latencies = { dynamoDb: 0, sts: 0, sagemaker: 0 };

/** `bench-user-01` ... with a profile of the same name in lob-a's domain. */
export function benchUsers(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `bench-user-${String(i + 1).padStart(2, '0')}`,
  );
}

/**
 * The demo world of local mode plus `userCount` bench users mapped to lob-a,
 * on free ports, with the given per-call latencies.
 */
export async function startBenchEnvironment(
  userCount: number,
  latencyMs: Latencies = ZERO_LATENCY,
): Promise<LocalEnvironment> {
  const seed = await readYamlFile(
    resolve(repoRoot, 'seed/demo.yaml'),
    seedDocumentSchema,
  );
  const studio = await readYamlFile(
    resolve(repoRoot, 'seed/local-studio.yaml'),
    localStudioSchema,
  );
  // As the reference design, which creates no profiles: without this, each
  // user's first launch also asks DescribeUserProfile and ListTags (once per
  // user and replica; docs/benchmarks.md).
  for (const lob of seed.lobs) delete lob.provisionProfiles;
  const users = benchUsers(userCount);
  for (const name of users) {
    seed.users.push({
      userRef: `user:default/${name}`,
      groups: [],
      memberships: [{ lobId: 'lob-a' }],
    });
  }
  const lobA = studio.domains.find(d => d.domainId === 'd-loba00000001')!;
  lobA.userProfiles.push(...users);
  return startLocalEnvironment({
    dynamoDbPort: 0,
    awsPort: 0,
    seed,
    studio,
    tables: TABLES,
    access: {
      roleName: 'SageMakerStudioPortalAccess',
      externalId: EXTERNAL_ID,
      profileTagKey: 'studio-user-profile',
    },
    portalCredentials: PORTAL_CREDENTIALS,
    latencyMs,
  });
}

import {
  startLocalEnvironment,
  type LocalEnvironment,
} from 'backend/src/localMode/localEnvironment';
import {
  demoEnvironmentOptions,
  readDemoWorld,
} from 'backend/src/integration/localWorld';

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
  // As the reference design, which creates no profiles (readDemoWorld's
  // default): a provisioning LOB's first launch of each user also asks
  // DescribeUserProfile and ListTags (once per user and replica;
  // docs/benchmarks.md).
  const world = await readDemoWorld();
  const users = benchUsers(userCount);
  for (const name of users) {
    world.seed.users.push({
      userRef: `user:default/${name}`,
      groups: [],
      memberships: [{ lobId: 'lob-a' }],
    });
  }
  const lobA = world.studio.domains.find(d => d.domainId === 'd-loba00000001')!;
  lobA.userProfiles.push(...users);
  return startLocalEnvironment({ ...demoEnvironmentOptions(world), latencyMs });
}

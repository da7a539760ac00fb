import { KeepAliveClient } from './httpClient';
import { percentile, round, runLoad } from './measure';
import { bearerOf, startBenchPortal } from './portal';
import { ReferenceFlow } from './referenceFlow';
import {
  startRemoteStandIns,
  type RemoteStandIns,
  type StandInCounts,
} from './remoteStandIns';
import { benchUsers, ZERO_LATENCY, type Latencies } from './world';

export const DEFAULT_LATENCIES: Latencies = {
  dynamoDb: 5,
  sts: 60,
  sagemaker: 120,
};

export interface BenchOptions {
  latencies: Latencies;
  /** Launches measured at concurrency 1 and 200, and at zero latency. */
  sequentialLaunches: number;
  concurrentLaunches: number;
  throughputLaunches: number;
  log: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<BenchOptions, 'log'> = {
  latencies: DEFAULT_LATENCIES,
  sequentialLaunches: 50,
  concurrentLaunches: 2000,
  throughputLaunches: 3000,
};

export interface FlowFigures {
  awsCallsPerColdLaunch: number;
  awsCallsPerWarmLaunch: number;
  stsCallsForConcurrentColdLaunches: number;
  latencyMsP50: { concurrency1: number; concurrency200: number };
  overheadMsP50: { concurrency1: number; concurrency200: number };
  overheadMsP99: { concurrency1: number; concurrency200: number };
  launchesPerSecond: number;
  failures: number;
}

export interface BenchResult extends FlowFigures {
  injectedLatencyMs: Latencies;
  rssMb: number;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  reference: FlowFigures & {
    /** Reference p50 latency divided by the portal's p50 latency (higher: the portal is faster). */
    latencyRatio: { concurrency1: number; concurrency200: number };
  };
}

const COLD_USERS = 10;
const LAUNCHES_PER_COLD_USER = 10;

/** Every call either stand-in answered: STS, SageMaker and DynamoDB. */
const awsCalls = (counts: StandInCounts) =>
  counts.aws.total + counts.dynamoDb.total;

/** Latency the stand-ins injected into the counted calls. */
function injectedMs(counts: StandInCounts, latency: Latencies): number {
  const sum = (byAction: Record<string, number>) =>
    Object.values(byAction).reduce((a, b) => a + b, 0);
  return (
    counts.dynamoDb.total * latency.dynamoDb +
    sum(counts.aws.sts) * latency.sts +
    sum(counts.aws.sagemaker) * latency.sagemaker
  );
}

type Launch = (name: string) => Promise<boolean>;

/** The same measurements for any launch flow (the portal over HTTP, or the reference flow). */
async function measureFlow(
  standIns: RemoteStandIns,
  launch: Launch,
  options: BenchOptions,
  label: string,
): Promise<FlowFigures> {
  const { latencies, log } = options;
  const users = benchUsers(COLD_USERS * 2);
  const coldUsers = users.slice(0, COLD_USERS);
  const warmUsers = users.slice(COLD_USERS);
  let failures = 0;
  const count = (ok: boolean) => {
    if (!ok) failures++;
    return ok;
  };
  await standIns.setLatencies(latencies);

  log(`${label}: cold and warm launch`);
  await standIns.resetStats();
  count(await launch('user-lob-a'));
  const awsCallsPerColdLaunch = awsCalls(await standIns.stats());
  await standIns.resetStats();
  count(await launch('user-lob-a'));
  const awsCallsPerWarmLaunch = awsCalls(await standIns.stats());

  log(
    `${label}: ${
      COLD_USERS * LAUNCHES_PER_COLD_USER
    } concurrent first launches by ${COLD_USERS} users`,
  );
  await standIns.resetStats();
  const cold = await Promise.all(
    Array.from({ length: COLD_USERS * LAUNCHES_PER_COLD_USER }, (_, i) =>
      launch(coldUsers[i % COLD_USERS]),
    ),
  );
  cold.forEach(count);
  const stsCallsForConcurrentColdLaunches =
    (await standIns.stats()).aws.sts.AssumeRole ?? 0;

  // Warm the users of the latency runs, so that those measure warm launches only.
  await Promise.all(warmUsers.map(launch));

  const overheadAt = async (concurrency: number, total: number) => {
    log(`${label}: ${total} launches at concurrency ${concurrency}`);
    await standIns.resetStats();
    const result = await runLoad(concurrency, total, i =>
      launch(warmUsers[i % warmUsers.length]),
    );
    failures += result.failures;
    const injectedPerLaunch =
      injectedMs(await standIns.stats(), latencies) / total;
    const overheads = result.latenciesMs.map(ms => ms - injectedPerLaunch);
    return {
      latencyP50: round(percentile(result.latenciesMs, 50)),
      p50: round(percentile(overheads, 50)),
      p99: round(percentile(overheads, 99)),
    };
  };
  const c1 = await overheadAt(1, options.sequentialLaunches);
  const c200 = await overheadAt(200, options.concurrentLaunches);

  log(`${label}: ${options.throughputLaunches} launches with zero latency`);
  await standIns.setLatencies(ZERO_LATENCY);
  await runLoad(50, 200, i => launch(warmUsers[i % warmUsers.length])); // JIT warm-up
  const throughput = await runLoad(50, options.throughputLaunches, i =>
    launch(warmUsers[i % warmUsers.length]),
  );
  failures += throughput.failures;
  await standIns.setLatencies(latencies);

  return {
    awsCallsPerColdLaunch,
    awsCallsPerWarmLaunch,
    stsCallsForConcurrentColdLaunches,
    latencyMsP50: {
      concurrency1: c1.latencyP50,
      concurrency200: c200.latencyP50,
    },
    overheadMsP50: { concurrency1: c1.p50, concurrency200: c200.p50 },
    overheadMsP99: { concurrency1: c1.p99, concurrency200: c200.p99 },
    launchesPerSecond: Math.round(
      options.throughputLaunches / (throughput.elapsedMs / 1000),
    ),
    failures,
  };
}

/**
 * Starts the stand-ins (in a child process) and the portal, measures the portal's launch path
 * over HTTP, then the reference flow on the same stand-ins.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const { log } = options;
  log('starting DynamoDB Local, the AWS stand-in and the portal backend');
  const standIns = await startRemoteStandIns(COLD_USERS * 2);
  try {
    const portal = await startBenchPortal(standIns.endpoints);
    const client = new KeepAliveClient(portal.baseUrl);
    let portalFigures: FlowFigures;
    try {
      const launch: Launch = async name => {
        const res = await client.post(
          '/api/sagemaker-studio/launch',
          bearerOf(name),
          {},
        );
        return res.status === 200;
      };
      portalFigures = await measureFlow(standIns, launch, options, 'portal');
    } finally {
      client.close();
      await portal.stop();
    }
    const rssMb = round(process.memoryUsage().rss / 1024 / 1024, 0);

    const reference = new ReferenceFlow(standIns.endpoints);
    let referenceFigures: FlowFigures;
    try {
      referenceFigures = await measureFlow(
        standIns,
        name =>
          reference.launch(name, 'lob-a').then(
            () => true,
            () => false,
          ),
        options,
        'reference',
      );
    } finally {
      reference.close();
    }

    const cpus = (await import('node:os')).cpus();
    return {
      ...portalFigures,
      injectedLatencyMs: options.latencies,
      rssMb,
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      reference: {
        ...referenceFigures,
        latencyRatio: {
          concurrency1: round(
            referenceFigures.latencyMsP50.concurrency1 /
              portalFigures.latencyMsP50.concurrency1,
          ),
          concurrency200: round(
            referenceFigures.latencyMsP50.concurrency200 /
              portalFigures.latencyMsP50.concurrency200,
          ),
        },
      },
    };
  } finally {
    await standIns.stop();
  }
}

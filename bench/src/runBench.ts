import { cpus as cpuInfo } from 'node:os';
import type { FlowKind } from './flowProcess';
import { percentile, round, runLoad } from './measure';
import { startRemoteFlow } from './remoteFlow';
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
  /** Launches measured at concurrency 1, at concurrency 200, and per throughput round. */
  sequentialLaunches: number;
  concurrentLaunches: number;
  throughputLaunches: number;
  /** Throughput rounds; the figures are those of the median round (the machine is not quiet). */
  throughputRounds: number;
  /** Launches at zero latency before the latency runs and again before the throughput rounds, so that they measure optimized code. */
  warmupLaunches: number;
  log: (line: string) => void;
}

export const DEFAULT_OPTIONS: Omit<BenchOptions, 'log'> = {
  latencies: DEFAULT_LATENCIES,
  sequentialLaunches: 50,
  concurrentLaunches: 2000,
  throughputLaunches: 3000,
  throughputRounds: 3,
  warmupLaunches: 1000,
};

export interface FlowFigures {
  awsCallsPerColdLaunch: number;
  awsCallsPerWarmLaunch: number;
  stsCallsForConcurrentColdLaunches: number;
  latencyMsP50: { concurrency1: number; concurrency200: number };
  overheadMsP50: { concurrency1: number; concurrency200: number };
  overheadMsP99: { concurrency1: number; concurrency200: number };
  launchesPerSecond: number;
  /** CPU time (user + system) of the flow's process per warm launch, in the median throughput round. */
  cpuMsPerWarmLaunch: number;
  /** The same for the STS/SageMaker stand-in's process: AWS's share of this machine. */
  standInCpuMsPerWarmLaunch: number;
  failures: number;
}

export interface BenchResult extends FlowFigures {
  injectedLatencyMs: Latencies;
  /** RSS of the portal's process (the backend alone) at the end of its runs. */
  rssMb: number;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  reference: FlowFigures & {
    /** Reference p50 latency divided by the portal's p50 latency (higher: the portal is faster). */
    latencyRatio: { concurrency1: number; concurrency200: number };
  };
  /** The bare SDK call behind a bare HTTP server: what no portal on this machine can beat. */
  floor: FlowFigures;
  /** Portal overhead p50 minus the floor's: what Backstage and the plugin add. */
  overheadOverFloorMsP50: { concurrency1: number; concurrency200: number };
}

const COLD_USERS = 10;
const LAUNCHES_PER_COLD_USER = 10;

interface ThroughputRound {
  launchesPerSecond: number;
  cpuMs: number;
  standInCpuMs: number;
}

/** The element with the median value of `by` (the upper one of an even count). */
function median<T>(items: T[], by: (item: T) => number): T {
  const sorted = [...items].sort((a, b) => by(a) - by(b));
  return sorted[Math.floor(sorted.length / 2)];
}

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

/** The flow under test, as the load client sees it. */
interface MeasuredFlow {
  launch(name: string): Promise<boolean>;
  /** CPU time its process has used so far, in ms. */
  cpuMs(): Promise<number>;
}

/** The same measurements for any flow (the portal, the reference design, the SDK floor). */
async function measureFlow(
  standIns: RemoteStandIns,
  flow: MeasuredFlow,
  options: BenchOptions,
  label: string,
): Promise<FlowFigures> {
  const { latencies, log } = options;
  const launch = (name: string) => flow.launch(name);
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

  // Warm the users of the latency runs (so that those measure warm launches
  // only) and the flow's code (so that they measure optimized code, not the JIT).
  log(`${label}: ${options.warmupLaunches} warm-up launches with zero latency`);
  (await Promise.all(warmUsers.map(launch))).forEach(count);
  await standIns.setLatencies(ZERO_LATENCY);
  const warmup = async () => {
    const load = await runLoad(50, options.warmupLaunches, i =>
      launch(warmUsers[i % warmUsers.length]),
    );
    failures += load.failures;
  };
  await warmup();
  await standIns.setLatencies(latencies);

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

  log(
    `${label}: ${options.throughputRounds} x ${options.throughputLaunches} launches with zero latency`,
  );
  await standIns.setLatencies(ZERO_LATENCY);
  await warmup();
  const rounds: ThroughputRound[] = [];
  for (let run = 1; run <= options.throughputRounds; run++) {
    const [cpuBefore, standInCpuBefore] = await Promise.all([
      flow.cpuMs(),
      standIns.cpuMs(),
    ]);
    const load = await runLoad(50, options.throughputLaunches, i =>
      launch(warmUsers[i % warmUsers.length]),
    );
    const [cpuAfter, standInCpuAfter] = await Promise.all([
      flow.cpuMs(),
      standIns.cpuMs(),
    ]);
    failures += load.failures;
    rounds.push({
      launchesPerSecond: options.throughputLaunches / (load.elapsedMs / 1000),
      cpuMs: cpuAfter - cpuBefore,
      standInCpuMs: standInCpuAfter - standInCpuBefore,
    });
  }
  const throughput = median(rounds, r => r.launchesPerSecond);
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
    launchesPerSecond: Math.round(throughput.launchesPerSecond),
    cpuMsPerWarmLaunch: round(throughput.cpuMs / options.throughputLaunches, 3),
    standInCpuMsPerWarmLaunch: round(
      throughput.standInCpuMs / options.throughputLaunches,
      3,
    ),
    failures,
  };
}

const ratio = (a: number, b: number) => round(a / b);

/**
 * Starts the stand-ins, then each flow in a process of its own (the portal,
 * the reference design, the SDK floor) and measures it over HTTP from this
 * process, the load client.
 */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const { log } = options;
  log('starting DynamoDB Local and the AWS stand-in');
  const standIns = await startRemoteStandIns(COLD_USERS * 2);
  try {
    const measure = async (kind: FlowKind) => {
      log(`starting the ${kind} flow`);
      const flow = await startRemoteFlow(kind, standIns.endpoints);
      try {
        const figures = await measureFlow(standIns, flow, options, kind);
        return { figures, rssMb: round(await flow.rssMb(), 0) };
      } finally {
        await flow.stop();
      }
    };
    const portal = await measure('portal');
    const reference = (await measure('reference')).figures;
    const floor = (await measure('floor')).figures;

    const cpus = cpuInfo();
    return {
      ...portal.figures,
      injectedLatencyMs: options.latencies,
      rssMb: portal.rssMb,
      machine: {
        cpus: cpus.length,
        cpuModel: cpus[0]?.model ?? 'unknown',
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
      },
      reference: {
        ...reference,
        latencyRatio: {
          concurrency1: ratio(
            reference.latencyMsP50.concurrency1,
            portal.figures.latencyMsP50.concurrency1,
          ),
          concurrency200: ratio(
            reference.latencyMsP50.concurrency200,
            portal.figures.latencyMsP50.concurrency200,
          ),
        },
      },
      floor,
      overheadOverFloorMsP50: {
        concurrency1: round(
          portal.figures.overheadMsP50.concurrency1 -
            floor.overheadMsP50.concurrency1,
        ),
        concurrency200: round(
          portal.figures.overheadMsP50.concurrency200 -
            floor.overheadMsP50.concurrency200,
        ),
      },
    };
  } finally {
    await standIns.stop();
  }
}

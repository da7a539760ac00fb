import { runBench, type BenchResult } from './runBench';
import { formatTable } from './table';

/*
 * The benchmark itself, small: every flow in its own process against the
 * stand-ins, with short latencies and few launches. It checks what the
 * figures count (AWS calls, STS calls, failures), not how fast this machine
 * is; `yarn bench` measures speed.
 */

jest.setTimeout(240_000);

let result: BenchResult;

beforeAll(async () => {
  result = await runBench({
    latencies: { dynamoDb: 1, sts: 5, sagemaker: 10 },
    sequentialLaunches: 5,
    concurrentLaunches: 200,
    throughputLaunches: 200,
    throughputRounds: 1,
    warmupLaunches: 100,
    log: () => {},
  });
});

describe('yarn bench', () => {
  it('counts one AWS call per warm portal launch and four per cold one', () => {
    expect(result.awsCallsPerColdLaunch).toBe(4);
    expect(result.awsCallsPerWarmLaunch).toBe(1);
  });

  it('coalesces concurrent first launches into one AssumeRole per user', () => {
    expect(result.stsCallsForConcurrentColdLaunches).toBe(10);
  });

  it('runs the reference flow with nothing cached', () => {
    expect(result.reference.awsCallsPerColdLaunch).toBe(4);
    expect(result.reference.awsCallsPerWarmLaunch).toBe(4);
    expect(result.reference.stsCallsForConcurrentColdLaunches).toBe(100);
    expect(result.reference.latencyRatio.concurrency1).toBeGreaterThan(0);
  });

  it('runs the SDK floor with one call per warm launch', () => {
    expect(result.floor.awsCallsPerWarmLaunch).toBe(1);
    expect(result.floor.stsCallsForConcurrentColdLaunches).toBe(10);
  });

  it('has every launch of every flow succeed', () => {
    expect(result.failures).toBe(0);
    expect(result.reference.failures).toBe(0);
    expect(result.floor.failures).toBe(0);
  });

  it('measures latency above the injected latency, and CPU per launch', () => {
    for (const flow of [result, result.reference, result.floor]) {
      expect(flow.latencyMsP50.concurrency1).toBeGreaterThanOrEqual(10);
      expect(flow.overheadMsP50.concurrency200).toBeGreaterThan(-1);
      expect(flow.launchesPerSecond).toBeGreaterThan(0);
      expect(flow.cpuMsPerWarmLaunch).toBeGreaterThan(0);
      expect(flow.standInCpuMsPerWarmLaunch).toBeGreaterThan(0);
    }
    expect(result.rssMb).toBeGreaterThan(0);
  });

  it('prints the figures the issue names, as JSON and as a table', () => {
    const json = JSON.parse(JSON.stringify(result));
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining([
        'awsCallsPerWarmLaunch',
        'awsCallsPerColdLaunch',
        'stsCallsForConcurrentColdLaunches',
        'overheadMsP50',
        'overheadMsP99',
        'launchesPerSecond',
        'rssMb',
        'reference',
        'floor',
      ]),
    );
    expect(Object.keys(json.overheadMsP50)).toEqual([
      'concurrency1',
      'concurrency200',
    ]);
    const table = formatTable(result);
    expect(table).toMatch(/AWS calls per warm launch\s+1\s+4\s+1\s+= 1/);
    expect(table).toContain('SDK floor');
  });
});

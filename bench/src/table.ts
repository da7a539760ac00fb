import type { BenchResult, FlowFigures } from './runBench';

const TARGETS: Partial<Record<string, string>> = {
  'AWS calls per warm launch': '= 1',
  'Overhead p50 at concurrency 200 (ms)': '<= 2',
  'Overhead p99 at concurrency 200 (ms)': '<= 10',
  'Launches/s, zero latency': '>= 1000',
};

function rows(f: FlowFigures): [string, number][] {
  return [
    ['AWS calls per cold launch', f.awsCallsPerColdLaunch],
    ['AWS calls per warm launch', f.awsCallsPerWarmLaunch],
    [
      'STS calls, 100 concurrent first launches of 10 users',
      f.stsCallsForConcurrentColdLaunches,
    ],
    ['Latency p50 at concurrency 1 (ms)', f.latencyMsP50.concurrency1],
    ['Latency p50 at concurrency 200 (ms)', f.latencyMsP50.concurrency200],
    ['Overhead p50 at concurrency 1 (ms)', f.overheadMsP50.concurrency1],
    ['Overhead p99 at concurrency 1 (ms)', f.overheadMsP99.concurrency1],
    ['Overhead p50 at concurrency 200 (ms)', f.overheadMsP50.concurrency200],
    ['Overhead p99 at concurrency 200 (ms)', f.overheadMsP99.concurrency200],
    ['Launches/s, zero latency', f.launchesPerSecond],
    ['CPU ms of its process per warm launch', f.cpuMsPerWarmLaunch],
    ['CPU ms of the stand-in per warm launch', f.standInCpuMsPerWarmLaunch],
    ['Failed launches', f.failures],
  ];
}

/** The result as a plain-text table: portal, reference design, SDK floor, target. */
export function formatTable(result: BenchResult): string {
  const portal = rows(result);
  const reference = rows(result.reference);
  const floor = rows(result.floor);
  const header = ['Measure', 'Portal', 'Reference', 'SDK floor', 'Target'];
  const lines: string[][] = [
    header,
    ...portal.map(([name, value], i) => [
      name,
      String(value),
      String(reference[i][1]),
      String(floor[i][1]),
      TARGETS[name] ?? '',
    ]),
  ];
  const widths = header.map((_, col) =>
    Math.max(...lines.map(line => line[col].length)),
  );
  const render = (line: string[]) =>
    line
      .map((cell, col) =>
        col === 0 ? cell.padEnd(widths[col]) : cell.padStart(widths[col]),
      )
      .join('  ');
  const { injectedLatencyMs: l, machine: m } = result;
  return [
    `Injected latency per call: DynamoDB ${l.dynamoDb} ms, STS ${l.sts} ms, SageMaker ${l.sagemaker} ms`,
    '',
    render(lines[0]),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...lines.slice(1).map(render),
    '',
    `Reference p50 latency / portal p50 latency: ${result.reference.latencyRatio.concurrency1}x at concurrency 1, ${result.reference.latencyRatio.concurrency200}x at concurrency 200`,
    `Portal overhead p50 over the SDK floor: ${result.overheadOverFloorMsP50.concurrency1} ms at concurrency 1, ${result.overheadOverFloorMsP50.concurrency200} ms at concurrency 200`,
    `Portal process RSS: ${result.rssMb} MB (the backend alone; the load client and the stand-ins run in other processes)`,
    `Machine: ${m.cpus} x ${m.cpuModel}, Node ${m.node}, ${m.platform}`,
    '',
  ].join('\n');
}

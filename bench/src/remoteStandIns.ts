import type { DynamoDbStats, StandInStats } from '@studio-portal/aws-local';
import { forkChild } from './childProcess';
import type { Latencies } from './world';

export interface StandInCounts {
  aws: StandInStats;
  dynamoDb: DynamoDbStats;
}

export interface StandInEndpoints {
  dynamoDb: string;
  aws: string;
}

/** The stand-ins, running in a child process (see standInProcess.ts). */
export interface RemoteStandIns {
  endpoints: StandInEndpoints;
  stats(): Promise<StandInCounts>;
  resetStats(): Promise<void>;
  setLatencies(latency: Latencies): Promise<void>;
  /** CPU time (user + system) of the stand-ins' Node process, in ms (DynamoDB Local's JVM not included). */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export async function startRemoteStandIns(
  userCount: number,
): Promise<RemoteStandIns> {
  const child = await forkChild<StandInEndpoints>(
    require.resolve('./standInProcess'),
    [String(userCount)],
  );
  return {
    endpoints: child.ready,
    stats: () => child.call('stats'),
    resetStats: () => child.call('reset'),
    setLatencies: latency => child.call('latency', { latency }),
    cpuMs: () => child.call<number>('cpu'),
    stop: () => child.stop(),
  };
}

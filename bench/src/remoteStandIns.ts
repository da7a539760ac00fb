import { fork, type ChildProcess } from 'node:child_process';
import type { DynamoDbStats, StandInStats } from '@studio-portal/aws-local';
import type { Latencies } from './world';

export interface StandInCounts {
  aws: StandInStats;
  dynamoDb: DynamoDbStats;
}

/** The stand-ins, running in a child process (see standInProcess.ts). */
export interface RemoteStandIns {
  endpoints: { dynamoDb: string; aws: string };
  stats(): Promise<StandInCounts>;
  resetStats(): Promise<void>;
  setLatencies(latency: Latencies): Promise<void>;
  stop(): Promise<void>;
}

export async function startRemoteStandIns(
  userCount: number,
): Promise<RemoteStandIns> {
  const child: ChildProcess = fork(
    require.resolve('./standInProcess'),
    [String(userCount)],
    {
      execArgv: [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      ],
      stdio: ['ignore', 2, 2, 'ipc'],
    },
  );
  const pending = new Map<number, (value: any) => void>();
  let nextId = 1;
  const endpoints = await new Promise<RemoteStandIns['endpoints']>(
    (resolveReady, reject) => {
      child.once('exit', code =>
        reject(new Error(`the stand-in process exited with ${code}`)),
      );
      child.on('message', (message: any) => {
        if (message.ready) resolveReady(message.ready);
        else pending.get(message.id)?.(message.value);
      });
    },
  );
  const call = (op: string, extra: object = {}) =>
    new Promise<any>(resolveCall => {
      const id = nextId++;
      pending.set(id, value => {
        pending.delete(id);
        resolveCall(value);
      });
      child.send({ id, op, ...extra });
    });
  return {
    endpoints,
    stats: () => call('stats'),
    resetStats: () => call('reset'),
    setLatencies: latency => call('latency', { latency }),
    async stop() {
      child.removeAllListeners('exit');
      const exited = new Promise(r => child.once('exit', r));
      await Promise.race([call('stop'), exited]);
      await Promise.race([exited, new Promise(r => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

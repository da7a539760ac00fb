import { forkChild } from './childProcess';
import type { FlowKind, FlowReady } from './flowProcess';
import { BENCH_USER_HEADER } from './flowServer';
import { KeepAliveClient } from './httpClient';
import { bearerOf } from './portal';
import type { StandInEndpoints } from './remoteStandIns';

/** A flow under test in its own process, and the load client's way to launch through it. */
export interface RemoteFlow {
  /** One launch for the user; true when it answered 200. */
  launch(name: string): Promise<boolean>;
  rssMb(): Promise<number>;
  /** CPU time (user + system) the flow's process has used, in ms. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

/** The portal takes a Backstage token; the reference and the floor take the user's name. */
const userHeaders = (kind: FlowKind, name: string): Record<string, string> =>
  kind === 'portal'
    ? { authorization: bearerOf(name) }
    : { [BENCH_USER_HEADER]: name };

export async function startRemoteFlow(
  kind: FlowKind,
  endpoints: StandInEndpoints,
): Promise<RemoteFlow> {
  const child = await forkChild<FlowReady>(require.resolve('./flowProcess'), [
    kind,
    JSON.stringify(endpoints),
  ]);
  const client = new KeepAliveClient(child.ready.baseUrl);
  return {
    async launch(name) {
      const res = await client.post(
        child.ready.launchPath,
        userHeaders(kind, name),
        {},
      );
      return res.status === 200;
    },
    rssMb: async () => (await child.call<number>('rss')) / 1024 / 1024,
    cpuMs: () => child.call<number>('cpu'),
    async stop() {
      client.close();
      await child.stop();
    },
  };
}

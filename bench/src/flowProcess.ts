import { processCpuMs, runChild, serveParent } from './childProcess';
import { startBenchPortal } from './portal';
import { ReferenceFlow, SdkFloorFlow } from './referenceFlow';
import { serveFlow } from './flowServer';
import type { StandInEndpoints } from './remoteStandIns';

/** The flows the bench measures, each in a process of its own. */
export type FlowKind = 'portal' | 'reference' | 'floor';

export interface FlowReady {
  baseUrl: string;
  /** Path of the launch request. */
  launchPath: string;
}

async function startFlow(kind: FlowKind, endpoints: StandInEndpoints) {
  if (kind === 'portal') {
    const portal = await startBenchPortal(endpoints);
    return {
      ready: {
        baseUrl: portal.baseUrl,
        launchPath: '/api/sagemaker-studio/launch',
      },
      stop: () => portal.stop(),
    };
  }
  const flow =
    kind === 'reference'
      ? new ReferenceFlow(endpoints)
      : new SdkFloorFlow(endpoints);
  const server = await serveFlow(flow);
  return {
    ready: { baseUrl: server.baseUrl, launchPath: '/launch' },
    stop: async () => {
      await server.close();
      flow.close();
    },
  };
}

/*
 * Child process of the bench that serves one flow over HTTP on 127.0.0.1,
 * so that the flow has a process of its own and the load client's CPU is
 * not charged to it. Ops: rss, cpu, stop.
 */
runChild(async () => {
  const kind = process.argv[2] as FlowKind;
  const endpoints = JSON.parse(process.argv[3]) as StandInEndpoints;
  const flow = await startFlow(kind, endpoints);
  serveParent(
    flow.ready,
    {
      rss: () => process.memoryUsage().rss,
      cpu: processCpuMs,
    },
    flow.stop,
  );
});

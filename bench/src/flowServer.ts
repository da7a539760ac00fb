import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BenchFlow } from './referenceFlow';

export const BENCH_USER_HEADER = 'x-bench-user';

/**
 * A bare node:http server in front of a bench flow, standing in for the
 * reference design's API Gateway: POST /launch with the user's name in
 * `x-bench-user`; 200 with the URL, or 502. No framework, so that it costs
 * the flow as little as possible.
 */
export async function serveFlow(
  flow: BenchFlow,
): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    const name = req.headers[BENCH_USER_HEADER];
    if (
      req.method !== 'POST' ||
      req.url !== '/launch' ||
      typeof name !== 'string'
    ) {
      res.writeHead(404).end();
      return;
    }
    flow.launch(name).then(
      url => {
        const body = JSON.stringify({ url });
        res.writeHead(200, {
          'content-type': 'application/json',
          'cache-control': 'no-store',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      },
      () => res.writeHead(502).end(),
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

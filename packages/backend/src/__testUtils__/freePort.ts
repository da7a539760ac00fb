import { createServer, type AddressInfo } from 'node:net';

/**
 * A port that is free on 127.0.0.1 right now, below Linux's ephemeral range
 * (32768+): the servers a test starts on port 0 cannot take it before the
 * test binds it.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const candidate = 20_000 + Math.floor(Math.random() * 10_000);
    const server = createServer();
    const free = await new Promise<boolean>(resolveFree => {
      server.once('error', () => resolveFree(false));
      server.listen(candidate, '127.0.0.1', () => resolveFree(true));
    });
    if (free) {
      const { port } = server.address() as AddressInfo;
      await new Promise(resolveClosed => server.close(resolveClosed));
      return port;
    }
  }
}

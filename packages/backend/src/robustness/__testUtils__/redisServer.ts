import { dirname } from 'node:path';
import { createConnection } from 'node:net';
import { freePort } from '../../__testUtils__/freePort';
import {
  redisServerBinary,
  startRedisServerProcess,
} from '../../__testUtils__/redisServerProcess';

export interface RedisServer {
  /** e.g. redis://127.0.0.1:40123 */
  url: string;
  stop(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise(resolvePing => {
    const socket = createConnection({ host: '127.0.0.1', port }, () =>
      socket.write('PING\r\n'),
    );
    socket.setTimeout(500, () => socket.destroy());
    socket.once('data', data => {
      socket.destroy();
      resolvePing(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolvePing(false));
    socket.once('close', () => resolvePing(false));
  });
}

/**
 * Debian's redis-server on 127.0.0.1 and a free port, in memory only (no
 * RDB snapshots, no AOF), for tests of replicas sharing a cache.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const binary = redisServerBinary('the replica tests need it');
  const port = await freePort();
  const server = await startRedisServerProcess({
    binary,
    args: ['--port', String(port), '--protected-mode', 'yes'],
    answers: () => ping(port),
    pollMs: 50,
    failure: `redis-server did not start on 127.0.0.1:${port}`,
  });
  return { url: `redis://127.0.0.1:${port}`, stop: server.stop };
}

interface RedisClientLike {
  isOpen: boolean;
  disconnect(): Promise<void>;
}

/**
 * Backstage's cache service never closes its Redis clients, and @redis/client
 * throws an unhandled 'error' when the server goes away under an open client.
 * So the test records every client that connects and closes them itself
 * before stopping the server.
 */
export function trackRedisClients(): { disconnectAll(): Promise<void> } {
  // The very module the cache service loads: backend-defaults -> @keyv/redis -> @redis/client.
  const from = (request: string, base: string) =>
    require.resolve(request, { paths: [dirname(base)] });
  const keyvRedis = from(
    '@keyv/redis',
    require.resolve('@backstage/backend-defaults/package.json'),
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const RedisClient = require(from(
    '@redis/client/dist/lib/client',
    keyvRedis,
  )).default;
  const clients = new Set<RedisClientLike>();
  const connect = RedisClient.prototype.connect;
  RedisClient.prototype.connect = function trackedConnect(
    this: RedisClientLike,
    ...args: unknown[]
  ) {
    clients.add(this);
    return connect.apply(this, args);
  };
  return {
    async disconnectAll() {
      RedisClient.prototype.connect = connect;
      await Promise.allSettled(
        [...clients].filter(c => c.isOpen).map(c => c.disconnect()),
      );
    },
  };
}

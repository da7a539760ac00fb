import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { freePort } from '../../__testUtils__/freePort';
import {
  redisServerBinary,
  startRedisServerProcess,
} from '../../__testUtils__/redisServerProcess';
import type { TestCertificates } from './tls';

export interface TlsCache {
  host: string;
  port: number;
  authToken: string;
  stop(): Promise<void>;
}

function ping(port: number, authToken: string, ca: Buffer): Promise<boolean> {
  return new Promise(resolvePing => {
    const socket = connect(
      { host: '127.0.0.1', port, ca, servername: 'localhost' },
      () => socket.write(`AUTH ${authToken}\r\nPING\r\n`),
    );
    let received = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('data', data => {
      received += data.toString();
      if (received.includes('+PONG')) {
        socket.destroy();
        resolvePing(true);
      }
    });
    socket.once('error', () => resolvePing(false));
    socket.once('close', () => resolvePing(received.includes('+PONG')));
  });
}

/**
 * Debian's redis-server (the protocol of ElastiCache for Valkey) on
 * 127.0.0.1 as the production cache is: TLS only (no plain port), an AUTH
 * token, nothing written to disk.
 */
export async function startTlsCache(
  certificates: TestCertificates,
): Promise<TlsCache> {
  const binary = redisServerBinary('the production contract test needs it');
  const port = await freePort();
  const authToken = `token${Math.random().toString(36).slice(2)}${Date.now()}`;
  const ca = readFileSync(certificates.caFile);
  const server = await startRedisServerProcess({
    binary,
    args: [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--tls-cert-file',
      certificates.certFile,
      '--tls-key-file',
      certificates.keyFile,
      '--tls-ca-cert-file',
      certificates.caFile,
      '--tls-auth-clients',
      'no',
      '--requirepass',
      authToken,
    ],
    answers: () => ping(port, authToken, ca),
    pollMs: 100,
    failure: `redis-server did not start with TLS on 127.0.0.1:${port}`,
  });
  return { host: '127.0.0.1', port, authToken, stop: server.stop };
}

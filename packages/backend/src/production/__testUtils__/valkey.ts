import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { freePort } from '../../__testUtils__/freePort';
import type { TestCertificates } from './tls';

const CANDIDATES = [
  '/usr/bin/redis-server',
  '/usr/sbin/redis-server',
  '/usr/local/bin/redis-server',
];

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
  const binary = CANDIDATES.find(path => existsSync(path));
  if (!binary) {
    throw new Error(
      'redis-server is not installed (apt-get install -y redis-server); the production contract test needs it',
    );
  }
  const port = await freePort();
  const authToken = `token${Math.random().toString(36).slice(2)}${Date.now()}`;
  const child = spawn(
    binary,
    [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--bind',
      '127.0.0.1',
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
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>(resolveExit =>
    child.once('exit', () => resolveExit()),
  );
  const ca = readFileSync(certificates.caFile);
  const deadline = Date.now() + 10_000;
  while (!(await ping(port, authToken, ca))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `redis-server did not start with TLS on 127.0.0.1:${port}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    host: '127.0.0.1',
    port,
    authToken,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

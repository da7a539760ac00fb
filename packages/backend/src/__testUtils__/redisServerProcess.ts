import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/redis-server',
  '/usr/sbin/redis-server',
  '/usr/local/bin/redis-server',
];

/** Debian's redis-server; if it is missing, an error that says who needs it. */
export function redisServerBinary(neededBy: string): string {
  const binary = CANDIDATES.find(path => existsSync(path));
  if (!binary) {
    throw new Error(
      `redis-server is not installed (apt-get install -y redis-server); ${neededBy}`,
    );
  }
  return binary;
}

export interface RedisServerProcess {
  stop(): Promise<void>;
}

/**
 * Runs `binary` with `args` (ports, TLS, auth) on 127.0.0.1, in memory only
 * (no RDB snapshots, no AOF), and waits until `answers()`: 10 s at most,
 * asking every `pollMs`; otherwise kills it and throws `failure`.
 */
export async function startRedisServerProcess(options: {
  binary: string;
  args: string[];
  answers: () => Promise<boolean>;
  pollMs: number;
  failure: string;
}): Promise<RedisServerProcess> {
  const child = spawn(
    options.binary,
    [
      ...options.args,
      '--bind',
      '127.0.0.1',
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
  const deadline = Date.now() + 10_000;
  while (!(await options.answers())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(options.failure);
    }
    await new Promise(r => setTimeout(r, options.pollMs));
  }
  return {
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

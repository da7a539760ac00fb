import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

// Test-only: the repository this test runs in.
// eslint-disable-next-line no-restricted-syntax
export const repoRoot = resolve(__dirname, '../../../../..');
const backendDir = resolve(repoRoot, 'packages/backend');

export interface BackendProcess {
  url: string;
  /** The log without the request lines (what matters when it fails). */
  log(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real backend (packages/backend/src/index.ts, the same entry the
 * image runs from its bundle) as its own process with the given config files
 * and exactly the given environment: nothing of this process's environment
 * leaks in.
 */
export function spawnBackend(options: {
  configFiles: string[];
  env: Record<string, string>;
  port: number;
}): BackendProcess {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      ...options.configFiles.flatMap(file => ['--config', file]),
    ],
    { cwd: backendDir, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const exited = new Promise<number | null>(resolveExit =>
    child.once('exit', code => resolveExit(code)),
  );
  return {
    url: `http://127.0.0.1:${options.port}`,
    exited,
    output: () => output,
    log: () =>
      output
        .split('\n')
        .filter(line => !line.includes('"type":"incomingRequest"'))
        .join('\n'),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/** Waits until Backstage's readiness endpoint answers 200 (what the load balancer checks). */
export async function waitUntilReady(
  backend: BackendProcess,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let ended = false;
  backend.exited.then(() => (ended = true));
  while (Date.now() < deadline) {
    if (ended)
      throw new Error(
        `the backend exited before it was ready:\n${backend
          .output()
          .slice(-4000)}`,
      );
    try {
      const res = await fetch(`${backend.url}/.backstage/health/v1/readiness`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `the backend was not ready within ${timeoutMs} ms:\n${backend
      .log()
      .slice(-6000)}`,
  );
}

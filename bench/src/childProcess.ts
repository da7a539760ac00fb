import { fork } from 'node:child_process';

/*
 * The bench runs each party in its own process, as in production: the
 * stand-ins (playing AWS), the flow under test (the portal, the reference
 * design or the bare SDK floor) and, in the parent, the load client. Each
 * child is driven over IPC with small request/reply messages.
 */

type Handler = (request: any) => unknown;

/** A child process started with `forkChild`; `ready` is what it announced. */
export interface Child<Ready> {
  ready: Ready;
  call<T = unknown>(op: string, extra?: object): Promise<T>;
  stop(): Promise<void>;
}

/** Forks a TypeScript module of the bench and waits for it to announce itself. */
export async function forkChild<Ready>(
  modulePath: string,
  args: string[],
): Promise<Child<Ready>> {
  const child = fork(modulePath, args, {
    execArgv: [
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      // BENCH_CPU_PROFILE_DIR=dir writes a V8 CPU profile of each child there.
      ...(process.env.BENCH_CPU_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`]
        : []),
    ],
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const pending = new Map<number, { resolve: Function; reject: Function }>();
  let nextId = 1;
  const ready = await new Promise<Ready>((resolveReady, reject) => {
    child.once('exit', code => {
      // Before `ready`, the start fails; after it, every unanswered call does.
      const error = new Error(`${modulePath} exited with ${code}`);
      reject(error);
      for (const waiter of pending.values()) waiter.reject(error);
      pending.clear();
    });
    child.on('message', (message: any) => {
      if ('ready' in message) {
        resolveReady(message.ready);
        return;
      }
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error));
      else waiter?.resolve(message.value);
    });
  });
  const call = <T>(op: string, extra: object = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, op, ...extra });
    });
  return {
    ready,
    call,
    async stop() {
      const exited = new Promise(r => child.once('exit', r));
      // A child that exits before it answers has stopped all the same.
      await Promise.race([call('stop').catch(() => {}), exited]);
      await Promise.race([exited, new Promise(r => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * The child's side: announces `ready`, answers each op with its handler and
 * on `stop` runs `stop` and leaves, so the process can exit.
 */
export function serveParent(
  ready: unknown,
  handlers: Record<string, Handler>,
  stop: () => Promise<void>,
): void {
  const send = (message: object) => process.send!(message);
  process.on('message', async (request: { id: number; op: string }) => {
    try {
      if (request.op === 'stop') {
        await stop();
        send({ id: request.id });
        process.disconnect?.();
        return;
      }
      const handler = handlers[request.op];
      if (!handler) throw new Error(`unknown op ${request.op}`);
      send({ id: request.id, value: await handler(request) });
    } catch (error) {
      send({
        id: request.id,
        error: String((error as Error)?.message ?? error),
      });
    }
  });
  send({ ready });
}

/** CPU time (user + system) this process has used, in ms. */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs a child's main and exits with a message if it fails to start. */
export function runChild(main: () => Promise<void>): void {
  main().catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}

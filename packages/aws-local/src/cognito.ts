import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { LocalUserPool, type CognitoPoolDefinition } from './cognitoPool';
import { COGNITO_OPERATIONS } from './cognitoOperations';
import { cognitoRequest } from './cognitoRequests';
import {
  AwsError,
  BodyTooLargeError,
  readBody,
  send,
  type Reply,
} from './http';
import { headerValue, parseAuthorization, verifySignature } from './sigv4';
import { newRequestId } from './sts';
import type { StandInCaller } from './types';

const HOST = '127.0.0.1';
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_TYPE = 'application/x-amz-json-1.1';

/** A principal that may call the pool API; `actions` is its IAM policy. */
export interface CognitoCaller extends StandInCaller {
  /**
   * The `cognito-idp:` actions its policy allows on the stand-in's pools,
   * e.g. ['cognito-idp:ListUsers']; default: all.
   */
  actions?: string[];
}

export type CognitoFaultKind = 'throttle' | 'serverError' | 'accessDenied';

export interface CognitoFault {
  kind: CognitoFaultKind;
  /** e.g. 'ListUsers'; default: every operation. */
  action?: string;
  /** How many calls it affects; default: until cleared. */
  times?: number;
}

export interface CognitoStandInOptions {
  /** Default 0: a free port. */
  port?: number;
  pools: CognitoPoolDefinition[];
  callers: CognitoCaller[];
  /**
   * Requests per second per operation before TooManyRequestsException, as
   * Cognito's quotas (ListUsers: 30 by default in AWS). Default: no limit.
   */
  rateLimitPerSecond?: number;
  /** Never receives secrets, passwords or tokens. */
  log?: (line: string) => void;
  now?: () => number;
}

export interface CognitoStandIn {
  /** The `endpoint` for CognitoIdentityProviderClient. */
  endpoint: string;
  pool(userPoolId: string): LocalUserPool;
  /** Calls per operation since start. */
  stats(): Record<string, number>;
  injectFault(fault: CognitoFault): void;
  clearFaults(): void;
  setRateLimit(perSecond: number | undefined): void;
  close(): Promise<void>;
}

/**
 * A stand-in for the Cognito user pools API on 127.0.0.1, for the real
 * `@aws-sdk/client-cognito-identity-provider` client: SigV4-signed
 * requests from known keys, per-caller allowed actions, AWS's page sizes,
 * tokens and error names, throttling and injected faults.
 */
export async function startCognitoStandIn(
  options: CognitoStandInOptions,
): Promise<CognitoStandIn> {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const pools = new Map<string, LocalUserPool>();
  for (const definition of options.pools) {
    pools.set(definition.userPoolId, new LocalUserPool(definition, now));
  }
  const counts: Record<string, number> = {};
  let faults: Array<CognitoFault & { remaining: number }> = [];
  let rateLimit = options.rateLimitPerSecond;
  const windows = new Map<string, { second: number; calls: number }>();
  const sockets = new Set<Socket>();

  function takeFault(action: string): CognitoFault | undefined {
    const fault = faults.find(
      f => (f.action === undefined || f.action === action) && f.remaining > 0,
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    faults = faults.filter(f => f.remaining > 0);
    return fault;
  }

  function overRate(action: string): boolean {
    if (rateLimit === undefined) return false;
    const second = Math.floor(now() / 1000);
    const window = windows.get(action);
    if (!window || window.second !== second) {
      windows.set(action, { second, calls: 1 });
      return false;
    }
    window.calls += 1;
    return window.calls > rateLimit;
  }

  async function handle(
    req: IncomingMessage,
    body: Buffer,
    action: string,
  ): Promise<unknown> {
    const caller = await authenticateCaller(req, body, options.callers, now());
    const fault = takeFault(action);
    if (fault?.kind === 'throttle' || overRate(action)) {
      throw new AwsError('TooManyRequestsException', 'Too many requests');
    }
    if (fault?.kind === 'serverError') {
      throw new AwsError('InternalErrorException', 'Internal error', 500);
    }
    const operation = COGNITO_OPERATIONS[action];
    if (!operation) {
      throw new AwsError(
        'UnknownOperationException',
        `Operation ${action} is not supported by the local stand-in.`,
      );
    }
    const input = parseInput(body);
    const userPoolId = cognitoRequest('Pool', input).UserPoolId;
    const region = parseAuthorization(
      headerValue(req.headers, 'authorization'),
    )!.region;
    const account = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(caller.arn)?.[1];
    const resource = `arn:aws:cognito-idp:${region}:${account}:userpool/${userPoolId}`;
    if (
      fault?.kind === 'accessDenied' ||
      (caller.actions && !caller.actions.includes(`cognito-idp:${action}`))
    ) {
      throw new AwsError(
        'AccessDeniedException',
        `User: ${caller.arn} is not authorized to perform: cognito-idp:${action} on resource: ${resource} ` +
          `because no identity-based policy allows the cognito-idp:${action} action`,
      );
    }
    const pool = pools.get(userPoolId);
    // A pool id names its region; asked in another region it does not exist.
    if (!pool || !userPoolId.startsWith(`${region}_`)) {
      throw new AwsError(
        'ResourceNotFoundException',
        `User pool ${userPoolId} does not exist.`,
      );
    }
    return operation(pool, input);
  }

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const requestId = newRequestId();
    const target = req.headers['x-amz-target'];
    if (
      req.method !== 'POST' ||
      typeof target !== 'string' ||
      !target.startsWith(TARGET_PREFIX)
    ) {
      send(res, {
        status: 404,
        headers: { 'content-type': 'text/plain' },
        body: 'Not Found',
      });
      return;
    }
    const action = target.slice(TARGET_PREFIX.length);
    counts[action] = (counts[action] ?? 0) + 1;
    const body = await readBody(req);
    let reply: Reply;
    try {
      reply = {
        status: 200,
        headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId },
        body: JSON.stringify(await handle(req, body, action)),
      };
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      reply = {
        status: error.status,
        headers: {
          'content-type': JSON_TYPE,
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': error.code,
        },
        body: JSON.stringify({ __type: error.code, message: error.message }),
      };
    }
    send(res, reply);
    log(`cognito-idp ${action} ${reply.status}`);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch(error => {
      const tooLarge = error instanceof BodyTooLargeError;
      log(
        `cognito stand-in error: ${
          tooLarge ? 'body too large' : (error as Error)?.message
        }`,
      );
      send(res, {
        status: tooLarge ? 413 : 500,
        headers: { 'content-type': 'text/plain' },
        body: tooLarge ? 'Request Entity Too Large' : 'Internal Server Error',
      });
    });
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const endpoint = `http://${HOST}:${(server.address() as AddressInfo).port}`;
  log(`Cognito stand-in listening on ${endpoint}`);

  let closed: Promise<void> | undefined;
  return {
    endpoint,
    pool(userPoolId) {
      const pool = pools.get(userPoolId);
      if (!pool) throw new Error(`no stand-in user pool ${userPoolId}`);
      return pool;
    },
    stats: () => ({ ...counts }),
    injectFault(fault) {
      if (!['throttle', 'serverError', 'accessDenied'].includes(fault.kind)) {
        throw new TypeError(`unknown fault kind ${fault.kind}`);
      }
      faults.push({ ...fault, remaining: fault.times ?? Infinity });
    },
    clearFaults() {
      faults = [];
    },
    setRateLimit(perSecond) {
      rateLimit = perSecond;
    },
    close() {
      closed ??= new Promise<void>(resolve => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

function parseInput(body: Buffer): Record<string, unknown> {
  try {
    const input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
    if (input && typeof input === 'object' && !Array.isArray(input)) {
      return input;
    }
  } catch {
    // falls through
  }
  throw new AwsError(
    'SerializationException',
    'Start of structure or map found where not expected.',
  );
}

/** The signing caller; AWS's JSON-protocol errors for a bad signature. */
async function authenticateCaller(
  req: IncomingMessage,
  body: Buffer,
  callers: CognitoCaller[],
  nowMs: number,
): Promise<CognitoCaller> {
  const auth = parseAuthorization(headerValue(req.headers, 'authorization'));
  if (!auth) {
    throw new AwsError(
      'MissingAuthenticationTokenException',
      'Request is missing Authentication Token',
    );
  }
  if (auth.service !== 'cognito-idp') {
    throw new AwsError(
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'cognito-idp'. ",
    );
  }
  const caller = callers.find(c => c.accessKeyId === auth.accessKeyId);
  if (
    !caller ||
    headerValue(req.headers, 'x-amz-security-token') !== undefined
  ) {
    throw new AwsError(
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  }
  const check = await verifySignature(
    {
      method: req.method ?? 'POST',
      url: req.url ?? '/',
      headers: req.headers,
      body,
    },
    auth,
    caller.secretAccessKey,
    nowMs,
  );
  if (!check.ok) throw new AwsError('InvalidSignatureException', check.detail);
  return caller;
}

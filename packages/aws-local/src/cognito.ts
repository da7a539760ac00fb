import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  deniedByIdentityPolicy,
  jsonErrorReply,
  jsonOperation,
  jsonReply,
  parseJsonInput,
} from './awsJson';
import { ActionCounts } from './actionCounts';
import { LocalUserPool, type CognitoPoolDefinition } from './cognitoPool';
import { COGNITO_OPERATIONS } from './cognitoOperations';
import { cognitoRequest } from './cognitoRequests';
import { AwsError, listenOnLoopback, readBody, send, type Reply } from './http';
import { headerValue, parseAuthorization, verifySignature } from './sigv4';
import { newRequestId } from './sts';
import type { StandInCaller } from './types';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

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
  const counts = new ActionCounts();
  let faults: Array<CognitoFault & { remaining: number }> = [];
  let rateLimit = options.rateLimitPerSecond;
  const windows = new Map<string, { second: number; calls: number }>();

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
    const operation = jsonOperation(COGNITO_OPERATIONS, action);
    const input = parseJsonInput(body);
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
      throw deniedByIdentityPolicy(
        caller.arn,
        `cognito-idp:${action}`,
        resource,
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
    counts.add(action);
    const body = await readBody(req);
    let reply: Reply;
    try {
      reply = jsonReply(await handle(req, body, action), requestId);
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      reply = jsonErrorReply(error, requestId);
    }
    send(res, reply);
    log(`cognito-idp ${action} ${reply.status}`);
  }

  const server = await listenOnLoopback(options.port ?? 0, serve, reason =>
    log(`cognito stand-in error: ${reason}`),
  );
  const endpoint = server.endpoint;
  log(`Cognito stand-in listening on ${endpoint}`);

  return {
    endpoint,
    pool(userPoolId) {
      const pool = pools.get(userPoolId);
      if (!pool) throw new Error(`no stand-in user pool ${userPoolId}`);
      return pool;
    },
    stats: () => counts.toRecord(),
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
    close: () => server.close(),
  };
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

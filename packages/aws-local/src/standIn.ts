import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, claimedArn } from './authenticate';
import { jsonErrorReply } from './awsJson';
import {
  CallCounter,
  FaultBook,
  validateFault,
  validateLatency,
} from './controls';
import {
  AwsError,
  listenOnLoopback,
  isLoopback,
  readBody,
  send,
  sleep,
  type Reply,
} from './http';
import {
  handleSageMaker,
  notAuthorized as sageMakerDenied,
  sageMakerAction,
} from './sagemaker';
import { SessionStore } from './sessions';
import {
  handleSts,
  newRequestId,
  notAuthorized as stsDenied,
  stsAction,
  stsErrorReply,
} from './sts';
import { StudioPages } from './studio';
import { UserProfileBook } from './userProfiles';
import type {
  AwsStandIn,
  AwsStandInOptions,
  FaultSpec,
  Latency,
  ProfileCreation,
  StandInService,
} from './types';
import { validateWorld } from './world';

/**
 * Starts the STS + SageMaker + Studio stand-in on 127.0.0.1. The real AWS SDK
 * v3 clients talk to it with `endpoint` set to the returned endpoint.
 */
export async function startAwsStandIn(
  options: AwsStandInOptions,
): Promise<AwsStandIn> {
  const world = validateWorld(options.world);
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const counter = new CallCounter();
  const faults = new FaultBook();
  let latency: Latency = validateLatency(options.latencyMs ?? {});
  const sessions = new SessionStore(now);
  const studio = new StudioPages(now);
  const closing = new AbortController();
  const createdAtSeconds = Math.floor(now() / 1000) - 30 * 24 * 3600;
  const profiles = new UserProfileBook(
    world.domains,
    now,
    createdAtSeconds * 1000,
    validateProfileCreation(options.profileCreation ?? {}),
  );
  let endpoint = '';

  const setLatency = (l: Latency) => {
    latency = { ...latency, ...validateLatency(l) };
  };

  async function serveAws(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
  ): Promise<void> {
    const started = Date.now();
    const body = await readBody(req);
    const target = req.headers['x-amz-target'];
    const service: StandInService =
      typeof target === 'string' ? 'sagemaker' : 'sts';
    const form =
      service === 'sts'
        ? new URLSearchParams(body.toString('utf8'))
        : undefined;
    const action =
      service === 'sts' ? stsAction(form!) : sageMakerAction(target as string);
    counter.record(service, action);

    const signal = requestSignal(res, closing.signal);
    const delay = latency[service] ?? 0;
    if (delay > 0) await sleep(delay, signal);
    const fault = faults.take(service, action);
    if (fault?.kind === 'timeout') {
      await (fault.delayMs === undefined
        ? untilAborted(signal)
        : sleep(fault.delayMs, signal));
    }
    if (signal.aborted) return;

    const renderError = service === 'sts' ? stsErrorReply : jsonErrorReply;
    let reply: Reply;
    try {
      const injected = fault && faultError(fault, service, action, form, req);
      if (injected) throw injected;
      const principal = await authenticate({
        service,
        method: req.method ?? 'POST',
        url: req.url ?? '/',
        headers: req.headers,
        body,
        nowMs: now(),
        callers: world.callers,
        sessions,
      });
      if (service === 'sts') {
        reply = handleSts(
          form!,
          {
            principal,
            roles: world.roles,
            sessions,
            nowMs: now(),
            sessionLifetimeSeconds: options.sessionLifetimeSeconds,
            issueRevoked: fault?.kind === 'expireCredentials',
          },
          requestId,
        );
      } else {
        if (
          fault?.kind === 'expireCredentials' &&
          principal.kind === 'session'
        ) {
          principal.session.revoked = true;
          throw new AwsError(
            'ExpiredTokenException',
            'The security token included in the request is expired',
          );
        }
        reply = handleSageMaker(
          action,
          body,
          {
            principal,
            domains: world.domains,
            roles: world.roles,
            studio,
            endpoint,
            createdAtSeconds,
            profiles,
          },
          requestId,
        );
      }
    } catch (error) {
      if (!(error instanceof AwsError)) throw error;
      reply = renderError(error, requestId);
    }
    send(res, reply);
    const detail = form?.get('RoleArn') ? ` role=${form.get('RoleArn')}` : '';
    log(
      `${service} ${action} ${reply.status}${
        fault ? ` fault=${fault.kind}` : ''
      }${detail} ${Date.now() - started}ms`,
    );
  }

  function faultError(
    fault: FaultSpec,
    service: StandInService,
    action: string,
    form: URLSearchParams | undefined,
    req: IncomingMessage,
  ): AwsError | undefined {
    switch (fault.kind) {
      case 'throttle':
        return service === 'sts'
          ? new AwsError('Throttling', 'Rate exceeded', 400)
          : new AwsError('ThrottlingException', 'Rate exceeded', 400);
      case 'accessDenied': {
        const arn = claimedArn(req.headers, world.callers, sessions);
        return service === 'sts'
          ? stsDenied(arn, form?.get('RoleArn') ?? '*')
          : sageMakerDenied(arn, action, '*');
      }
      case 'serverError':
        return new AwsError(
          'InternalFailure',
          'An internal error has occurred',
          500,
        );
      case 'unavailable':
        return new AwsError(
          'ServiceUnavailable',
          'Service is unavailable',
          503,
        );
      default:
        // 'timeout' already waited; 'expireCredentials' acts after authentication.
        return undefined;
    }
  }

  async function serveControl(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
  ): Promise<void> {
    const json = (status: number, value?: unknown) =>
      send(res, {
        status,
        headers: { 'content-type': 'application/json' },
        body: value === undefined ? '' : JSON.stringify(value),
      });
    if (!isLoopback(req.socket.remoteAddress))
      return json(403, { error: 'loopback only' });
    const controlRoute = `${req.method} ${path}`;
    try {
      switch (controlRoute) {
        case 'GET /__standin/stats':
          return json(200, counter.snapshot());
        case 'POST /__standin/reset-stats':
          counter.reset();
          return json(204);
        case 'POST /__standin/latency':
          setLatency(validateLatency(await readJson(req)));
          return json(204);
        case 'POST /__standin/faults':
          faults.inject(validateFault(await readJson(req)));
          return json(204);
        case 'DELETE /__standin/faults':
          faults.clear();
          return json(204);
        case 'POST /__standin/profile-creation':
          profiles.setCreation(validateProfileCreation(await readJson(req)));
          return json(204);
        case 'POST /__standin/delete-user-profile': {
          const { domainId, userProfileName } = (await readJson(req)) as {
            domainId?: unknown;
            userProfileName?: unknown;
          };
          if (
            typeof domainId !== 'string' ||
            typeof userProfileName !== 'string'
          )
            throw new TypeError('give domainId and userProfileName');
          return json(200, {
            deleted: profiles.delete(domainId, userProfileName),
          });
        }
        default:
          return json(404, { error: `no control route ${controlRoute}` });
      }
    } catch (error) {
      if (error instanceof TypeError || error instanceof SyntaxError) {
        return json(400, { error: error.message });
      }
      throw error;
    }
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const requestId = newRequestId();
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname.startsWith('/__standin/')) {
      await serveControl(req, res, url.pathname);
      return;
    }
    const page = studio.handle(req.method ?? 'GET', url, req.headers);
    if (page) {
      send(res, page);
      // The path only: the query carries the auth token.
      log(`studio ${req.method} ${url.pathname} ${page.status}`);
      return;
    }
    if (req.method === 'POST' && url.pathname === '/') {
      await serveAws(req, res, requestId);
      return;
    }
    send(res, {
      status: 404,
      headers: { 'content-type': 'text/plain' },
      body: 'Not Found',
    });
  }

  const server = await listenOnLoopback(options.port ?? 0, route, reason =>
    log(`stand-in error: ${reason}`),
  );
  endpoint = server.endpoint;
  log(`AWS stand-in (STS, SageMaker, Studio) listening on ${endpoint}`);

  return {
    endpoint,
    stats: () => counter.snapshot(),
    resetStats: () => counter.reset(),
    setLatency,
    injectFault: fault => faults.inject(validateFault(fault)),
    clearFaults: () => faults.clear(),
    setProfileCreation: creation =>
      profiles.setCreation(validateProfileCreation(creation)),
    userProfiles: domainId =>
      profiles.list(domainId).map(p => ({
        name: p.name,
        status: profiles.statusOf(p),
        tags: { ...p.tags },
        ...(p.executionRole ? { executionRole: p.executionRole } : {}),
      })),
    deleteUserProfile: (domainId, name) => profiles.delete(domainId, name),
    close() {
      closing.abort();
      return server.close();
    },
  };
}

/** Abort reason shared by all requests: aborting with none builds a DOMException each time. */
const REQUEST_OVER = new Error('request over');

/**
 * Aborts when the response closes (finished, or the client went away) or
 * the stand-in closes. Cheaper than AbortSignal.any, which the hot path
 * would pay on every call.
 */
function requestSignal(res: ServerResponse, closing: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort(REQUEST_OVER);
  if (closing.aborted) {
    abort();
    return controller.signal;
  }
  closing.addEventListener('abort', abort, { once: true });
  res.once('close', () => {
    closing.removeEventListener('abort', abort);
    abort();
  });
  return controller.signal;
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function validateProfileCreation(value: unknown): ProfileCreation {
  const c = (value ?? {}) as ProfileCreation;
  if (
    c.delayMs !== undefined &&
    !(Number.isInteger(c.delayMs) && c.delayMs >= 0 && c.delayMs <= 3_600_000)
  ) {
    throw new TypeError('profileCreation.delayMs must be 0..3600000');
  }
  if (c.outcome !== undefined && !['InService', 'Failed'].includes(c.outcome)) {
    throw new TypeError(
      "profileCreation.outcome must be 'InService' or 'Failed'",
    );
  }
  return { delayMs: c.delayMs, outcome: c.outcome };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  return JSON.parse(body.toString('utf8') || '{}');
}

import type { LocalEnvironment } from '../localMode/localEnvironment';
import {
  clearFaultsAndStats,
  startDemoEnvironment,
  studioConfigFor,
} from '../integration/localWorld';
import { launch, SECRET_PATTERNS, timed } from './__testUtils__/launchClient';
import {
  LogRecorder,
  startRecordingPortal,
} from './__testUtils__/recordingPortal';

/*
 * Faults the integration tests in ../integration/launch.test.ts leave out:
 * credentials that expire while cached, bounded retries counted at the
 * stand-ins, other users served while one is stuck, and no request
 * outliving the configured timeout under concurrency.
 */

jest.setTimeout(60_000);

let env: LocalEnvironment;
const logs = new LogRecorder();
const portals: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  env = await startDemoEnvironment();
});

afterAll(async () => {
  await Promise.allSettled(portals.map(p => p.stop()));
  await env?.stop();
});

beforeEach(() => {
  clearFaultsAndStats(env);
  env.dynamoDb.setLatency(0);
});

async function startPortal(aws: Record<string, unknown> = {}) {
  const portal = await startRecordingPortal(env, {
    studio: { aws: { ...studioConfigFor(env).sagemakerStudio.aws, ...aws } },
    logs,
  });
  portals.push(portal);
  return portal.server;
}

const stats = () => ({
  assumeRole: env.aws.stats().sts.AssumeRole ?? 0,
  presign: env.aws.stats().sagemaker.CreatePresignedDomainUrl ?? 0,
  dynamoDb: env.dynamoDb.stats().total,
});

describe('credentials expiring inside the cache', () => {
  it('renews a cached session AWS calls expired, once, and keeps using the new one', async () => {
    const server = await startPortal();
    expect((await launch(server, 'user-lob-a')).status).toBe(200);
    env.aws.resetStats();

    env.aws.injectFault({
      service: 'sagemaker',
      action: 'CreatePresignedDomainUrl',
      kind: 'expireCredentials',
      times: 1,
    });
    const renewed = await launch(server, 'user-lob-a');
    expect(renewed.status).toBe(200);
    expect(stats()).toMatchObject({ assumeRole: 1, presign: 2 });

    env.aws.resetStats();
    expect((await launch(server, 'user-lob-a')).status).toBe(200);
    expect(stats()).toMatchObject({ assumeRole: 0, presign: 1 });
  });

  it('recovers when STS hands out credentials that are already revoked', async () => {
    const server = await startPortal();
    env.aws.injectFault({
      service: 'sts',
      action: 'AssumeRole',
      kind: 'expireCredentials',
      times: 1,
    });
    expect((await launch(server, 'user-lob-a')).status).toBe(200);
    expect(stats()).toMatchObject({ assumeRole: 2, presign: 2 });
  });

  it('renews only once when every session is refused, then answers 502', async () => {
    const server = await startPortal();
    expect((await launch(server, 'user-lob-a')).status).toBe(200);
    env.aws.resetStats();

    env.aws.injectFault({
      service: 'sagemaker',
      action: 'CreatePresignedDomainUrl',
      kind: 'expireCredentials',
    });
    const res = await launch(server, 'user-lob-a');
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain('ExpiredTokenException');
    expect(res.body.error.correlationId).toBe(res.headers['x-correlation-id']);
    expect(stats()).toMatchObject({ assumeRole: 1, presign: 2 });
  });
});

describe('bounded retries, counted at the stand-ins', () => {
  it.each([
    [
      'SageMaker throttling',
      {
        service: 'sagemaker',
        action: 'CreatePresignedDomainUrl',
        kind: 'throttle',
      },
      503,
      'throttling',
    ],
    [
      'SageMaker 5xx',
      {
        service: 'sagemaker',
        action: 'CreatePresignedDomainUrl',
        kind: 'serverError',
      },
      503,
      'internal error',
    ],
  ] as const)(
    '%s: maxAttempts calls, then the mapped status',
    async (_name, fault, status, message) => {
      const server = await startPortal({ maxAttempts: 2 });
      expect((await launch(server, 'user-lob-a')).status).toBe(200);
      env.aws.resetStats();
      env.aws.injectFault(fault);
      const res = await launch(server, 'user-lob-a');
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(message);
      expect(stats().presign).toBe(2);
    },
  );

  it('STS throttling: maxAttempts AssumeRole calls, no SageMaker call', async () => {
    const server = await startPortal({ maxAttempts: 2 });
    env.aws.injectFault({ service: 'sts', kind: 'throttle' });
    const res = await launch(server, 'user-lob-a');
    expect(res.status).toBe(503);
    expect(stats()).toMatchObject({ assumeRole: 2, presign: 0 });
  });

  it('DynamoDB unavailable: maxAttempts reads, 503, no AWS call', async () => {
    const server = await startPortal({ maxAttempts: 2 });
    env.dynamoDb.injectFault({ kind: 'unavailable' });
    const res = await launch(server, 'user-lob-a');
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('reading the LOB mappings');
    expect(stats()).toMatchObject({ dynamoDb: 2, assumeRole: 0, presign: 0 });
  });
});

describe('other users keep being served', () => {
  it('while one user is stuck in a hanging AssumeRole', async () => {
    const server = await startPortal({ callTimeoutMs: 1500 });
    expect((await launch(server, 'user-lob-b')).status).toBe(200); // warm: no STS call needed
    env.aws.injectFault({ service: 'sts', kind: 'timeout' });

    const stuck = timed(() => launch(server, 'user-lob-a'));
    const others = [];
    for (let i = 0; i < 10; i++)
      others.push(await timed(() => launch(server, 'user-lob-b')));
    expect(others.map(o => o.value.status)).toEqual(Array(10).fill(200));
    expect(Math.max(...others.map(o => o.ms))).toBeLessThan(1000);

    const { value } = await stuck;
    expect(value.status).toBe(504);
    expect(value.body.error.message).toContain('did not answer within 1500 ms');
  });

  it("while one user's launches are throttled", async () => {
    const server = await startPortal({ maxAttempts: 1 });
    expect((await launch(server, 'user-lob-b')).status).toBe(200);
    env.aws.injectFault({ service: 'sts', kind: 'throttle' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        launch(server, i % 2 ? 'user-lob-a' : 'user-lob-b'),
      ),
    );
    expect(results.map(r => r.status)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? 503 : 200)),
    );
  });
});

describe('no request outlives the configured timeout under concurrency', () => {
  const TIMEOUT_MS = 500;
  // Slack for scheduling 50 requests on a loaded 2-core machine (seen: 1.9 s
  // while other test processes ran). What is proven is that nothing waits for
  // the fault: a hang never ends, and the slow DynamoDB below answers only
  // after twice this bound.
  const BOUND_MS = TIMEOUT_MS * 6;

  it('50 concurrent launches into a hanging STS', async () => {
    const server = await startPortal({ callTimeoutMs: TIMEOUT_MS });
    env.aws.injectFault({ service: 'sts', kind: 'timeout' });
    const users = ['user-lob-a', 'user-lob-b'];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        timed(() => launch(server, users[i % 2])),
      ),
    );
    expect(results.map(r => r.value.status)).toEqual(Array(50).fill(504));
    expect(Math.max(...results.map(r => r.ms))).toBeLessThan(BOUND_MS);
  });

  it('50 concurrent warm launches into a hanging SageMaker', async () => {
    const server = await startPortal({ callTimeoutMs: TIMEOUT_MS });
    expect((await launch(server, 'user-lob-a')).status).toBe(200);
    env.aws.injectFault({ service: 'sagemaker', kind: 'timeout' });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        timed(() => launch(server, 'user-lob-a')),
      ),
    );
    expect(results.map(r => r.value.status)).toEqual(Array(50).fill(504));
    expect(Math.max(...results.map(r => r.ms))).toBeLessThan(BOUND_MS);
  });

  // The mapping reads carry the same bound as the AWS calls.
  it('20 concurrent cold launches against a DynamoDB slower than the timeout', async () => {
    const server = await startPortal({
      callTimeoutMs: TIMEOUT_MS,
      maxAttempts: 1,
    });
    env.dynamoDb.setLatency(BOUND_MS * 2);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        timed(() => launch(server, 'user-lob-a')),
      ),
    );
    expect(results.map(r => r.value.status)).toEqual(Array(20).fill(504));
    expect(Math.max(...results.map(r => r.ms))).toBeLessThan(BOUND_MS);
  });
});

describe('logs', () => {
  it('hold no presigned URL, token or credential after all these faults', () => {
    expect(logs.lines.length).toBeGreaterThan(10);
    for (const [what, pattern] of SECRET_PATTERNS) {
      expect({ what, found: logs.text().match(pattern)?.[0] }).toEqual({
        what,
        found: undefined,
      });
    }
  });
});

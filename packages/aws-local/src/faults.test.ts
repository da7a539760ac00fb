import {
  CreatePresignedDomainUrlCommand,
  ListSpacesCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startAwsStandIn } from './standIn';
import type { AwsStandIn } from './types';
import {
  assumeInput,
  PORTAL,
  sageMakerAs,
  testWorld,
  failure,
} from './__testUtils__/testWorld';

let standIn: AwsStandIn;

beforeAll(async () => {
  standIn = await startAwsStandIn({ world: testWorld });
});

beforeEach(() => {
  standIn.clearFaults();
  standIn.resetStats();
  standIn.setLatency({ sts: 0, sagemaker: 0 });
});

afterAll(async () => {
  await standIn.close();
});

/** STS client with the SDK's standard retry strategy (and its back-off). */
function retryingSts(maxAttempts = 3) {
  return new STSClient({
    endpoint: standIn.endpoint,
    region: 'us-east-1',
    credentials: PORTAL,
    maxAttempts,
  });
}

const assumeRole = (client: STSClient) =>
  client.send(new AssumeRoleCommand(assumeInput()));
describe('fault injection', () => {
  it('throttles STS past the SDK retries, counting every attempt', async () => {
    standIn.injectFault({ service: 'sts', kind: 'throttle' });
    const sts = retryingSts();
    const error = await failure(assumeRole(sts));
    expect(error.name).toBe('Throttling');
    expect(error.message).toBe('Rate exceeded');
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.$metadata.attempts).toBe(3);
    expect(standIn.stats().sts.AssumeRole).toBe(3);
    sts.destroy();
  });

  it("honours 'times': the SDK's retry then succeeds", async () => {
    standIn.injectFault({
      service: 'sts',
      action: 'AssumeRole',
      kind: 'throttle',
      times: 1,
    });
    const sts = retryingSts();
    const out = await assumeRole(sts);
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    expect(out.$metadata.attempts).toBe(2);
    expect(standIn.stats()).toEqual({
      sts: { AssumeRole: 2 },
      sagemaker: {},
      total: 2,
    });
    sts.destroy();
  });

  it('throttles SageMaker with ThrottlingException, only for the named action', async () => {
    const client = await sageMakerAs(standIn.endpoint);
    standIn.injectFault({
      service: 'sagemaker',
      action: 'CreatePresignedDomainUrl',
      kind: 'throttle',
      times: 1,
    });
    await expect(client.send(new ListSpacesCommand({}))).resolves.toBeDefined();
    const error = await failure(
      client.send(
        new CreatePresignedDomainUrlCommand({
          DomainId: 'd-aaaaaaaaaaaa',
          UserProfileName: 'alice',
        }),
      ),
    );
    expect(error.name).toBe('ThrottlingException');
    expect(error.$metadata.httpStatusCode).toBe(400);
    client.destroy();
  });

  it.each([
    ['sts', 'accessDenied', 'AccessDenied', 403],
    ['sts', 'serverError', 'InternalFailure', 500],
    ['sts', 'unavailable', 'ServiceUnavailable', 503],
    ['sagemaker', 'accessDenied', 'AccessDeniedException', 400],
    ['sagemaker', 'serverError', 'InternalFailure', 500],
    ['sagemaker', 'unavailable', 'ServiceUnavailable', 503],
  ] as const)(
    '%s %s answers %s (HTTP %i)',
    async (service, kind, name, status) => {
      const client =
        service === 'sagemaker'
          ? await sageMakerAs(standIn.endpoint)
          : retryingSts(1);
      standIn.injectFault({ service, kind, times: 1 });
      const call =
        client instanceof SageMakerClient
          ? client.send(new ListSpacesCommand({}))
          : assumeRole(client);
      const error = await failure(call);
      expect(error.name).toBe(name);
      expect(error.$metadata.httpStatusCode).toBe(status);
      client.destroy();
    },
  );

  it('expires a SageMaker session on demand', async () => {
    const client = await sageMakerAs(standIn.endpoint);
    standIn.injectFault({
      service: 'sagemaker',
      kind: 'expireCredentials',
      times: 1,
    });
    expect((await failure(client.send(new ListSpacesCommand({})))).name).toBe(
      'ExpiredTokenException',
    );
    // The fault is used up, but the session stays expired, as a revoked one would.
    expect((await failure(client.send(new ListSpacesCommand({})))).name).toBe(
      'ExpiredTokenException',
    );
    const fresh = await sageMakerAs(standIn.endpoint);
    await expect(fresh.send(new ListSpacesCommand({}))).resolves.toBeDefined();
    client.destroy();
    fresh.destroy();
  });

  it('issues already-expired credentials from STS on demand', async () => {
    standIn.injectFault({
      service: 'sts',
      kind: 'expireCredentials',
      times: 1,
    });
    const client = await sageMakerAs(standIn.endpoint);
    expect((await failure(client.send(new ListSpacesCommand({})))).name).toBe(
      'ExpiredTokenException',
    );
    client.destroy();
  });

  it('hangs for delayMs, then answers', async () => {
    standIn.injectFault({
      service: 'sts',
      kind: 'timeout',
      delayMs: 300,
      times: 1,
    });
    const started = Date.now();
    await assumeRole(retryingSts(1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('hangs until the client gives up', async () => {
    standIn.injectFault({ service: 'sts', kind: 'timeout' });
    const sts = retryingSts(1);
    const error = await failure(
      sts.send(new AssumeRoleCommand(assumeInput()), {
        abortSignal: AbortSignal.timeout(300),
      }),
    );
    expect(error.name).toMatch(/Abort|Timeout/);
    sts.destroy();
  });

  it('adds latency per service', async () => {
    standIn.setLatency({ sts: 200 });
    const sts = retryingSts(1);
    let started = Date.now();
    await assumeRole(sts);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    const client = await sageMakerAs(standIn.endpoint);
    started = Date.now();
    await client.send(new ListSpacesCommand({}));
    expect(Date.now() - started).toBeLessThan(150);
    sts.destroy();
    client.destroy();
  });

  it('rejects malformed fault specs', () => {
    expect(() =>
      standIn.injectFault({ service: 'iam' as any, kind: 'throttle' }),
    ).toThrow(/service/);
    expect(() =>
      standIn.injectFault({ service: 'sts', kind: 'explode' as any }),
    ).toThrow(/kind/);
    expect(() =>
      standIn.injectFault({ service: 'sts', kind: 'throttle', times: 0 }),
    ).toThrow(/times/);
    expect(() => standIn.setLatency({ sts: -1 })).toThrow(/latency/);
  });
});

describe('HTTP control', () => {
  const control = (path: string, init?: RequestInit) =>
    fetch(`${standIn.endpoint}/__standin/${path}`, init);

  it('reports and resets stats', async () => {
    await assumeRole(retryingSts(1));
    expect(await (await control('stats')).json()).toEqual({
      sts: { AssumeRole: 1 },
      sagemaker: {},
      total: 1,
    });
    expect((await control('reset-stats', { method: 'POST' })).status).toBe(204);
    expect(standIn.stats().total).toBe(0);
  });

  it('injects and clears faults', async () => {
    const res = await control('faults', {
      method: 'POST',
      body: JSON.stringify({ service: 'sts', kind: 'unavailable' }),
    });
    expect(res.status).toBe(204);
    expect((await failure(assumeRole(retryingSts(1)))).name).toBe(
      'ServiceUnavailable',
    );
    expect((await control('faults', { method: 'DELETE' })).status).toBe(204);
    await expect(assumeRole(retryingSts(1))).resolves.toBeDefined();
  });

  it('sets latency', async () => {
    expect(
      (
        await control('latency', {
          method: 'POST',
          body: JSON.stringify({ sts: 150 }),
        })
      ).status,
    ).toBe(204);
    const started = Date.now();
    await assumeRole(retryingSts(1));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('answers 400 to a bad control body and 404 to an unknown route', async () => {
    const bad = await control('faults', {
      method: 'POST',
      body: JSON.stringify({ service: 'sts' }),
    });
    expect(bad.status).toBe(400);
    expect(
      (await control('faults', { method: 'POST', body: '{not json' })).status,
    ).toBe(400);
    expect((await control('nope')).status).toBe(404);
  });
});

describe('sessionLifetimeSeconds', () => {
  it('expires sessions early on the server while the client trusts its Expiration', async () => {
    const clock = { offsetMs: 0 };
    const own = await startAwsStandIn({
      world: testWorld,
      sessionLifetimeSeconds: 60,
      now: () => Date.now() + clock.offsetMs,
    });
    const client = await sageMakerAs(own.endpoint);
    const { expiration } = await client.config.credentials();
    expect(expiration!.getTime() - Date.now()).toBeGreaterThan(800_000);
    await expect(client.send(new ListSpacesCommand({}))).resolves.toBeDefined();
    clock.offsetMs = 61_000;
    const error = await failure(client.send(new ListSpacesCommand({})));
    expect(error.name).toBe('ExpiredTokenException');
    client.destroy();
    await own.close();
  });
});

describe('close()', () => {
  it('does not wait for a hanging request', async () => {
    const own = await startAwsStandIn({ world: testWorld });
    own.injectFault({ service: 'sts', kind: 'timeout' });
    const sts = new STSClient({
      endpoint: own.endpoint,
      region: 'us-east-1',
      credentials: PORTAL,
      maxAttempts: 1,
    });
    const pending = failure(sts.send(new AssumeRoleCommand(assumeInput())));
    await new Promise(r => setTimeout(r, 100));
    expect(own.stats().sts.AssumeRole).toBe(1);
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect((await pending).name).toBeDefined();
    await expect(fetch(`${own.endpoint}/__standin/stats`)).rejects.toThrow();
    sts.destroy();
  });
});

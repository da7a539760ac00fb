import request from 'supertest';
import type { LocalEnvironment } from '../localMode/localEnvironment';
import {
  clearFaultsAndStats,
  startDemoEnvironment,
  studioConfigFor,
} from './localWorld';
import { as, startPortal as startPortalIn } from './__testUtils__/portal';

/*
 * The launch path end to end with real parts: the plugin and the portal's
 * permission policy in a Backstage test backend, the real AWS SDK clients,
 * DynamoDB Local and the STS/SageMaker/Studio stand-in over HTTP.
 */

jest.setTimeout(60_000);

let env: LocalEnvironment;

beforeAll(async () => {
  env = await startDemoEnvironment();
});

afterAll(async () => {
  await env?.stop();
});

beforeEach(() => clearFaultsAndStats(env));

const startPortal = (overrides: Record<string, any> = {}) =>
  startPortalIn(env, overrides);

async function launch(server: any, user: string, body: object = {}) {
  return request(server)
    .post('/api/sagemaker-studio/launch')
    .set('Authorization', as(user))
    .send(body);
}

/** Opens a presigned URL like a browser: follows the redirect, keeps the cookie. */
async function openStudio(
  url: string,
): Promise<{ status: number; text: string }> {
  const first = await fetch(url, { redirect: 'manual' });
  if (first.status !== 302)
    return { status: first.status, text: await first.text() };
  const page = await fetch(new URL(first.headers.get('location')!, url), {
    headers: { cookie: first.headers.get('set-cookie')?.split(';')[0] ?? '' },
  });
  return { status: page.status, text: await page.text() };
}

describe('launch into the right LOB', () => {
  let server: any;
  beforeAll(async () => {
    server = await startPortal();
  });

  it('lists user-lob-a in lob-a only', async () => {
    const res = await request(server)
      .get('/api/sagemaker-studio/me')
      .set('Authorization', as('user-lob-a'));
    expect(res.status).toBe(200);
    expect(res.body.memberships).toEqual([
      expect.objectContaining({
        lobId: 'lob-a',
        domainId: 'd-loba00000001',
        accountId: '111111111111',
        userProfileName: 'user-lob-a',
      }),
    ]);
  });

  it("opens lob-a's domain as user-lob-a, once", async () => {
    const res = await launch(server, 'user-lob-a');
    expect(res.status).toBe(200);
    expect(res.body.url).toContain('d-loba00000001');

    const first = await openStudio(res.body.url);
    expect(first.status).toBe(200);
    expect(first.text).toContain('user-lob-a');
    expect(first.text).toContain('d-loba00000001');

    const second = await openStudio(res.body.url);
    expect(second.status).toBe(403);
    expect(second.text).toContain('Invalid or Expired Auth Token');
  });

  it("opens lob-b's domain (another account and region) as user-lob-b", async () => {
    const res = await launch(server, 'user-lob-b');
    expect(res.status).toBe(200);
    expect(res.body.url).toContain('d-lobb00000001');
    const page = await openStudio(res.body.url);
    expect(page.text).toContain('user-lob-b');
    expect(page.text).toContain('222222222222');
  });

  it('redirects a plain GET to Studio', async () => {
    const res = await request(server)
      .get('/api/sagemaker-studio/launch?lobId=lob-b')
      .set('Authorization', as('user-lob-b'));
    expect(res.status).toBe(302);
    expect(res.headers.location).toContain('d-lobb00000001');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('lets a user of both LOBs choose, with their per-LOB profile', async () => {
    expect((await launch(server, 'user-lob-ab')).status).toBe(400);
    const res = await launch(server, 'user-lob-ab', { lobId: 'lob-b' });
    expect(res.status).toBe(200);
    expect((await openStudio(res.body.url)).text).toContain('user-lob-ab-b');
  });

  it("refuses the other user's LOB without calling AWS", async () => {
    const res = await launch(server, 'user-lob-a', { lobId: 'lob-b' });
    expect(res.status).toBe(403);
    expect(env.aws.stats().total).toBe(0);
  });

  it('refuses an unauthenticated request', async () => {
    const res = await request(server)
      .post('/api/sagemaker-studio/launch')
      .send({});
    expect(res.status).toBe(401);
  });

  it('tells an unmapped user whom to ask', async () => {
    const res = await launch(server, 'user-unmapped');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'Ask the studio-admins group to map you.',
    );
  });

  it('names the missing Studio profile and its domain', async () => {
    const res = await launch(server, 'user-no-profile');
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      "profile 'user-no-profile' in domain d-lobb00000001",
    );
  });

  it('lists the spaces the user may open', async () => {
    const res = await request(server)
      .get('/api/sagemaker-studio/spaces')
      .set('Authorization', as('user-lob-a'));
    expect(res.status).toBe(200);
    expect(res.body.spaces.map((s: any) => s.spaceName)).toEqual([
      'lob-a-shared',
      'user-lob-a-code-editor',
      'user-lob-a-jupyterlab',
    ]);
  });

  it('opens a space', async () => {
    const res = await launch(server, 'user-lob-a', {
      spaceName: 'user-lob-a-code-editor',
    });
    expect(res.status).toBe(200);
    expect((await openStudio(res.body.url)).text).toContain(
      'user-lob-a-code-editor',
    );
  });
});

describe('caching', () => {
  it('makes one STS call for concurrent first launches of one user', async () => {
    const server = await startPortal();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => launch(server, 'user-lob-b')),
    );
    expect(results.map(r => r.status)).toEqual(Array(20).fill(200));
    expect(env.aws.stats().sts.AssumeRole).toBe(1);
    expect(env.aws.stats().sagemaker.CreatePresignedDomainUrl).toBe(20);
  });

  it('makes no STS and no DynamoDB call on a warm launch', async () => {
    const server = await startPortal();
    expect((await launch(server, 'user-lob-a')).status).toBe(200);
    env.aws.resetStats();
    env.dynamoDb.resetStats();
    expect((await launch(server, 'user-lob-a')).status).toBe(200);
    expect(env.aws.stats().sts.AssumeRole ?? 0).toBe(0);
    expect(env.aws.stats().total).toBe(1);
    expect(env.dynamoDb.stats().total).toBe(0);
  });
});

describe('AWS refusals and faults', () => {
  it('points at the trust policy when the ExternalId is wrong', async () => {
    const server = await startPortal({ access: { externalId: 'wrong' } });
    const res = await launch(server, 'user-lob-a');
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('trust policy');
  });

  it('maps an AssumeRole denial to 403', async () => {
    const server = await startPortal();
    env.aws.injectFault({ service: 'sts', kind: 'accessDenied' });
    const res = await launch(server, 'user-lob-a');
    expect(res.status).toBe(403);
    expect(res.body.error.correlationId).toBe(res.headers['x-correlation-id']);
  });

  it('maps STS throttling that outlasts the retries to 503', async () => {
    const server = await startPortal();
    env.aws.injectFault({ service: 'sts', kind: 'throttle' });
    const res = await launch(server, 'user-lob-a');
    expect(res.status).toBe(503);
    expect(env.aws.stats().sts.AssumeRole).toBe(3); // maxAttempts
  });

  it('recovers when throttling ends within the retries', async () => {
    const server = await startPortal();
    env.aws.injectFault({ service: 'sts', kind: 'throttle', times: 1 });
    expect((await launch(server, 'user-lob-a')).status).toBe(200);
  });

  it('maps SageMaker throttling and server errors to 503', async () => {
    const server = await startPortal();
    for (const kind of ['throttle', 'serverError'] as const) {
      env.aws.clearFaults();
      env.aws.injectFault({
        service: 'sagemaker',
        action: 'CreatePresignedDomainUrl',
        kind,
      });
      const res = await launch(server, 'user-lob-a');
      expect(res.status).toBe(503);
    }
  });

  it('answers 504 within the configured timeout when AWS hangs', async () => {
    const server = await startPortal({
      aws: { ...studioConfigFor(env).sagemakerStudio.aws, callTimeoutMs: 500 },
    });
    env.aws.injectFault({ service: 'sts', kind: 'timeout' });
    const started = Date.now();
    const res = await launch(server, 'user-lob-a');
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('maps an unavailable mapping table to 503', async () => {
    const server = await startPortal();
    env.dynamoDb.injectFault({ kind: 'unavailable' });
    const res = await launch(server, 'user-lob-a');
    expect(res.status).toBe(503);
  });
});

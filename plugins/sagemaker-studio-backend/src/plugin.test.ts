import { mockClient } from 'aws-sdk-client-mock';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreatePresignedDomainUrlCommand,
  DescribeDomainCommand,
  DescribeUserProfileCommand,
  ListTagsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  baseConfigData,
  lobA,
  lobB,
  membership,
} from './__testUtils__/fixtures';
import { sagemakerStudioPlugin } from './plugin';

const sts = mockClient(STSClient);
const sagemaker = mockClient(SageMakerClient);
const dynamo = mockClient(DynamoDBDocumentClient);

const STUDIO_URL =
  'https://d-loba00000001.studio.us-east-1.sagemaker.aws/auth?token=secret-token';
const alice = 'user:default/alice';
const both = 'user:default/both';

function recordingAuditor() {
  const events: {
    eventId: string;
    meta: any;
    outcome?: string;
    error?: Error;
    finalMeta?: any;
  }[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta }) => {
      const event: (typeof events)[number] = { eventId, meta };
      events.push(event);
      return {
        success: async (o?: { meta?: any }) => {
          event.outcome = 'success';
          event.finalMeta = o?.meta;
        },
        fail: async (o: { meta?: any; error: Error }) => {
          event.outcome = 'fail';
          event.error = o.error;
          event.finalMeta = o.meta;
        },
      };
    },
  });
  return { auditor, events };
}

async function startPlugin(
  options: { permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {},
) {
  const { auditor, events } = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      sagemakerStudioPlugin,
      mockServices.rootConfig.factory({ data: baseConfigData }),
      mockServices.permissions.factory({
        result: options.permission ?? AuthorizeResult.ALLOW,
      }),
      auditor.factory,
      // Without this, the test backend treats a request with no token as a mock user.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
    ],
  });
  return { server, events };
}

beforeEach(() => {
  sts.reset();
  sagemaker.reset();
  dynamo.reset();
  dynamo.on(QueryCommand).callsFake(input => {
    const userRef = input.ExpressionAttributeValues[':userRef'];
    const all = [
      membership(alice, 'lob-a'),
      membership(both, 'lob-a'),
      membership(both, 'lob-b'),
    ];
    return { Items: all.filter(m => m.userRef === userRef) };
  });
  dynamo.on(GetCommand).callsFake(input => ({
    Item: [lobA, lobB].find(l => l.lobId === input.Key.lobId),
  }));
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'ASIATEST',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(Date.now() + 3600_000),
    },
  });
  sagemaker
    .on(CreatePresignedDomainUrlCommand)
    .resolves({ AuthorizedUrl: STUDIO_URL });
});

describe('GET /api/sagemaker-studio/me', () => {
  it("lists the signed-in user's memberships", async () => {
    const { server } = await startPlugin();
    const res = await request(server)
      .get('/api/sagemaker-studio/me')
      .set('Authorization', mockCredentials.user.header(both));
    expect(res.status).toBe(200);
    expect(res.body.userEntityRef).toBe(both);
    expect(res.body.memberships.map((m: any) => m.lobId)).toEqual([
      'lob-a',
      'lob-b',
    ]);
  });

  it('tells an unmapped user whom to ask, with a correlation id and no stack', async () => {
    const { server } = await startPlugin();
    const res = await request(server)
      .get('/api/sagemaker-studio/me')
      .set('Authorization', mockCredentials.user.header('user:default/nobody'));
    expect(res.status).toBe(404);
    expect(res.body.error).toEqual({
      name: 'NotFoundError',
      message: 'Ask the studio-admins group.',
      correlationId: res.headers['x-correlation-id'],
    });
  });

  it('refuses requests without credentials', async () => {
    const { server } = await startPlugin();
    const res = await request(server).get('/api/sagemaker-studio/me');
    expect(res.status).toBe(401);
  });
});

describe('POST /api/sagemaker-studio/launch', () => {
  it('returns a URL that is never cached, and audits the launch without it', async () => {
    const { server, events } = await startPlugin();
    const res = await request(server)
      .post('/api/sagemaker-studio/launch')
      .set('Authorization', mockCredentials.user.header(alice))
      .send({});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      url: STUDIO_URL,
      expiresAt: expect.any(String),
    });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      eventId: 'studio-launch',
      outcome: 'success',
      finalMeta: {
        user: alice,
        lobId: 'lob-a',
        accountId: '111111111111',
        domainId: 'd-loba00000001',
        userProfileName: 'alice',
        correlationId: res.headers['x-correlation-id'],
      },
    });
    expect(JSON.stringify(events)).not.toContain('secret-token');

    const assumeRole = sts.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(assumeRole).toMatchObject({
      RoleArn: 'arn:aws:iam::111111111111:role/SageMakerStudioPortalAccess',
      ExternalId: 'test-external-id',
      SourceIdentity: 'alice@default',
    });
  });

  it('takes the user only from the credentials, never from the body', async () => {
    const { server } = await startPlugin();
    const res = await request(server)
      .post('/api/sagemaker-studio/launch')
      .set('Authorization', mockCredentials.user.header(alice))
      .send({ userRef: both, lobId: 'lob-b' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('unknown field(s) userRef');
    expect(sts.calls()).toHaveLength(0);
  });

  it('refuses another LOB with 403 and audits the failure', async () => {
    const { server, events } = await startPlugin();
    const res = await request(server)
      .post('/api/sagemaker-studio/launch')
      .set('Authorization', mockCredentials.user.header(alice))
      .send({ lobId: 'lob-b' });
    expect(res.status).toBe(403);
    expect(sts.calls()).toHaveLength(0);
    expect(events[0]).toMatchObject({
      outcome: 'fail',
      error: { name: 'NotAllowedError' },
    });
  });

  it('refuses users the permission policy denies', async () => {
    const { server } = await startPlugin({ permission: AuthorizeResult.DENY });
    const res = await request(server)
      .post('/api/sagemaker-studio/launch')
      .set('Authorization', mockCredentials.user.header(alice))
      .send({});
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'not allowed to open SageMaker Studio',
    );
    expect(sts.calls()).toHaveLength(0);
  });

  it('refuses service principals with 403', async () => {
    const { server } = await startPlugin();
    const res = await request(server)
      .post('/api/sagemaker-studio/launch')
      .set('Authorization', mockCredentials.service.header())
      .send({});
    expect(res.status).toBe(403);
    expect(sts.calls()).toHaveLength(0);
  });

  it.each([
    [{ lobId: 'LOB A' }, 'lobId'],
    [{ spaceName: 'bad space!' }, 'spaceName'],
    [{ landingUri: 'https://evil.example' }, 'landingUri'],
    [{ landingUri: 'app:JupyterLab:../../etc' }, 'landingUri'],
    [{ lobId: ['lob-a'] }, 'lobId'],
  ])('refuses bad input %j with 400', async (body, field) => {
    const { server } = await startPlugin();
    const res = await request(server)
      .post('/api/sagemaker-studio/launch')
      .set('Authorization', mockCredentials.user.header(alice))
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
    expect(sts.calls()).toHaveLength(0);
  });

  it('refuses malformed and oversized bodies clearly', async () => {
    const { server } = await startPlugin();
    const malformed = await request(server)
      .post('/api/sagemaker-studio/launch')
      .set('Authorization', mockCredentials.user.header(alice))
      .set('Content-Type', 'application/json')
      .send('{"lobId":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toBe(
      'Invalid request: the body is not valid JSON',
    );
    expect(malformed.body.error.correlationId).toBe(
      malformed.headers['x-correlation-id'],
    );

    const oversized = await request(server)
      .post('/api/sagemaker-studio/launch')
      .set('Authorization', mockCredentials.user.header(alice))
      .send({ landingUri: `studio::${'a'.repeat(20_000)}` });
    expect(oversized.status).toBe(413);
  });

  it('maps AWS failures to clear statuses without leaking internals', async () => {
    sts.on(AssumeRoleCommand).rejects(
      Object.assign(new Error('User: arn:x is not authorized'), {
        name: 'AccessDenied',
        $fault: 'client',
      }),
    );
    const { server } = await startPlugin();
    const res = await request(server)
      .post('/api/sagemaker-studio/launch')
      .set('Authorization', mockCredentials.user.header(alice))
      .send({});
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('trust policy');
    expect(res.body.error.stack).toBeUndefined();
  });
});

describe('GET /api/sagemaker-studio/launch', () => {
  it('redirects to Studio, also with the user cookie only', async () => {
    const { server } = await startPlugin();
    const withToken = await request(server)
      .get('/api/sagemaker-studio/launch?lobId=lob-a&spaceName=')
      .set('Authorization', mockCredentials.user.header(alice));
    expect(withToken.status).toBe(302);
    expect(withToken.headers.location).toBe(STUDIO_URL);
    expect(withToken.headers['cache-control']).toBe('no-store');

    const withCookie = await request(server)
      .get('/api/sagemaker-studio/launch')
      .set('Cookie', mockCredentials.limitedUser.cookie(alice))
      .set('Sec-Fetch-Site', 'same-origin');
    expect(withCookie.status).toBe(302);
  });

  it('refuses a cookie-only launch that another site started', async () => {
    const { server, events } = await startPlugin();
    const res = await request(server)
      .get('/api/sagemaker-studio/launch?spaceName=attacker-choice')
      .set('Cookie', mockCredentials.limitedUser.cookie(alice))
      .set('Sec-Fetch-Site', 'cross-site');
    expect(res.status).toBe(403);
    expect(res.headers.location).toBeUndefined();
    expect(sts.calls()).toHaveLength(0);
    expect(events[0]).toMatchObject({
      eventId: 'studio-launch',
      outcome: 'fail',
    });
  });

  it('refuses anonymous browsers', async () => {
    const { server } = await startPlugin();
    const res = await request(server).get('/api/sagemaker-studio/launch');
    expect(res.status).toBe(401);
    expect(res.headers.location).toBeUndefined();
  });
});

describe('GET /api/sagemaker-studio/profile', () => {
  beforeEach(() => {
    sagemaker.on(ListTagsCommand).resolves({ Tags: [] });
  });

  it("adds the domain's name and status to the profile's state", async () => {
    sagemaker
      .on(DescribeUserProfileCommand)
      .resolves({ Status: 'InService', UserProfileArn: 'arn:p' });
    sagemaker
      .on(DescribeDomainCommand)
      .resolves({ DomainName: 'lob-a-studio', Status: 'InService' });
    const { server } = await startPlugin();
    const res = await request(server)
      .get('/api/sagemaker-studio/profile')
      .set('Authorization', mockCredentials.user.header(alice));
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      lobId: 'lob-a',
      userProfileName: 'alice',
      state: 'ready',
      awsStatus: 'InService',
      domain: {
        domainId: 'd-loba00000001',
        domainName: 'lob-a-studio',
        status: 'InService',
      },
    });
  });

  it('still answers with the profile when the domain cannot be described', async () => {
    sagemaker
      .on(DescribeUserProfileCommand)
      .resolves({ Status: 'InService', UserProfileArn: 'arn:p' });
    sagemaker
      .on(DescribeDomainCommand)
      .rejects(
        Object.assign(new Error('no'), { name: 'AccessDeniedException' }),
      );
    const { server } = await startPlugin();
    const res = await request(server)
      .get('/api/sagemaker-studio/profile')
      .set('Authorization', mockCredentials.user.header(alice));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ lobId: 'lob-a', state: 'ready' });
    expect(res.body.domain).toBeUndefined();
  });
});

describe('GET /api/sagemaker-studio/spaces', () => {
  it('needs a LOB choice from users of several LOBs', async () => {
    const { server } = await startPlugin();
    const res = await request(server)
      .get('/api/sagemaker-studio/spaces')
      .set('Authorization', mockCredentials.user.header(both));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('lob-a, lob-b');
  });
});

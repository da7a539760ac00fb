import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { LocalEnvironment } from '../localMode/localEnvironment';
import { startDemoEnvironment } from '../integration/localWorld';
import { as } from '../integration/__testUtils__/portal';
import { API, launch, SECRET_PATTERNS } from './__testUtils__/launchClient';
import {
  LogRecorder,
  startRecordingPortal,
  type RecordingPortal,
} from './__testUtils__/recordingPortal';
import { tableSnapshot } from './__testUtils__/tables';

/*
 * Abuse of the launch path and the admin API: who may call, user A reaching
 * for B's LOB through every parameter, injection in every identifier, and
 * oversized bodies. Each gets the right 4xx, no URL is issued, nothing is
 * written, and the logs never hold a URL, token or credential.
 */

jest.setTimeout(60_000);

let env: LocalEnvironment;
let portal: RecordingPortal;
let server: any;
let before: string;
const logs = new LogRecorder();
const issuedUrls: string[] = [];

beforeAll(async () => {
  env = await startDemoEnvironment();
  portal = await startRecordingPortal(env, { logs });
  server = portal.server;
  before = await tableSnapshot(env);
});

afterAll(async () => {
  await portal?.stop();
  await env?.stop();
});

beforeEach(() => {
  env.aws.resetStats();
  env.dynamoDb.resetStats();
});

/** A JWT nobody signed: `alg: none`, or an HS256 signature with a made-up key; optionally expired. */
function forgedJwt(alg: 'none' | 'HS256', expiresIn: number) {
  const part = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const header = part({ alg, typ: 'vnd.backstage.user', kid: 'forged' });
  const payload = part({
    sub: 'user:default/studio-admin',
    ent: ['group:default/studio-admins'],
    iat: now - 7200,
    exp: now + expiresIn,
    iss: 'http://127.0.0.1',
  });
  return `Bearer ${header}.${payload}.${
    alg === 'none' ? '' : Buffer.from('not-a-signature').toString('base64url')
  }`;
}

const admin = as('studio-admin');
const bRef = encodeURIComponent('user:default/user-lob-b');
const newLob = {
  lobId: 'lob-x',
  displayName: 'X',
  accountId: '333333333333',
  region: 'us-west-2',
  domainId: 'd-lobx00000001',
};

type Call = [
  method: 'get' | 'post' | 'put' | 'delete',
  path: string,
  body?: unknown,
];
const ENDPOINTS: Call[] = [
  ['post', `${API}/launch`, {}],
  ['get', `${API}/launch`],
  ['get', `${API}/me`],
  ['get', `${API}/spaces`],
  ['get', `${API}/lobs`],
  ['get', `${API}/lobs/lob-a`],
  ['post', `${API}/lobs`, newLob],
  ['put', `${API}/lobs/lob-a`, { ...newLob, lobId: undefined, version: 1 }],
  ['delete', `${API}/lobs/lob-a?version=1&cascade=true`],
  ['post', `${API}/lobs/lob-a/check`, {}],
  ['get', `${API}/memberships?lobId=lob-a`],
  ['put', `${API}/memberships/lob-a/${bRef}`, {}],
  [
    'delete',
    `${API}/memberships/lob-a/${encodeURIComponent(
      'user:default/user-lob-a',
    )}?version=1`,
  ],
  ['get', `${API}/export`],
  [
    'post',
    `${API}/import`,
    { format: 'yaml', content: 'lobs: []\nmemberships: []\n' },
  ],
];

function send([method, path, body]: Call, authorization?: string) {
  let req = (request(server) as any)[method](path);
  if (authorization) req = req.set('Authorization', authorization);
  return body === undefined ? req : req.send(body);
}

/** Nothing a browser could open came back. */
function expectNoUrl(res: request.Response) {
  expect(res.headers.location).toBeUndefined();
  expect(res.text).not.toMatch(/\/auth\?token=/);
}

describe('who may call', () => {
  const callers: [string, string | undefined, number][] = [
    ['nobody (no Authorization)', undefined, 401],
    ['an invalid user token', mockCredentials.user.invalidHeader(), 401],
    ['a forged, unsigned admin JWT', forgedJwt('none', 3600), 401],
    ['an admin JWT signed with a made-up key', forgedJwt('HS256', 3600), 401],
    ['an expired admin JWT', forgedJwt('HS256', -3600), 401],
    ['an invalid service token', mockCredentials.service.invalidHeader(), 401],
    ['a valid service principal', mockCredentials.service.header(), 403],
  ];
  describe.each(callers)('%s', (_name, authorization, status) => {
    it.each(
      ENDPOINTS.map(
        call => [`${call[0].toUpperCase()} ${call[1]}`, call] as const,
      ),
    )(`%s -> ${status}`, async (_label, call) => {
      const res = await send(call, authorization);
      expect(res.status).toBe(status);
      expectNoUrl(res);
      expect(env.aws.stats().total).toBe(0);
    });
  });

  it.each(
    ENDPOINTS.filter(([, path]) => !/\/(launch|me|spaces)\b/.test(path)).map(
      call => [`${call[0].toUpperCase()} ${call[1]}`, call] as const,
    ),
  )('a signed-in non-admin: %s -> 403', async (_label, call) => {
    const res = await send(call, as('user-lob-a'));
    expect(res.status).toBe(403);
  });
});

describe("user A reaching for B's LOB", () => {
  it.each([
    [
      'the body lobId',
      () => launch(server, 'user-lob-a', { lobId: 'lob-b' }),
      403,
    ],
    [
      'the query lobId of GET /launch',
      () =>
        request(server)
          .get(`${API}/launch?lobId=lob-b`)
          .set('Authorization', as('user-lob-a')),
      403,
    ],
    [
      'the query lobId of GET /spaces',
      () =>
        request(server)
          .get(`${API}/spaces?lobId=lob-b`)
          .set('Authorization', as('user-lob-a')),
      403,
    ],
    [
      'a userRef in the body',
      () =>
        launch(server, 'user-lob-a', { userRef: 'user:default/user-lob-b' }),
      400,
    ],
    [
      'a userRef in the query',
      () =>
        request(server)
          .get(`${API}/launch?userRef=user:default/user-lob-b`)
          .set('Authorization', as('user-lob-a')),
      400,
    ],
    [
      'a userProfileName in the body',
      () => launch(server, 'user-lob-a', { userProfileName: 'user-lob-b' }),
      400,
    ],
    [
      'lobId twice in the query',
      () =>
        request(server)
          .get(`${API}/launch?lobId=lob-a&lobId=lob-b`)
          .set('Authorization', as('user-lob-a')),
      400,
    ],
    [
      'lobId as an array',
      () => launch(server, 'user-lob-a', { lobId: ['lob-a', 'lob-b'] }),
      400,
    ],
    [
      'lobId as an operator object',
      () => launch(server, 'user-lob-a', { lobId: { $ne: 'lob-a' } }),
      400,
    ],
    [
      'the LOB in the path',
      () =>
        request(server)
          .post(`${API}/launch/lob-b`)
          .set('Authorization', as('user-lob-a'))
          .send({}),
      404,
    ],
    [
      "B's membership through the admin path",
      () =>
        request(server)
          .get(`${API}/memberships?userRef=user:default/user-lob-b`)
          .set('Authorization', as('user-lob-a')),
      403,
    ],
  ])('through %s -> %i, no URL, no AWS call', async (_name, call, status) => {
    const res = await call();
    expect(res.status).toBe(status);
    expectNoUrl(res);
    expect(env.aws.stats().total).toBe(0);
  });

  it.each([
    ['x-backstage-user', 'user:default/user-lob-b'],
    ['x-forwarded-user', 'user-lob-b'],
    ['x-remote-user', 'user-lob-b'],
    ['x-amz-security-token', 'forged'],
  ])(
    'ignores a %s header: A still gets only their own domain',
    async (header, value) => {
      const res = await request(server)
        .post(`${API}/launch`)
        .set('Authorization', as('user-lob-a'))
        .set(header, value)
        .send({});
      expect(res.status).toBe(200);
      issuedUrls.push(res.body.url);
      expect(res.body.url).toContain('d-loba00000001');
      expect(res.body.url).not.toContain('d-lobb00000001');
    },
  );
});

describe('injection in identifiers', () => {
  const badLobIds = [
    "lob-b' OR '1'='1",
    '../lob-b',
    'lob-a\u0000',
    'LOB-A',
    'lob-a ',
    'lob-a/../lob-b',
    'x'.repeat(70),
    '',
    '*',
  ];
  const badSpaceNames = [
    '../user-lob-b-jupyterlab',
    'user-lob-a-jupyterlab/../x',
    'space name',
    'a'.repeat(64),
    '-leading',
  ];
  const badLandingUris = [
    'https://evil.example.com/',
    // eslint-disable-next-line no-script-url
    'javascript:alert(1)',
    'studio::/../../etc/passwd',
    'app:JupyterLab://evil.example.com',
    'app:Evil:/lab',
    'studio::/lab?next=https://evil.example.com',
    `studio::/${'a'.repeat(1100)}`,
    'studio::/lab\r\nSet-Cookie: x=y',
  ];
  const cases: [string, object][] = [
    ...badLobIds.map(
      lobId =>
        [`lobId ${JSON.stringify(lobId).slice(0, 30)}`, { lobId }] as [
          string,
          object,
        ],
    ),
    ...badSpaceNames.map(
      spaceName =>
        [
          `spaceName ${JSON.stringify(spaceName).slice(0, 30)}`,
          { spaceName },
        ] as [string, object],
    ),
    ...badLandingUris.map(
      landingUri =>
        [
          `landingUri ${JSON.stringify(landingUri).slice(0, 40)}`,
          { landingUri },
        ] as [string, object],
    ),
  ];

  it.each(cases)(
    'refuses %s with 400, no URL, no AWS call',
    async (_name, body) => {
      const res = await launch(server, 'user-lob-a', body);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expectNoUrl(res);
      expect(env.aws.stats().total).toBe(0);
    },
  );

  // An empty query value means "not given" for GET /launch (a plain link), so `lobId=` is left out here.
  it('refuses them in the GET /launch query too', async () => {
    const answers = [];
    for (const [name, query] of cases.filter(
      ([, q]) => (q as { lobId?: string }).lobId !== '',
    )) {
      const res = await request(server)
        .get(`${API}/launch`)
        .query(query)
        .set('Authorization', as('user-lob-a'));
      answers.push({
        name,
        status: res.status,
        location: res.headers.location,
      });
    }
    expect(answers).toEqual(
      answers.map(({ name }) => ({ name, status: 400, location: undefined })),
    );
    expect(env.aws.stats().total).toBe(0);
  });

  it("refuses B's space in another domain without issuing a URL", async () => {
    const res = await launch(server, 'user-lob-a', {
      spaceName: 'user-lob-b-jupyterlab',
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain(
      "no space 'user-lob-b-jupyterlab'",
    );
    expectNoUrl(res);
  });

  it.each([
    encodeURIComponent('user:default/../studio-admin'),
    encodeURIComponent('user:default/user-lob-b\u0000'),
    // Group refs are memberships now; other kinds are not.
    encodeURIComponent('component:default/studio-admins'),
    encodeURIComponent('group:default/../studio-admins'),
    encodeURIComponent("user:default/x' OR '1'='1"),
    'user:default%2Fuser-lob-b%2F..',
  ])(
    'refuses the admin userRef %s with 400 and writes nothing',
    async userRef => {
      const res = await request(server)
        .put(`${API}/memberships/lob-a/${userRef}`)
        .set('Authorization', admin)
        .send({});
      expect(res.status).toBe(400);
    },
  );

  it.each(["lob-a' OR '1'='1", '..', 'LOB-A', 'lob-a%00'])(
    'refuses the admin path lobId %s with 400',
    async lobId => {
      const res = await request(server)
        .get(`${API}/lobs/${encodeURIComponent(lobId)}`)
        .set('Authorization', admin);
      expect(res.status).toBe(400);
    },
  );
});

describe('oversized and malformed bodies', () => {
  it.each([
    ['POST /launch', 'post', `${API}/launch`, as('user-lob-a'), 20 * 1024],
    ['POST /lobs', 'post', `${API}/lobs`, admin, 100 * 1024],
    [
      'PUT /memberships',
      'put',
      `${API}/memberships/lob-a/${bRef}`,
      admin,
      100 * 1024,
    ],
    ['POST /import', 'post', `${API}/import`, admin, 5 * 1024 * 1024],
  ] as const)(
    '%s refuses a %i-byte body with 413',
    async (_name, method, path, authorization, size) => {
      const body = JSON.stringify({
        lobId: 'lob-a',
        padding: 'x'.repeat(size),
      });
      const res = await (request(server) as any)
        [method](path)
        .set('Authorization', authorization)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBe(413);
      expect(res.body.error.message).toBe(
        'Invalid request: the body is too large',
      );
      expectNoUrl(res);
    },
  );

  it.each([
    ['POST /launch', `${API}/launch`, as('user-lob-a')],
    ['POST /lobs', `${API}/lobs`, admin],
  ])(
    '%s refuses malformed JSON with 400',
    async (_name, path, authorization) => {
      const res = await request(server)
        .post(path)
        .set('Authorization', authorization)
        .set('Content-Type', 'application/json')
        .send('{"lobId": ');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'Invalid request: the body is not valid JSON',
      );
    },
  );
});

describe('afterwards', () => {
  it('nothing was written to the mapping tables', async () => {
    expect(await tableSnapshot(env)).toBe(before);
  });

  it('the logs hold no presigned URL, token or credential', () => {
    expect(logs.lines.length).toBeGreaterThan(50);
    const text = logs.text();
    for (const [what, pattern] of SECRET_PATTERNS) {
      expect({ what, found: text.match(pattern)?.[0] }).toEqual({
        what,
        found: undefined,
      });
    }
    for (const url of issuedUrls)
      expect(text).not.toContain(new URL(url).searchParams.get('token'));
  });
});

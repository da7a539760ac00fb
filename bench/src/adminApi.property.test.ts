import fc from 'fast-check';
import request from 'supertest';
import {
  effectiveUserProfileName,
  profileClaimKey,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { LocalEnvironment } from 'backend/src/localMode/localEnvironment';
import { startDemoEnvironment } from 'backend/src/integration/localWorld';
import { as } from 'backend/src/integration/__testUtils__/portal';
import { SECRET_PATTERNS } from 'backend/src/robustness/__testUtils__/launchClient';
import {
  LogRecorder,
  startRecordingPortal,
  type RecordingPortal,
} from 'backend/src/robustness/__testUtils__/recordingPortal';
import { tableSnapshot } from 'backend/src/robustness/__testUtils__/tables';

/*
 * The admin API under generated input (fast-check): hundreds of payloads,
 * paths and queries, valid and mangled, with users of several namespaces
 * and profile names that several users ask for. None gets a 5xx, every
 * rejected write leaves both tables exactly as they were, and no two live
 * memberships of one LOB ever open the same Studio profile. Then 100
 * concurrent conflicting edits: each is applied or gets a 409, none is lost.
 */

jest.setTimeout(180_000);

const API = '/api/sagemaker-studio';
// 500 runs with a fixed seed keep the test command's time in budget (each
// run is ~0.25 s of one core); PROPERTY_RUNS=10000 (and another
// PROPERTY_SEED) searches further.
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
/** A run is one write and a scan of both tables (about 150 ms on two busy cores). */
const GENERATED_TIMEOUT_MS = Math.max(180_000, NUM_RUNS * 250);

let env: LocalEnvironment;
let portal: RecordingPortal;
const logs = new LogRecorder();
const admin = as('studio-admin');

beforeAll(async () => {
  env = await startDemoEnvironment();
  portal = await startRecordingPortal(env, { logs });
});

afterAll(async () => {
  await portal?.stop();
  await env?.stop();
});

const enc = encodeURIComponent;
const validLob = {
  lobId: 'lob-gen',
  displayName: 'Generated',
  accountId: '444444444444',
  region: 'us-west-2',
  domainId: 'd-gen000000001',
};

/** Identifiers: the real ones, near misses and anything. */
const lobIdish = fc.oneof(
  fc.constantFrom(
    'lob-a',
    'lob-b',
    'lob-gen',
    'LOB-A',
    'lob-a ',
    '..',
    'lob-a/../lob-b',
    "lob-a' OR '1'='1",
    'x'.repeat(70),
  ),
  fc.string({ maxLength: 24 }),
);
const userRefish = fc.oneof(
  fc.constantFrom(
    'user:default/user-lob-a',
    'user:default/user-lob-b',
    'user:default/gen-user',
    'user:contractors/user-lob-a',
    'user:contractors/gen-user',
    'user:ns.with_dots/jane_doe',
    'USER:DEFAULT/USER-LOB-A',
    'group:default/studio-admins',
    'user:default/../studio-admin',
  ),
  fc.string({ maxLength: 40 }),
);
const versionish = fc.oneof(
  fc.integer({ min: -2, max: 6 }),
  fc.constantFrom('1', 1.5, null, 2 ** 31, -0, Number.MAX_SAFE_INTEGER, 1e308),
  fc.string({ maxLength: 4 }),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A valid object with one field replaced, removed or added. */
function mangled(valid: Record<string, unknown>) {
  const keys = [
    ...Object.keys(valid),
    'extra',
    '__proto__',
    'version',
    'lobId',
  ];
  return fc.oneof(
    fc.constant(valid),
    fc
      .tuple(
        fc.constantFrom(...keys),
        fc.oneof(anyJson, fc.string({ maxLength: 200 })),
      )
      .map(([key, value]) => ({ ...valid, [key]: value })),
    fc.constantFrom(...Object.keys(valid)).map(key => {
      const copy: Record<string, unknown> = { ...valid };
      delete copy[key];
      return copy;
    }),
    anyJson,
  );
}

type Write = {
  method: 'post' | 'put' | 'delete';
  path: string;
  body?: unknown;
};

const writes: fc.Arbitrary<Write> = fc.oneof(
  mangled(validLob).map(body => ({
    method: 'post' as const,
    path: '/lobs',
    body,
  })),
  fc
    .tuple(lobIdish, versionish, mangled({ ...validLob, lobId: undefined }))
    .map(([lobId, version, body]) => ({
      method: 'put' as const,
      path: `/lobs/${enc(lobId)}`,
      body:
        body && typeof body === 'object' && !Array.isArray(body)
          ? { ...body, version }
          : body,
    })),
  fc
    .tuple(lobIdish, versionish, fc.constantFrom('true', 'false', 'yes', ''))
    .map(([lobId, version, cascade]) => ({
      method: 'delete' as const,
      path: `/lobs/${enc(lobId)}?version=${enc(
        String(version),
      )}&cascade=${cascade}`,
    })),
  fc
    .tuple(
      lobIdish,
      userRefish,
      fc.oneof(
        mangled({ userProfileName: 'gen-user' }),
        // Names other members of the demo LOBs already open, in any case.
        fc
          .constantFrom(
            'user-lob-a',
            'USER-LOB-A',
            'user-lob-b',
            'user-lob-ab',
            'shared',
            'gen-user',
          )
          .map(userProfileName => ({ userProfileName })),
        fc.constant({}),
      ),
      fc.option(versionish),
    )
    .map(([lobId, userRef, body, version]) => ({
      method: 'put' as const,
      path: `/memberships/${enc(lobId)}/${enc(userRef)}`,
      body:
        version !== null &&
        body &&
        typeof body === 'object' &&
        !Array.isArray(body)
          ? { ...body, version }
          : body,
    })),
  fc
    .tuple(lobIdish, userRefish, versionish)
    .map(([lobId, userRef, version]) => ({
      method: 'delete' as const,
      path: `/memberships/${enc(lobId)}/${enc(userRef)}?version=${enc(
        String(version),
      )}`,
    })),
  fc
    .tuple(
      fc.constantFrom('csv', 'yaml', 'reference', 'json', 1),
      fc.oneof(fc.string({ maxLength: 300 }), anyJson),
    )
    .map(([format, content]) => ({
      method: 'post' as const,
      path: '/import',
      body: { format, content },
    })),
);

async function send(write: Write) {
  const req = (request(portal.server) as any)
    [write.method](`${API}${write.path}`)
    .set('Authorization', admin);
  // Sent as raw JSON text: bare numbers, strings and null are payloads too.
  return write.body === undefined
    ? req
    : req
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(write.body));
}

describe('generated admin writes', () => {
  it(
    `never answer 5xx, and leave the tables unchanged when rejected (${NUM_RUNS} runs)`,
    async () => {
      let current = await tableSnapshot(env);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(writes, async write => {
          const res = await send(write);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status).toBeLessThan(500);
          const after = await tableSnapshot(env);
          // A rejected write must leave the tables as they were.
          expect({ status: res.status, unchanged: after === current }).toEqual({
            status: res.status,
            unchanged: res.status >= 400 ? true : after === current,
          });
          expect(sharedProfiles(after)).toEqual([]);
          current = after;
        }),
        {
          numRuns: NUM_RUNS,
          seed: Number(process.env.PROPERTY_SEED ?? 20261129),
        },
      );
      // Mostly refusals, by design of the generators; some writes must get through too.
      expect(statuses.get(400)).toBeGreaterThan(NUM_RUNS / 2);
      expect([...statuses.keys()].some(status => status < 300)).toBe(true);
    },
    GENERATED_TIMEOUT_MS,
  );
});

/** Profiles that two live memberships of one LOB would open (the rule: none). */
function sharedProfiles(snapshot: string): string[] {
  const parsed = JSON.parse(snapshot) as {
    lobs: string[];
    memberships: string[];
  };
  const lobs = new Map(
    parsed.lobs.map(text => JSON.parse(text)).map(lob => [lob.lobId, lob]),
  );
  const holders = new Map<string, string>();
  const shared: string[] = [];
  for (const item of parsed.memberships.map(text => JSON.parse(text))) {
    const lob = lobs.get(item.lobId);
    if (
      String(item.userRef).startsWith('claim:') ||
      !lob ||
      (lob.incarnation ?? 'legacy') !== (item.incarnation ?? 'legacy')
    )
      continue;
    const key = `${item.lobId}/${profileClaimKey(
      effectiveUserProfileName(item),
    )}`;
    const holder = holders.get(key);
    if (holder && holder !== item.userRef)
      shared.push(`${key}: ${holder} and ${item.userRef}`);
    holders.set(key, item.userRef);
  }
  return shared;
}

/*
 * Versions are capped (MAX_VERSION) so that version + 1 stays an integer
 * that lib-dynamodb and DynamoDB hold exactly.
 */
describe('a version at or beyond Number.MAX_SAFE_INTEGER', () => {
  const memberPath = `/memberships/lob-a/${enc('user:default/user-lob-a')}`;
  it.each([
    [
      'PUT /lobs/lob-a, MAX_SAFE_INTEGER',
      {
        method: 'put',
        path: '/lobs/lob-a',
        body: {
          ...validLob,
          lobId: undefined,
          version: Number.MAX_SAFE_INTEGER,
        },
      },
    ],
    [
      'PUT /lobs/lob-a, 1e308',
      {
        method: 'put',
        path: '/lobs/lob-a',
        body: { ...validLob, lobId: undefined, version: 1e308 },
      },
    ],
    [
      'PUT /memberships, MAX_SAFE_INTEGER',
      {
        method: 'put',
        path: memberPath,
        body: { version: Number.MAX_SAFE_INTEGER },
      },
    ],
    [
      'PUT /memberships, 1e308',
      { method: 'put', path: memberPath, body: { version: 1e308 } },
    ],
  ] as [string, Write][])(
    '%s is refused with 400 and writes nothing',
    async (_name, write) => {
      const before = await tableSnapshot(env);
      const res = await send(write);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('version');
      expect(await tableSnapshot(env)).toBe(before);
    },
  );
});

describe('100 concurrent conflicting edits', () => {
  // Each on a domain of its own: one Studio domain belongs to one LOB, and
  // the generated writes may have given validLob's domain to lob-gen.
  const raceLob = {
    ...validLob,
    lobId: 'lob-race',
    domainId: 'd-race00000001',
  };
  const retryLob = {
    ...validLob,
    lobId: 'lob-retry',
    domainId: 'd-retry0000001',
  };
  const get = (path: string) =>
    request(portal.server).get(`${API}${path}`).set('Authorization', admin);

  it('of one LOB from the same version: exactly one applied, 99 get 409 with the current item', async () => {
    const created = await request(portal.server)
      .post(`${API}/lobs`)
      .set('Authorization', admin)
      .send(raceLob);
    expect(created.status).toBe(201);
    const { lobId, ...fields } = raceLob;
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        request(portal.server)
          .put(`${API}/lobs/${lobId}`)
          .set('Authorization', admin)
          .send({ ...fields, displayName: `edit ${i}`, version: 1 }),
      ),
    );
    const applied = results.filter(r => r.status === 200);
    expect(results.every(r => r.status === 200 || r.status === 409)).toBe(true);
    expect(applied).toHaveLength(1);
    const now = await get(`/lobs/${lobId}`);
    expect(now.body).toMatchObject({
      version: 2,
      displayName: applied[0].body.item.displayName,
    });
    for (const refused of results.filter(r => r.status === 409)) {
      expect(refused.body.error.current).toMatchObject({ version: 2 });
    }
  });

  // 25, not 100: retries grow with the square of the editors.
  it('of one LOB by 25 admins who reload and retry on 409: all 25 applied, none lost', async () => {
    const created = await request(portal.server)
      .post(`${API}/lobs`)
      .set('Authorization', admin)
      .send(retryLob);
    expect(created.status).toBe(201);
    const { lobId, ...fields } = retryLob;
    const outcomes: number[] = [];
    const editor = async (i: number) => {
      for (;;) {
        const current = await get(`/lobs/${lobId}`);
        const res = await request(portal.server)
          .put(`${API}/lobs/${lobId}`)
          .set('Authorization', admin)
          .send({
            ...fields,
            displayName: `${current.body.displayName}|${i}`,
            version: current.body.version,
          });
        outcomes.push(res.status);
        if (res.status === 200) return;
        expect(res.status).toBe(409);
      }
    };
    await Promise.all(Array.from({ length: 25 }, (_, i) => editor(i)));
    const final = await get(`/lobs/${lobId}`);
    expect(final.body.version).toBe(26);
    expect(outcomes.filter(s => s === 200)).toHaveLength(25);
    // Every editor's mark is in the final name: no edit overwrote another unseen.
    for (let i = 0; i < 25; i++)
      expect(final.body.displayName.split('|')).toContain(String(i));
    expect(outcomes.every(s => s === 200 || s === 409)).toBe(true);
  });

  it('creating one membership 100 times at once: one 201, 99 409, one item', async () => {
    const path = `/memberships/lob-b/${enc('user:default/race-user')}`;
    const results = await Promise.all(
      Array.from({ length: 100 }, () =>
        request(portal.server)
          .put(`${API}${path}`)
          .set('Authorization', admin)
          .send({ userProfileName: 'race-user' }),
      ),
    );
    expect(results.filter(r => r.status === 201)).toHaveLength(1);
    expect(results.filter(r => r.status === 409)).toHaveLength(99);
    const members = await get(`/memberships?lobId=lob-b&limit=100`);
    expect(
      members.body.items.filter(
        (m: any) => m.userRef === 'user:default/race-user',
      ),
    ).toHaveLength(1);
  });
});

describe('logs', () => {
  it('hold no token or credential after all of it', () => {
    const text = logs.text();
    for (const [what, pattern] of SECRET_PATTERNS) {
      expect({ what, found: text.match(pattern)?.[0] }).toEqual({
        what,
        found: undefined,
      });
    }
  });
});

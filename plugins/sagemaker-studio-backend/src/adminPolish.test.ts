import request from 'supertest';
import { stringify } from 'yaml';
import { SEARCH_MAX_LENGTH } from '@studio-portal/plugin-sagemaker-studio-common';
import {
  ADMIN,
  snapshot,
  startLocalAws,
  startPluginBackend,
  type LocalAws,
  type PluginBackend,
} from './__testUtils__/localAws';
import { API } from './__testUtils__/pluginApi';

/*
 * The admin listings' server-side search and the import dry run, against
 * the real plugin in a test backend and DynamoDB Local.
 */

jest.setTimeout(90_000);

const enc = encodeURIComponent;
let local: LocalAws;
let portal: PluginBackend;

const pad = (n: number) => String(n).padStart(2, '0');
/** 14 LOBs: 5 of finance (one only by its display name), 9 of others. */
const LOBS = Array.from({ length: 14 }, (_, i) => ({
  lobId: i < 4 ? `finance-${pad(i)}` : `ops-${pad(i)}`,
  displayName: i === 4 ? 'Corporate FINANCE' : `Team ${i}`,
  accountId: `3333333333${pad(i)}`,
  region: 'us-east-1',
  domainId: `d-search0000${pad(i)}`,
}));
/** 23 members of finance-00: 7 whose ref or profile says "jane". */
const MEMBERS = Array.from({ length: 23 }, (_, i) => ({
  lobId: 'finance-00',
  userRef:
    i % 3 === 0 ? `user:default/jane-${pad(i)}` : `user:default/u${pad(i)}`,
  ...(i === 1 ? { userProfileName: 'JANE-desk' } : {}),
}));

const get = (path: string) =>
  request(portal.server).get(`${API}${path}`).set('Authorization', ADMIN);

/** Every page of a listing, following the cursors. */
async function allPages(path: string, limit: number) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const res = await get(
      `${path}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    pages.push(
      res.body.items.map(
        (item: { lobId: string; userRef?: string }) =>
          item.userRef ?? item.lobId,
      ),
    );
    cursor = res.body.nextCursor;
  } while (cursor);
  return pages;
}

beforeAll(async () => {
  local = await startLocalAws();
  // DynamoDB Local on a loaded machine: more than the default 3 s per call.
  portal = await startPluginBackend(local, { aws: { callTimeoutMs: 20_000 } });
  const res = await request(portal.server)
    .post(`${API}/import`)
    .set('Authorization', ADMIN)
    .send({
      format: 'yaml',
      content: stringify({ lobs: LOBS, memberships: MEMBERS }),
    });
  if (res.status !== 200) throw new Error(`setup: ${res.status}`);
});

afterAll(async () => {
  await portal?.stop();
  await local?.stop();
});

describe('search on the server', () => {
  it('finds LOBs by a case-insensitive part of id or name, page by page, none skipped or repeated', async () => {
    const pages = await allPages('/lobs?q=FiNaNcE', 2);
    const found = pages.flat();
    expect(found.sort()).toEqual([
      'finance-00',
      'finance-01',
      'finance-02',
      'finance-03',
      'ops-04',
    ]);
    expect(new Set(found).size).toBe(found.length);
    // Full pages while there is more (the table holds 14 LOBs).
    expect(pages.slice(0, -1).every(page => page.length === 2)).toBe(true);
  });

  it('finds LOBs by account and domain id too; no text lists them all', async () => {
    expect((await allPages('/lobs?q=333333333307', 5)).flat()).toEqual([
      'ops-07',
    ]);
    expect((await allPages('/lobs?q=d-search000012', 5)).flat()).toEqual([
      'ops-12',
    ]);
    expect((await allPages('/lobs?q=%20%20', 5)).flat()).toHaveLength(14);
    expect((await allPages('/lobs?q=nothing-like-it', 5)).flat()).toEqual([]);
  });

  it("finds a LOB's members by a part of their ref or their profile, with cursor paging", async () => {
    const found = (
      await allPages('/memberships?lobId=finance-00&q=jane', 3)
    ).flat();
    const expected = MEMBERS.filter(
      (m, i) => m.userRef.includes('jane') || i === 1,
    ).map(m => m.userRef);
    expect(found.sort()).toEqual(expected.sort());
    expect(expected).toHaveLength(9);
  });

  it("searches a user's memberships by LOB id", async () => {
    const ref = enc('user:default/jane-00');
    expect(
      (await allPages(`/memberships?userRef=${ref}&q=FINANCE`, 5)).flat(),
    ).toEqual(['user:default/jane-00']);
    expect(
      (await allPages(`/memberships?userRef=${ref}&q=ops`, 5)).flat(),
    ).toEqual([]);
  });

  it('refuses search text that is too long or has control characters, with a 400 naming q', async () => {
    for (const q of ['x'.repeat(SEARCH_MAX_LENGTH + 1), 'a\u0007b']) {
      const res = await get(`/lobs?q=${enc(q)}`);
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toHaveProperty('q');
      const members = await get(`/memberships?lobId=finance-00&q=${enc(q)}`);
      expect(members.status).toBe(400);
    }
    expect((await get('/lobs?q=a&q=b')).status).toBe(400);
    expect((await get(`/lobs?q=${'x'.repeat(SEARCH_MAX_LENGTH)}`)).status).toBe(
      200,
    );
  });

  it('a cursor of a search is a cursor of the same listing: another LOB refuses it', async () => {
    const page = await get('/memberships?lobId=finance-00&q=jane&limit=1');
    expect(page.body.nextCursor).toBeDefined();
    const other = await get(
      `/memberships?lobId=finance-01&q=jane&cursor=${page.body.nextCursor}`,
    );
    expect(other.status).toBe(400);
  });
});

describe('import dry run', () => {
  const dryRun = (content: object) =>
    request(portal.server)
      .post(`${API}/import?dryRun=true`)
      .set('Authorization', ADMIN)
      .send({ format: 'yaml', content: stringify(content) });

  it('says what would be added, changed (old -> new), left unchanged and kept though not in the file, writing nothing', async () => {
    const before = await snapshot(local);
    const res = await dryRun({
      lobs: [
        { ...LOBS[0] },
        { ...LOBS[1], displayName: 'Finance, renamed', roleName: 'Other' },
        {
          lobId: 'new-lob',
          displayName: 'New',
          accountId: '444444444444',
          region: 'eu-west-1',
          domainId: 'd-new000000001',
        },
      ],
      memberships: [
        MEMBERS[0],
        { ...MEMBERS[1], userProfileName: 'jane-laptop' },
        { lobId: 'new-lob', userRef: 'user:default/Newbie' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: true, lobs: 3, memberships: 3 });
    const { lobs, memberships } = res.body.preview;
    expect(lobs.added).toEqual({
      count: 1,
      rows: [
        {
          lobId: 'new-lob',
          changes: [
            { field: 'displayName', to: 'New' },
            { field: 'accountId', to: '444444444444' },
            { field: 'region', to: 'eu-west-1' },
            { field: 'domainId', to: 'd-new000000001' },
          ],
        },
      ],
    });
    expect(lobs.changed).toEqual({
      count: 1,
      rows: [
        {
          lobId: 'finance-01',
          changes: [
            { field: 'displayName', from: 'Team 1', to: 'Finance, renamed' },
            { field: 'roleName', to: 'Other' },
          ],
        },
      ],
    });
    expect(lobs.unchanged).toBe(1);
    expect(lobs.notInFile.count).toBe(LOBS.length - 2);
    expect(
      lobs.notInFile.rows.map((r: { lobId: string }) => r.lobId),
    ).toContain('ops-13');

    expect(memberships.added).toEqual({
      count: 1,
      rows: [{ lobId: 'new-lob', userRef: 'user:default/newbie', changes: [] }],
    });
    expect(memberships.changed).toEqual({
      count: 1,
      rows: [
        {
          lobId: 'finance-00',
          userRef: 'user:default/u01',
          changes: [
            { field: 'userProfileName', from: 'JANE-desk', to: 'jane-laptop' },
          ],
        },
      ],
    });
    expect(memberships.unchanged).toBe(1);
    expect(memberships.notInFile.count).toBe(MEMBERS.length - 2);
    expect(await snapshot(local)).toEqual(before);
  });

  it('reports the same changes the import then makes', async () => {
    const file = {
      lobs: [{ ...LOBS[2], displayName: 'Finance two' }],
      memberships: [{ lobId: 'finance-02', userRef: 'user:default/only-here' }],
    };
    const preview = (await dryRun(file)).body.preview;
    const applied = await request(portal.server)
      .post(`${API}/import`)
      .set('Authorization', ADMIN)
      .send({ format: 'yaml', content: stringify(file) });
    expect(applied.status).toBe(200);
    expect(applied.body.lobs).toEqual({
      created: preview.lobs.added.count,
      updated: preview.lobs.changed.count,
      unchanged: preview.lobs.unchanged,
    });
    expect(applied.body.memberships).toEqual({
      created: preview.memberships.added.count,
      updated: preview.memberships.changed.count,
      unchanged: preview.memberships.unchanged,
    });
    // Applied: the same file now changes nothing.
    const again = (await dryRun(file)).body.preview;
    expect(again.lobs).toMatchObject({ unchanged: 1, changed: { count: 0 } });
    expect(again.memberships).toMatchObject({
      unchanged: 1,
      added: { count: 0 },
    });
  });

  it('refuses a file with a bad row, as the import does', async () => {
    const res = await dryRun({
      lobs: [{ ...LOBS[0], accountId: '12' }],
      memberships: [],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.rows).toEqual([
      expect.objectContaining({ row: 1, kind: 'lob' }),
    ]);
  });
});

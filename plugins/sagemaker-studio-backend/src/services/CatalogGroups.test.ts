import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { CatalogGroups } from './CatalogGroups';

const user = (groups: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'jane' },
  spec: {},
  relations: [
    ...groups.map(targetRef => ({ type: 'memberOf', targetRef })),
    { type: 'ownerOf', targetRef: 'component:default/x' },
  ],
});

function setup(ttlMs: number) {
  const clock = { now: 1_000_000 };
  let answer: Entity | undefined | Error = user(['group:default/Team-A']);
  let calls = 0;
  let release: (() => void) | undefined;
  const catalog = {
    async getEntityByRef() {
      calls++;
      if (release) await new Promise<void>(r => (release = r));
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  const groups = new CatalogGroups(
    catalog,
    mockServices.auth(),
    ttlMs,
    () => clock.now,
  );
  return {
    groups,
    clock,
    calls: () => calls,
    set: (a: typeof answer) => {
      answer = a;
    },
    hold: () => {
      release = () => {};
    },
    go: () => {
      const r = release;
      release = undefined;
      r?.();
    },
  };
}

describe('CatalogGroups', () => {
  it("answers the user's direct memberOf groups, normalized", async () => {
    const { groups } = setup(30_000);
    expect([...(await groups.groupsOf('user:default/Jane'))]).toEqual([
      'group:default/team-a',
    ]);
  });

  it('reuses an answer for the TTL only, then asks the catalog again', async () => {
    const t = setup(30_000);
    await t.groups.groupsOf('user:default/jane');
    t.set(user([]));
    t.clock.now += 29_000;
    expect((await t.groups.groupsOf('user:default/jane')).size).toBe(1);
    expect(t.calls()).toBe(1);
    t.clock.now += 2_000;
    expect((await t.groups.groupsOf('user:default/jane')).size).toBe(0);
    expect(t.calls()).toBe(2);
  });

  it('with a TTL of 0 asks every time, but concurrent lookups share one call', async () => {
    const t = setup(0);
    t.hold();
    const pending = [1, 2, 3].map(() => t.groups.groupsOf('user:default/jane'));
    await new Promise(r => setImmediate(r));
    t.go();
    await Promise.all(pending);
    expect(t.calls()).toBe(1);
    await t.groups.groupsOf('user:default/jane');
    expect(t.calls()).toBe(2);
  });

  it('answers no groups for a user the catalog does not know', async () => {
    const t = setup(30_000);
    t.set(undefined);
    expect((await t.groups.groupsOf('user:default/ghost')).size).toBe(0);
  });

  it('fails with a 503 when the catalog cannot be asked, and does not keep the failure', async () => {
    const t = setup(30_000);
    t.set(new Error('ECONNREFUSED'));
    await expect(t.groups.groupsOf('user:default/jane')).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
    t.set(user(['group:default/b']));
    expect([...(await t.groups.groupsOf('user:default/jane'))]).toEqual([
      'group:default/b',
    ]);
  });
});

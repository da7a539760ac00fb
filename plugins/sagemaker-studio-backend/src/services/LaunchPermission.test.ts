import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LaunchPermission } from './LaunchPermission';

function fakePermissions(results: AuthorizeResult[]) {
  let calls = 0;
  return {
    calls: () => calls,
    service: {
      authorize: async () => [
        { result: results[Math.min(calls++, results.length - 1)] },
      ],
      authorizeConditional: async () => [],
    } as any,
  };
}

/** A permission backend whose answers the test releases one by one. */
function heldPermissions() {
  const waiting: Array<(result: AuthorizeResult | Error) => void> = [];
  return {
    calls: () => waiting.length,
    answer: (index: number, result: AuthorizeResult | Error) =>
      waiting[index](result),
    service: {
      authorize: () =>
        new Promise((resolve, reject) =>
          waiting.push(result =>
            result instanceof Error ? reject(result) : resolve([{ result }]),
          ),
        ),
      authorizeConditional: async () => [],
    } as any,
  };
}

const settled = () => new Promise(resolve => setImmediate(resolve));

describe('LaunchPermission', () => {
  const jane = mockCredentials.user('user:default/jane');
  const joe = mockCredentials.user('user:default/joe');

  it("remembers a user's decision for the TTL, then asks again", async () => {
    let clock = 0;
    const permissions = fakePermissions([
      AuthorizeResult.ALLOW,
      AuthorizeResult.DENY,
    ]);
    const launch = new LaunchPermission(
      permissions.service,
      10_000,
      100,
      () => clock,
    );
    expect(await launch.isAllowed(jane)).toBe(true);
    clock = 4_999;
    expect(await launch.isAllowed(jane)).toBe(true);
    expect(permissions.calls()).toBe(1);
    clock = 10_000;
    expect(await launch.isAllowed(jane)).toBe(false);
    expect(permissions.calls()).toBe(2);
  });

  it('asks once for concurrent launches of one user', async () => {
    const permissions = heldPermissions();
    const launch = new LaunchPermission(permissions.service, 10_000);
    const answers = Array.from({ length: 20 }, () => launch.isAllowed(jane));
    await settled();
    expect(permissions.calls()).toBe(1);
    permissions.answer(0, AuthorizeResult.ALLOW);
    expect(await Promise.all(answers)).toEqual(Array(20).fill(true));
  });

  /** A 10 s memory on a held backend, where jane was allowed at time 0. */
  async function janeAllowedAtZero() {
    const time = { now: 0 };
    const permissions = heldPermissions();
    const launch = new LaunchPermission(
      permissions.service,
      10_000,
      100,
      () => time.now,
    );
    const first = launch.isAllowed(jane);
    await settled();
    permissions.answer(0, AuthorizeResult.ALLOW);
    expect(await first).toBe(true);
    return { time, permissions, launch };
  }

  it('asks again in the background past half the TTL, without making the launch wait', async () => {
    const { time, permissions, launch } = await janeAllowedAtZero();
    time.now = 6_000;
    // Served at once while the second question is still unanswered.
    expect(await launch.isAllowed(jane)).toBe(true);
    expect(await launch.isAllowed(jane)).toBe(true);
    expect(permissions.calls()).toBe(2);

    // The revocation bites as soon as it is known, well within the TTL.
    permissions.answer(1, AuthorizeResult.DENY);
    await settled();
    expect(await launch.isAllowed(jane)).toBe(false);
  });

  it('never serves a decision older than the TTL, even when the background question fails', async () => {
    const { time, permissions, launch } = await janeAllowedAtZero();
    time.now = 6_000;
    expect(await launch.isAllowed(jane)).toBe(true);
    permissions.answer(1, new Error('permission backend down'));
    await settled();
    expect(await launch.isAllowed(jane)).toBe(true); // still within the TTL

    time.now = 10_000;
    const expired = launch.isAllowed(jane);
    await settled();
    expect(permissions.calls()).toBe(3);
    permissions.answer(2, new Error('permission backend down'));
    await expect(expired).rejects.toThrow('permission backend down');
  });

  it('keeps decisions per user', async () => {
    const permissions = fakePermissions([
      AuthorizeResult.ALLOW,
      AuthorizeResult.DENY,
    ]);
    const launch = new LaunchPermission(permissions.service, 10_000);
    expect(await launch.isAllowed(jane)).toBe(true);
    expect(await launch.isAllowed(joe)).toBe(false);
  });

  it('asks every time with a TTL of 0', async () => {
    const permissions = fakePermissions([AuthorizeResult.ALLOW]);
    const launch = new LaunchPermission(permissions.service, 0);
    await launch.isAllowed(jane);
    await launch.isAllowed(jane);
    expect(permissions.calls()).toBe(2);
  });

  it('stays within its bound', async () => {
    const permissions = fakePermissions([AuthorizeResult.ALLOW]);
    const launch = new LaunchPermission(permissions.service, 10_000, 2);
    for (const user of ['a', 'b', 'c'])
      await launch.isAllowed(mockCredentials.user(`user:default/${user}`));
    await launch.isAllowed(mockCredentials.user('user:default/a'));
    expect(permissions.calls()).toBe(4); // a was evicted by c
  });
});

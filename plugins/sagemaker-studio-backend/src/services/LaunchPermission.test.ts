import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { LaunchPermission } from './LaunchPermission';

function fakePermissions(results: AuthorizeResult[]) {
  let calls = 0;
  return {
    calls: () => calls,
    service: {
      authorize: async () => [{ result: results[Math.min(calls++, results.length - 1)] }],
      authorizeConditional: async () => [],
    } as any,
  };
}

describe('LaunchPermission', () => {
  const jane = mockCredentials.user('user:default/jane');
  const joe = mockCredentials.user('user:default/joe');

  it("remembers a user's decision for the TTL, then asks again", async () => {
    let clock = 0;
    const permissions = fakePermissions([AuthorizeResult.ALLOW, AuthorizeResult.DENY]);
    const launch = new LaunchPermission(permissions.service, 10_000, 100, () => clock);
    expect(await launch.isAllowed(jane)).toBe(true);
    clock = 9_999;
    expect(await launch.isAllowed(jane)).toBe(true);
    expect(permissions.calls()).toBe(1);
    clock = 10_000;
    expect(await launch.isAllowed(jane)).toBe(false);
    expect(permissions.calls()).toBe(2);
  });

  it('keeps decisions per user', async () => {
    const permissions = fakePermissions([AuthorizeResult.ALLOW, AuthorizeResult.DENY]);
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
    for (const user of ['a', 'b', 'c']) await launch.isAllowed(mockCredentials.user(`user:default/${user}`));
    await launch.isAllowed(mockCredentials.user('user:default/a'));
    expect(permissions.calls()).toBe(4); // a was evicted by c
  });
});

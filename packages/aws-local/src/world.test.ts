import { startAwsStandIn } from './standIn';
import { validateWorld } from './world';
import { testWorld } from './__testUtils__/testWorld';

describe('validateWorld', () => {
  it('accepts the test world', () => {
    expect(validateWorld(testWorld)).toBe(testWorld);
  });

  it('lists every problem of a bad world', () => {
    const bad = {
      callers: [
        { accessKeyId: 'ASIAFAKE', secretAccessKey: 's', arn: 'portal' },
      ],
      roles: [
        {
          arn: 'arn:aws:iam::1:role/x',
          trustedPrincipalArns: [],
          maxSessionDurationSeconds: 60,
        },
      ],
      domains: [
        {
          domainId: 'd-short',
          domainName: 'x',
          accountId: '1',
          region: 'mars',
          userProfiles: [],
        },
        {
          domainId: 'd-aaaaaaaaaaaa',
          domainName: 'y',
          accountId: '111111111111',
          region: 'us-east-1',
          userProfiles: ['alice'],
          spaces: [
            {
              spaceName: 's',
              appType: 'JupyterLab' as const,
              sharingType: 'Private' as const,
              ownerUserProfileName: 'bob',
            },
          ],
        },
      ],
    };
    let message = '';
    try {
      validateWorld(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const part of [
      'ASIA is for session keys',
      'caller arn portal',
      'role arn arn:aws:iam::1:role/x',
      'maxSessionDurationSeconds',
      'domain id d-short',
      'account 1',
      'region mars',
      'owner bob',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('stops startAwsStandIn before it listens', async () => {
    await expect(
      startAwsStandIn({
        world: {
          ...testWorld,
          domains: [{ ...testWorld.domains[0], domainId: 'x' }],
        },
      }),
    ).rejects.toThrow(/Invalid stand-in world/);
  });
});

import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_ACCESS_ROLE_NAME,
  DEFAULT_PROFILE_TAG_KEY,
  DEFAULT_PROVISIONED_BY,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { DEFAULT_UNMAPPED_USER_MESSAGE, readStudioConfig } from './config';

const read = (sagemakerStudio: object) =>
  readStudioConfig(new ConfigReader({ sagemakerStudio }));

describe('readStudioConfig', () => {
  it('fills in the documented defaults around the one required key', () => {
    expect(read({ access: { externalId: 'x' } })).toEqual({
      mappings: {
        region: undefined,
        endpoint: undefined,
        lobsTable: 'studio-portal-lobs',
        membershipsTable: 'studio-portal-memberships',
        cacheTtlMs: 30_000,
      },
      access: {
        roleName: DEFAULT_ACCESS_ROLE_NAME,
        externalId: 'x',
        sessionDurationSeconds: 3600,
        profileTagKey: DEFAULT_PROFILE_TAG_KEY,
        refreshMarginMs: 300_000,
        maxCachedSessions: 10_000,
      },
      studio: {
        urlExpiresInSeconds: 30,
        sessionExpirationDurationInSeconds: 43200,
      },
      aws: {
        callTimeoutMs: 5000,
        maxAttempts: 3,
        endpoints: { sts: undefined, sagemaker: undefined },
        credentials: undefined,
      },
      permissions: { launchDecisionCacheMs: 10_000 },
      groups: { cacheTtlMs: 30_000 },
      provisioning: {
        timeoutMs: 600_000,
        pollIntervalMs: 3000,
        provisionedBy: DEFAULT_PROVISIONED_BY,
      },
      unmappedUserMessage: DEFAULT_UNMAPPED_USER_MESSAGE,
    });
  });

  it('reads what is set, in the units the services use', () => {
    const config = read({
      mappings: { lobsTable: 'l', membershipsTable: 'm', cacheTtlSeconds: 0 },
      access: { externalId: 'x', roleName: 'Access', refreshMarginSeconds: 60 },
      aws: {
        credentials: { accessKeyId: 'AKIA', secretAccessKey: 'secret' },
        endpoints: { sts: 'http://127.0.0.1:1' },
      },
      provisioning: { provisionedBy: 'my portal' },
    });
    expect(config.mappings).toMatchObject({
      lobsTable: 'l',
      membershipsTable: 'm',
      cacheTtlMs: 0,
    });
    expect(config.access).toMatchObject({
      roleName: 'Access',
      refreshMarginMs: 60_000,
    });
    expect(config.aws.credentials).toEqual({
      accessKeyId: 'AKIA',
      secretAccessKey: 'secret',
    });
    expect(config.aws.endpoints.sts).toBe('http://127.0.0.1:1');
    expect(config.provisioning.provisionedBy).toBe('my portal');
  });

  it('refuses a missing block, a missing external id, out-of-range numbers and a bad tag value', () => {
    expect(() => readStudioConfig(new ConfigReader({}))).toThrow(
      'Missing config sagemakerStudio',
    );
    expect(() => read({})).toThrow(/externalId/);
    expect(() =>
      read({ access: { externalId: 'x', sessionDurationSeconds: 899 } }),
    ).toThrow(
      'Invalid config sagemakerStudio.access.sessionDurationSeconds: 899 is not a whole number from 900 to 3600',
    );
    expect(() =>
      read({ access: { externalId: 'x' }, aws: { callTimeoutMs: 1.5 } }),
    ).toThrow(/aws\.callTimeoutMs/);
    expect(() =>
      read({
        access: { externalId: 'x' },
        provisioning: { provisionedBy: 'no;semicolons' },
      }),
    ).toThrow(
      /provisioning\.provisionedBy: 'no;semicolons' is not a tag value/,
    );
  });
});

import { ConfigReader } from '@backstage/config';
import type {
  Lob,
  MembershipRecord,
} from '@studio-portal/plugin-sagemaker-studio-common';
import {
  readStudioConfig,
  type MappingReader,
  type StudioConfig,
} from '@studio-portal/plugin-sagemaker-studio-node';

export const lobA: Lob = {
  lobId: 'lob-a',
  displayName: 'Line of business A',
  accountId: '111111111111',
  region: 'us-east-1',
  domainId: 'd-loba00000001',
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'seed',
};

export const lobB: Lob = {
  ...lobA,
  lobId: 'lob-b',
  displayName: 'Line of business B',
  accountId: '222222222222',
  region: 'eu-west-1',
  domainId: 'd-lobb00000001',
  roleName: 'CustomAccess',
};

export function membership(
  userRef: string,
  lobId: string,
  userProfileName?: string,
): MembershipRecord {
  return {
    userRef,
    lobId,
    userProfileName,
    version: 1,
    updatedAt: lobA.updatedAt,
    updatedBy: 'seed',
  };
}

export const baseConfigData = {
  sagemakerStudio: {
    mappings: { region: 'us-east-1', endpoint: 'http://127.0.0.1:1' },
    access: { externalId: 'test-external-id' },
    aws: {
      callTimeoutMs: 2000,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'secret' },
    },
    unmappedUserMessage: 'Ask the studio-admins group.',
  },
};

export function testConfig(
  overrides: Record<string, unknown> = {},
): StudioConfig {
  return readStudioConfig(
    new ConfigReader({
      sagemakerStudio: { ...baseConfigData.sagemakerStudio, ...overrides },
    }),
  );
}

/** An in-memory MappingReader that counts its reads. */
export class FakeMappings implements MappingReader {
  reads = 0;
  constructor(
    private readonly lobs: Lob[],
    private readonly memberships: MembershipRecord[],
  ) {}
  async getLob(lobId: string) {
    this.reads++;
    return this.lobs.find(l => l.lobId === lobId);
  }
  async listMembershipsOfUser(userRef: string) {
    this.reads++;
    return this.memberships.filter(m => m.userRef === userRef);
  }
  async getProfileClaim() {
    this.reads++;
    return undefined;
  }
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { EXAMPLE_CONFIG_PATH } from '../__testUtils__/exampleApp';
import { loadConfigFile, parseConfig } from './load';
import { cidrsOverlap } from './schema';

const example = () => parse(readFileSync(EXAMPLE_CONFIG_PATH, 'utf8'));

function errorOf(mutate: (raw: any) => void): string {
  const raw = example();
  mutate(raw);
  try {
    parseConfig(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('app config', () => {
  it('accepts the three-LOB example and fills defaults', () => {
    const { config } = loadConfigFile(EXAMPLE_CONFIG_PATH);
    expect(config.lobs.map(lob => lob.lobId)).toEqual([
      'lob-a',
      'lob-b',
      'lob-c',
    ]);
    expect(config.access.roleName).toBe('SageMakerStudioPortalAccess');
    expect(config.access.profileTagKey).toBe('studio-user-profile');
    expect(config.portal.taskRoleName).toBe('studio-portal-backstage-task');
    expect(config.lobs[2].domain.dataBucketNames).toEqual([]);
  });

  it('builds the image, and runs a Multi-AZ protected database and a replicated cache, unless told otherwise', () => {
    const raw = example();
    delete raw.portal.image;
    delete raw.portal.database;
    delete raw.portal.cache;
    const { portal } = parseConfig(raw);
    expect(portal.image).toEqual({ source: 'build' });
    expect(portal.database).toEqual({
      instanceType: 't4g.micro',
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 100,
      multiAz: true,
      backupRetentionDays: 7,
      deletionProtection: true,
      rotationDays: 0,
    });
    expect(portal.cache).toEqual({ nodeType: 'cache.t4g.micro', replicas: 1 });
  });

  it('defaults the role name and the profile tag key when the file leaves them out', () => {
    const raw = example();
    delete raw.access.roleName;
    delete raw.access.profileTagKey;
    const config = parseConfig(raw);
    expect(config.access.roleName).toBe('SageMakerStudioPortalAccess');
    expect(config.access.profileTagKey).toBe('studio-user-profile');
  });

  it.each([
    [
      'overlapping CIDRs',
      (raw: any) => (raw.lobs[1].vpcCidr = '10.1.128.0/17'),
      'lobs.1.vpcCidr: 10.1.128.0/17 overlaps 10.1.0.0/16',
    ],
    [
      'a LOB CIDR inside the corporate network',
      (raw: any) => (raw.lobs[0].vpcCidr = '172.20.0.0/16'),
      'corporate.cidrs.0: 172.16.0.0/12 overlaps 172.20.0.0/16',
    ],
    [
      'duplicate LOB ids',
      (raw: any) => (raw.lobs[1].lobId = 'lob-a'),
      'lobs.1.lobId: duplicate lobId lob-a',
    ],
    [
      'a LOB in another region',
      (raw: any) => (raw.lobs[0].region = 'eu-west-1'),
      'lobs.0.region: must equal sharedServices.region (us-east-1)',
    ],
    [
      'a LOB in the shared-services account',
      (raw: any) => (raw.lobs[0].accountId = '999999999999'),
      'lobs.0.accountId: a LOB needs its own account',
    ],
    [
      'a bad account id',
      (raw: any) => (raw.lobs[0].accountId = '1234'),
      'lobs.0.accountId: must be a 12-digit AWS account id',
    ],
    [
      'a plain-http portal URL',
      (raw: any) => (raw.portal.baseUrl = 'http://portal.example.com'),
      'portal.baseUrl: must be https',
    ],
    [
      'a secret ARN without its suffix',
      (raw: any) =>
        (raw.access.externalIdSecret.arn =
          'arn:aws:secretsmanager:us-east-1:999999999999:secret:x'),
      'access.externalIdSecret.arn: must be the complete ARN',
    ],
    [
      'an unknown key',
      (raw: any) => (raw.lobs[0].vpcId = 'vpc-1'),
      "Unrecognized key(s) in object: 'vpcId'",
    ],
    [
      'no LOBs',
      (raw: any) => (raw.lobs = []),
      'lobs: Array must contain at least 1',
    ],
    [
      'an ExternalId secret without its KMS key',
      (raw: any) => delete raw.access.externalIdSecret.kmsKeyArn,
      'access.externalIdSecret.kmsKeyArn: Required',
    ],
    [
      'an alias instead of a key ARN',
      (raw: any) =>
        (raw.access.externalIdSecret.kmsKeyArn =
          'arn:aws:kms:us-east-1:999999999999:alias/external-id'),
      'access.externalIdSecret.kmsKeyArn: must be the ARN of a KMS key',
    ],
    [
      'an ECR image without a tag',
      (raw: any) =>
        (raw.portal.image = {
          source: 'ecr',
          repositoryName: 'studio-portal/backstage',
        }),
      'portal.image.tag: Required',
    ],
    [
      'a corporate attachment that is not one',
      (raw: any) => (raw.corporate.transitGatewayAttachmentId = 'vpn-123'),
      'corporate.transitGatewayAttachmentId: must be a Transit Gateway attachment id',
    ],
    [
      'a database instance class with the db. prefix',
      (raw: any) => (raw.portal.database = { instanceType: 'db.t4g.micro' }),
      'portal.database.instanceType: must be like t4g.small',
    ],
  ])('refuses %s with a message naming the field', (_, mutate, message) => {
    expect(errorOf(mutate)).toContain(message);
  });

  it('lists every problem at once', () => {
    const message = errorOf(raw => {
      raw.lobs[0].accountId = 'x';
      raw.cognito.domainPrefix = 'Not Valid';
    });
    expect(message).toContain('lobs.0.accountId');
    expect(message).toContain('cognito.domainPrefix');
  });
});

describe('cidrsOverlap', () => {
  it.each([
    ['10.0.0.0/16', '10.0.255.0/24', true],
    ['10.0.0.0/16', '10.1.0.0/16', false],
    ['172.16.0.0/12', '172.31.255.0/24', true],
    ['172.16.0.0/12', '172.32.0.0/16', false],
    ['0.0.0.0/0', '192.168.1.0/24', true],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
    expect(cidrsOverlap(b, a)).toBe(expected);
  });
});

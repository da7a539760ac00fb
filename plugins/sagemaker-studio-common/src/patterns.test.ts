import { accessRoleArn, partitionOf } from './aws';
import { isSafeLandingUri, patterns } from './patterns';
import { launchRequestSchema, lobInputSchema } from './schemas';

describe('isSafeLandingUri', () => {
  it.each([
    'studio::',
    'studio::/jupyterlab/default',
    'app:JupyterLab:/lab/tree/work',
    'app:CodeEditor:/',
    'studio::/lab/my%20notebook.ipynb',
  ])('accepts %s', uri => {
    expect(isSafeLandingUri(uri)).toBe(true);
  });

  it.each([
    'studio::../..',
    'studio::%2e%2e/%2F%2Fevil.example.com',
    'studio::/%2E%2E/x',
    'studio::/a%2F%2Fb',
    'studio::/a%252e%252e',
    'studio::/a%5c..',
    'studio::/lab%3Fnext=x',
    'studio::/lab%23x',
    'studio::/lab%0d%0aSet-Cookie:x',
    'studio::/a%',
    'studio::/a%zz',
    'app:JupyterLab://evil.example.com',
    'https://evil.example.com',
  ])('refuses %s', uri => {
    expect(isSafeLandingUri(uri)).toBe(false);
  });

  it('is what the launch request schema applies', () => {
    expect(
      launchRequestSchema.safeParse({ landingUri: 'studio::%2e%2e/%2F%2Fx' })
        .success,
    ).toBe(false);
  });
});

describe('lobInputSchema', () => {
  it('allows 128 characters of display name, not more', () => {
    const lob = {
      lobId: 'x',
      accountId: '111111111111',
      region: 'us-east-1',
      domainId: 'd-abc',
    };
    expect(
      lobInputSchema.safeParse({ ...lob, displayName: 'a'.repeat(128) })
        .success,
    ).toBe(true);
    expect(
      lobInputSchema.safeParse({ ...lob, displayName: 'a'.repeat(129) })
        .success,
    ).toBe(false);
  });
});

describe('accessRoleArn', () => {
  it.each([
    ['us-east-1', 'arn:aws:iam::111111111111:role/Access'],
    ['cn-north-1', 'arn:aws-cn:iam::111111111111:role/Access'],
    ['us-gov-west-1', 'arn:aws-us-gov:iam::111111111111:role/Access'],
  ])('is in the partition of %s', (region, arn) => {
    expect(
      accessRoleArn({ accountId: '111111111111', region, roleName: 'Access' }),
    ).toBe(arn);
    expect(arn).toMatch(patterns.roleArn);
  });

  it('refuses what is not a role', () => {
    expect(() =>
      accessRoleArn({ accountId: '1', region: 'us-east-1', roleName: 'x' }),
    ).toThrow(TypeError);
  });

  it('knows the partitions', () => {
    expect(partitionOf('eu-west-1')).toBe('aws');
  });
});

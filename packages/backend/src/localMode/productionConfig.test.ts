import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';

/*
 * app-config.production.yaml must switch every local-mode part off: no
 * stand-ins, no guest sign-in, no endpoint overrides, no static keys.
 */
const repoRoot = resolve(__dirname, '../../../..');
const load = (file: string) => ({
  context: file,
  data: parse(readFileSync(resolve(repoRoot, file), 'utf8')),
});

describe('app-config.production.yaml over app-config.yaml', () => {
  const local = new ConfigReader(load('app-config.yaml').data);
  const production = ConfigReader.fromConfigs([
    load('app-config.yaml'),
    load('app-config.production.yaml'),
  ]);

  it('runs local mode by default', () => {
    expect(local.getBoolean('sagemakerStudio.local.enabled')).toBe(true);
    expect(local.getOptionalConfig('auth.providers.guest')).toBeDefined();
  });

  it('starts no stand-in and offers no guest sign-in in production', () => {
    expect(production.getBoolean('sagemakerStudio.local.enabled')).toBe(false);
    expect(
      production.getOptionalConfig('auth.providers.guest'),
    ).toBeUndefined();
    expect(
      production.getOptionalConfig('auth.providers.oidc.development'),
    ).toBeUndefined();
    expect(production.getString('auth.environment')).toBe('production');
  });

  it('uses AWS endpoints and the task role in production', () => {
    expect(
      production.getOptionalString('sagemakerStudio.mappings.endpoint'),
    ).toBeUndefined();
    expect(
      production.getOptionalString('sagemakerStudio.aws.endpoints.sts'),
    ).toBeUndefined();
    expect(
      production.getOptionalString('sagemakerStudio.aws.endpoints.sagemaker'),
    ).toBeUndefined();
    expect(
      production.getOptionalConfig('sagemakerStudio.aws.credentials'),
    ).toBeUndefined();
  });

  it('signs in through Cognito, matching users by email', () => {
    const resolvers = production.getConfigArray(
      'auth.providers.oidc.production.signIn.resolvers',
    );
    expect(
      resolvers.map(r => [r.getString('resolver'), r.getString('claim')]),
    ).toEqual([['cognitoUserToCatalogUser', 'email']]);
  });
});

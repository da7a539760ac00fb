import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigReader } from '@backstage/config';
import { parse } from 'yaml';
import { REPO_ROOT } from '../integration/localWorld';

/*
 * app-config.production.yaml must switch every local-mode part off: no
 * stand-ins, no guest sign-in, no endpoint overrides, no static keys.
 */
const load = (file: string) => ({
  context: file,
  data: parse(readFileSync(resolve(REPO_ROOT, file), 'utf8')),
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

  it('replaces every local value: no localhost origin, ExternalId and cache from the environment', () => {
    expect(production.getString('backend.cors.origin')).toBe(
      '${PORTAL_BASE_URL}',
    );
    expect(production.getString('app.baseUrl')).toBe('${PORTAL_BASE_URL}');
    expect(JSON.stringify(production.get('backend'))).not.toContain(
      'localhost',
    );
    expect(production.getString('sagemakerStudio.access.externalId')).toBe(
      '${STUDIO_EXTERNAL_ID}',
    );
    expect(production.getString('backend.cache.store')).toBe('valkey');
    expect(production.getString('backend.cache.connection')).toMatch(
      /^rediss:\/\/:\$\{CACHE_AUTH_TOKEN\}@/,
    );
    expect(production.getString('backend.database.client')).toBe('pg');
    expect(
      production.getBoolean(
        'backend.database.connection.ssl.rejectUnauthorized',
      ),
    ).toBe(true);
    expect(production.getString('backend.listen.host')).toBe('0.0.0.0');
  });

  it('signs in through Cognito, naming first-time users by the email rule', () => {
    const resolvers = production.getConfigArray(
      'auth.providers.oidc.production.signIn.resolvers',
    );
    expect(
      resolvers.map(r => [r.getString('resolver'), r.getString('claim')]),
    ).toEqual([['cognitoUserToCatalogUser', 'email']]);
  });

  it('reads the users and groups of the real pool, with the task role, named as the resolver names them', () => {
    const provider = production.getConfig(
      'catalog.providers.cognitoUserPool.portal',
    );
    // The CDK app's pool, from the task definition's variables.
    expect(provider.getString('userPoolId')).toBe('${COGNITO_USER_POOL_ID}');
    expect(provider.getString('region')).toBe('${AWS_REGION}');
    expect(provider.getOptionalString('endpoint')).toBeUndefined();
    expect(provider.getOptionalConfig('credentials')).toBeUndefined();
    expect(provider.getString('userNameFrom')).toBe('email');
    expect(production.getConfigArray('catalog.locations')).toEqual([]);
    const [resolver] = production.getConfigArray(
      'auth.providers.oidc.production.signIn.resolvers',
    );
    expect(resolver.getString('claim')).toBe(
      provider.getString('userNameFrom'),
    );
  });

  it('reads the local stand-in pool in local mode', () => {
    const provider = local.getConfig(
      'catalog.providers.cognitoUserPool.portal',
    );
    expect(provider.getString('endpoint')).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const [resolver] = local.getConfigArray(
      'auth.providers.oidc.development.signIn.resolvers',
    );
    expect(resolver.getString('claim')).toBe(
      provider.getString('userNameFrom'),
    );
  });
});

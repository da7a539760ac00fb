import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import cognitoCatalogModule from '@studio-portal/plugin-catalog-backend-module-cognito';
import request from 'supertest';
import { freePort } from '../__testUtils__/freePort';
import { DEMO_SEED_FILE } from '../integration/localWorld';
import { localCognitoServiceFactory } from './localCognito';
import { localCognitoCatalogModule } from './signInModule';

jest.setTimeout(90_000);

const CATALOG_KEY = {
  accessKeyId: 'AKIALOCALCATALOGTEST',
  secretAccessKey: 'local-catalog-test-secret',
};

function config(cognitoPort: number, enabled = true) {
  return {
    catalog: {
      providers: {
        cognitoUserPool: {
          portal: {
            userPoolId: 'us-east-1_StudioLocal1',
            region: 'us-east-1',
            endpoint: `http://127.0.0.1:${cognitoPort}`,
            credentials: CATALOG_KEY,
            schedule: { frequency: { minutes: 30 }, timeout: { minutes: 1 } },
          },
        },
      },
    },
    sagemakerStudio: {
      local: {
        enabled,
        cognitoPort,
        seedFile: DEMO_SEED_FILE,
      },
    },
  };
}

async function entity(server: any, ref: string) {
  const res = await request(server)
    .get(`/api/catalog/entities/by-name/${ref}`)
    .set('Authorization', mockCredentials.user.header());
  return res.status === 200 ? res.body : undefined;
}

describe('local mode Cognito', () => {
  it('serves the demo users of seed/demo.yaml, which the provider brings into the catalog', async () => {
    const cognitoPort = await freePort();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        cognitoCatalogModule,
        localCognitoServiceFactory,
        localCognitoCatalogModule,
        mockServices.rootConfig.factory({ data: config(cognitoPort) }),
      ],
    });
    try {
      const deadline = Date.now() + 60_000;
      let admin = await entity(backend.server, 'user/default/studio-admin');
      while (!admin && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 250));
        admin = await entity(backend.server, 'user/default/studio-admin');
      }
      expect(admin?.spec).toEqual({
        profile: { email: 'studio-admin@example.com' },
        memberOf: ['studio-admins'],
      });
      expect(
        await entity(backend.server, 'user/default/user-lob-a'),
      ).toBeDefined();
      expect(
        await entity(backend.server, 'group/default/studio-admins'),
      ).toBeDefined();

      // The catalog's key may read the pool, and nothing more.
      const client = new CognitoIdentityProviderClient({
        endpoint: `http://127.0.0.1:${cognitoPort}`,
        region: 'us-east-1',
        credentials: CATALOG_KEY,
        maxAttempts: 1,
      });
      await expect(
        client.send(
          new AdminCreateUserCommand({
            UserPoolId: 'us-east-1_StudioLocal1',
            Username: 'intruder',
          }),
        ),
      ).rejects.toMatchObject({ name: 'AccessDeniedException' });
      client.destroy();
    } finally {
      await backend.stop();
    }
    // Stopped with the backend.
    await expect(fetch(`http://127.0.0.1:${cognitoPort}/`)).rejects.toThrow();
  });

  it('starts nothing unless local mode is enabled', async () => {
    const cognitoPort = await freePort();
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        localCognitoServiceFactory,
        localCognitoCatalogModule,
        mockServices.rootConfig.factory({ data: config(cognitoPort, false) }),
      ],
    });
    await expect(fetch(`http://127.0.0.1:${cognitoPort}/`)).rejects.toThrow();
    await backend.stop();
  });
});

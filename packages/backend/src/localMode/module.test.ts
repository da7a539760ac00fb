import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import sagemakerStudioPlugin from '@studio-portal/plugin-sagemaker-studio-backend';
import request from 'supertest';
import { freePort } from '../__testUtils__/freePort';
import { DEMO_SEED_FILE, LOCAL_STUDIO_FILE } from '../integration/localWorld';
import { localAwsModule } from './module';

jest.setTimeout(90_000);

async function isListening(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/`);
    return true;
  } catch {
    return false;
  }
}

function configFor(enabled: boolean, dynamoDbPort: number, awsPort: number) {
  return {
    sagemakerStudio: {
      mappings: {
        region: 'us-east-1',
        endpoint: `http://127.0.0.1:${dynamoDbPort}`,
      },
      access: { externalId: 'module-test-external-id' },
      aws: {
        endpoints: {
          sts: `http://127.0.0.1:${awsPort}`,
          sagemaker: `http://127.0.0.1:${awsPort}`,
        },
        credentials: {
          accessKeyId: 'AKIAMODULETEST000001',
          secretAccessKey: 'module-test-secret',
        },
      },
      local: {
        enabled,
        dynamoDbPort,
        awsPort,
        seedFile: DEMO_SEED_FILE,
        studioFile: LOCAL_STUDIO_FILE,
      },
    },
  };
}

/** The plugin with local mode's module, enabled or not, on these ports. */
function startBackend(enabled: boolean, dynamoDbPort: number, awsPort: number) {
  return startTestBackend({
    features: [
      sagemakerStudioPlugin,
      localAwsModule,
      mockServices.rootConfig.factory({
        data: configFor(enabled, dynamoDbPort, awsPort),
      }),
    ],
  });
}

describe('localAwsModule', () => {
  it('starts the stand-ins before the plugin and stops them with the backend', async () => {
    const [dynamoDbPort, awsPort] = [await freePort(), await freePort()];
    const backend = await startBackend(true, dynamoDbPort, awsPort);
    const res = await request(backend.server)
      .post('/api/sagemaker-studio/launch')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/user-lob-b'),
      )
      .send({});
    expect(res.status).toBe(200);
    expect(res.body.url).toContain(
      `127.0.0.1:${awsPort}/studio/d-lobb00000001/`,
    );

    await backend.stop();
    expect(await isListening(awsPort)).toBe(false);
    expect(await isListening(dynamoDbPort)).toBe(false);
  });

  it('starts nothing unless local mode is enabled', async () => {
    const [dynamoDbPort, awsPort] = [await freePort(), await freePort()];
    const backend = await startBackend(false, dynamoDbPort, awsPort);
    expect(await isListening(awsPort)).toBe(false);
    expect(await isListening(dynamoDbPort)).toBe(false);
    await backend.stop();
  });
});

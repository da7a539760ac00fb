import { resolve } from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import sagemakerStudioPlugin from '@studio-portal/plugin-sagemaker-studio-backend';
import request from 'supertest';
import { freePort } from '../__testUtils__/freePort';
import { localAwsModule } from './module';

jest.setTimeout(90_000);

const repoRoot = resolve(__dirname, '../../../..');

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
        seedFile: resolve(repoRoot, 'seed/demo.yaml'),
        studioFile: resolve(repoRoot, 'seed/local-studio.yaml'),
      },
    },
  };
}

describe('localAwsModule', () => {
  it('starts the stand-ins before the plugin and stops them with the backend', async () => {
    const [dynamoDbPort, awsPort] = [await freePort(), await freePort()];
    const backend = await startTestBackend({
      features: [
        sagemakerStudioPlugin,
        localAwsModule,
        mockServices.rootConfig.factory({
          data: configFor(true, dynamoDbPort, awsPort),
        }),
      ],
    });
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
    const backend = await startTestBackend({
      features: [
        sagemakerStudioPlugin,
        localAwsModule,
        mockServices.rootConfig.factory({
          data: configFor(false, dynamoDbPort, awsPort),
        }),
      ],
    });
    expect(await isListening(awsPort)).toBe(false);
    expect(await isListening(dynamoDbPort)).toBe(false);
    await backend.stop();
  });
});

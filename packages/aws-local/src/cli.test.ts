import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import sagemakerStudioPlugin from '@studio-portal/plugin-sagemaker-studio-backend';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { appConfigFor, parseCliArgs, startFromCli } from './cli';
import type { LocalEnvironment } from './localEnvironment';

jest.setTimeout(90_000);

// Test-only: the seed files of the repository this test runs in.
// eslint-disable-next-line no-restricted-syntax
const repoRoot = resolve(__dirname, '../../..');

describe('parseCliArgs', () => {
  const parse = (argv: string[]) => parseCliArgs(argv, '/typed/here', repoRoot);

  it("defaults to the repo's own files, local mode's ports and ExternalId", () => {
    expect(parse([])).toEqual({
      studioFile: resolve(repoRoot, 'seed/local-studio.yaml'),
      seedFiles: [resolve(repoRoot, 'seed/demo.yaml')],
      dynamoDbPort: 7100,
      port: 7101,
      externalId: 'local-external-id',
      roleName: undefined,
      lobsTable: undefined,
      membershipsTable: undefined,
      configOut: undefined,
      stsLatencyMs: undefined,
      sageMakerLatencyMs: undefined,
    });
  });

  it('resolves relative paths from where the command was typed, in order', () => {
    expect(
      parse([
        '--studio',
        'studio.yaml',
        '--seed',
        'a.yaml',
        '--seed',
        '/abs/b.yaml',
        '--config-out',
        '../out.yaml',
        '--port',
        '0',
        '--dynamodb-port',
        '4566',
      ]),
    ).toMatchObject({
      studioFile: '/typed/here/studio.yaml',
      seedFiles: ['/typed/here/a.yaml', '/abs/b.yaml'],
      configOut: '/typed/out.yaml',
      port: 0,
      dynamoDbPort: 4566,
    });
  });

  it('answers --help', () => {
    expect(parse(['--help'])).toBe('help');
  });

  it.each([
    [['--port', 'abc'], /--port must be an integer/],
    [['--port', '70000'], /--port must be an integer/],
    [['--dynamodb-port=-1'], /--dynamodb-port must be an integer/],
    [['--host', '0.0.0.0'], /Unknown option '--host'/],
    [['--seed'], /argument missing/],
    [['demo.yaml'], /Unexpected argument 'demo.yaml'/],
    [['--external-id', 'a b'], /--external-id must be/],
  ])('rejects %j', (argv, message) => {
    expect(() => parse(argv)).toThrow(message);
  });
});

describe('appConfigFor', () => {
  const endpoints = {
    dynamoDb: 'http://127.0.0.1:7100',
    aws: 'http://127.0.0.1:7101',
  };

  it("names only what differs from the plugin's defaults", () => {
    expect(appConfigFor({ externalId: 'x-id' }, endpoints)).toEqual({
      sagemakerStudio: {
        mappings: { region: 'us-east-1', endpoint: 'http://127.0.0.1:7100' },
        access: { externalId: 'x-id' },
        aws: {
          endpoints: {
            sts: 'http://127.0.0.1:7101',
            sagemaker: 'http://127.0.0.1:7101',
          },
          credentials: {
            accessKeyId: 'AKIALOCALPORTAL00001',
            secretAccessKey: 'local-portal-secret-key',
          },
        },
      },
    });
  });

  it('passes on other table and role names', () => {
    const { sagemakerStudio } = appConfigFor(
      {
        externalId: 'x-id',
        roleName: 'OtherRole',
        lobsTable: 'l',
        membershipsTable: 'm',
      },
      endpoints,
    );
    expect(sagemakerStudio.mappings).toMatchObject({
      lobsTable: 'l',
      membershipsTable: 'm',
    });
    expect(sagemakerStudio.access).toEqual({
      externalId: 'x-id',
      roleName: 'OtherRole',
    });
  });
});

describe('startFromCli', () => {
  let environment: LocalEnvironment | undefined;
  afterEach(async () => {
    await environment?.stop();
    environment = undefined;
  });

  it('loads the seeds into new tables, and a backend given the printed config opens Studio for the guest user', async () => {
    const options = parseCliArgs(
      [
        '--seed',
        'seed/demo.yaml',
        '--seed',
        'seed/guest.yaml',
        '--port',
        '0',
        '--dynamodb-port',
        '0',
        '--lobs-table',
        'cli-lobs',
      ],
      repoRoot,
      repoRoot,
    );
    if (options === 'help') throw new Error('unexpected');
    const started = await startFromCli(options, () => {});
    environment = started.environment;

    const appConfig = parseYaml(started.appConfig);
    expect(appConfig.sagemakerStudio.mappings.endpoint).toBe(
      environment.dynamoDb.endpoint,
    );
    expect(appConfig.sagemakerStudio.aws.endpoints.sts).toBe(
      environment.aws.endpoint,
    );

    const dynamo = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        endpoint: environment.dynamoDb.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      }),
    );
    const lob = await dynamo.send(
      new GetCommand({ TableName: 'cli-lobs', Key: { lobId: 'lob-b' } }),
    );
    expect(lob.Item).toMatchObject({ domainId: 'd-lobb00000001' });
    const membership = await dynamo.send(
      new GetCommand({
        TableName: 'studio-portal-memberships',
        Key: { userRef: 'user:development/guest', lobId: 'lob-a' },
      }),
    );
    expect(membership.Item).toMatchObject({ userProfileName: 'guest' });
    dynamo.destroy();

    const backend = await startTestBackend({
      features: [
        sagemakerStudioPlugin,
        mockServices.rootConfig.factory({ data: appConfig }),
      ],
    });
    try {
      const res = await request(backend.server)
        .get('/api/sagemaker-studio/launch')
        .set(
          'Authorization',
          mockCredentials.user.header('user:development/guest'),
        );
      expect(res.status).toBe(302);
      const url = res.headers.location;
      expect(url).toContain(
        `${environment.aws.endpoint}/studio/d-loba00000001/`,
      );
      const opened = await fetch(url, { redirect: 'manual' });
      expect(opened.status).toBe(302);
      const again = await fetch(url, { redirect: 'manual' });
      expect(again.status).toBe(403);
    } finally {
      await backend.stop();
    }
  });

  it('refuses a studio file that does not match the format, naming it', async () => {
    const options = parseCliArgs(
      ['--studio', 'seed/guest.yaml', '--port', '0', '--dynamodb-port', '0'],
      repoRoot,
      repoRoot,
    );
    if (options === 'help') throw new Error('unexpected');
    await expect(startFromCli(options, () => {})).rejects.toThrow(
      /Invalid .*seed\/guest.yaml/,
    );
  });
});

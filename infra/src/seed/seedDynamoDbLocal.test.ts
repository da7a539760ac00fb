import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '@studio-portal/aws-local';
import { resolve } from 'node:path';
import { parseSeedArgs, runSeed, SeedOptions } from './cli';

jest.setTimeout(120_000);

const DEMO = resolve(__dirname, '../../../seed/demo.yaml');

let dynamo: DynamoDbLocal;
let client: DynamoDBDocumentClient;
beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
});
afterAll(async () => {
  client?.destroy();
  await dynamo?.stop();
});

function options(): SeedOptions {
  const parsed = parseSeedArgs(
    ['--file', DEMO, '--endpoint', dynamo.endpoint, '--create-tables'],
    {},
    '/',
  );
  if (parsed === 'help') throw new Error('unexpected');
  return parsed;
}

it('creates the tables and fills them through the SDK, idempotently (`seed --endpoint`)', async () => {
  const lines: string[] = [];
  await runSeed(options(), line => lines.push(line), {});
  await runSeed(options(), line => lines.push(line), {});
  expect(lines).toEqual([
    'created tables: studio-portal-lobs, studio-portal-memberships',
    'LOBs: 2 created, 0 kept; memberships: 5 created, 0 kept',
    'Cognito users skipped (no --user-pool-id)',
    'LOBs: 0 created, 2 kept; memberships: 0 created, 5 kept',
    'Cognito users skipped (no --user-pool-id)',
  ]);

  const lobs = await client.send(
    new ScanCommand({ TableName: 'studio-portal-lobs' }),
  );
  expect(lobs.Count).toBe(2);
  expect(lobs.Items).toContainEqual(
    expect.objectContaining({
      lobId: 'lob-b',
      domainId: 'd-lobb00000001',
      version: 1,
      updatedBy: 'seed',
    }),
  );

  // The backend lists a LOB's members through the byLob index.
  const members = await client.send(
    new QueryCommand({
      TableName: 'studio-portal-memberships',
      IndexName: 'byLob',
      KeyConditionExpression: 'lobId = :lobId',
      ExpressionAttributeValues: { ':lobId': 'lob-b' },
    }),
  );
  expect(members.Items!.map(item => item.userRef).sort()).toEqual([
    'user:default/user-lob-ab',
    'user:default/user-lob-b',
    'user:default/user-no-profile',
  ]);
});

it('reports a missing table instead of writing elsewhere', async () => {
  const parsed = {
    ...options(),
    createTables: false,
    lobsTable: 'no-such-table',
  };
  await expect(runSeed(parsed, () => {}, {})).rejects.toThrow(
    /non-existent table|not found/i,
  );
});

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
import { createTablesIfMissing } from './createTables';
import { parseSeedFile } from './seedFile';
import { seedTables } from './seedTables';

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

describe('seedTables, as the admin API writes', () => {
  const TABLES = {
    lobsTable: 'seed-lobs',
    membershipsTable: 'seed-memberships',
  };
  const lob = {
    lobId: 'x',
    displayName: 'X',
    accountId: '111111111111',
    region: 'us-east-1',
    domainId: 'd-x1',
  };
  const file = (users: any[]) => parseSeedFile({ lobs: [lob], users });

  beforeAll(async () => {
    await createTablesIfMissing(
      new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: 'us-east-1',
        credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
      }),
      TABLES,
    );
  });

  it('stores refs lowercased with their LOB incarnation and profile claim, and keeps what exists', async () => {
    const seed = file([
      {
        userRef: 'user:default/Jane.Doe',
        email: 'j@example.com',
        memberships: [{ lobId: 'x', userProfileName: 'jane' }],
      },
    ]);
    expect(await seedTables(client, TABLES, seed)).toEqual({
      created: { lobs: 1, memberships: 1 },
      kept: { lobs: 0, memberships: 0 },
    });
    expect(await seedTables(client, TABLES, seed)).toEqual({
      created: { lobs: 0, memberships: 0 },
      kept: { lobs: 1, memberships: 1 },
    });
    const items = (
      await client.send(new ScanCommand({ TableName: TABLES.membershipsTable }))
    ).Items!;
    const row = items.find(i => i.userRef === 'user:default/jane.doe')!;
    const claim = items.find(i => i.userRef === 'claim:x/jane')!;
    const lobItem = (
      await client.send(new ScanCommand({ TableName: TABLES.lobsTable }))
    ).Items![0];
    expect(row).toMatchObject({
      lobId: 'x',
      userProfileName: 'jane',
      version: 1,
      updatedBy: 'seed',
      incarnation: lobItem.incarnation,
    });
    expect(claim).toMatchObject({
      claimedBy: 'user:default/jane.doe',
      incarnation: lobItem.incarnation,
    });
  });

  it('stops, naming the holder, when the profile belongs to another user in the tables', async () => {
    const seed = file([
      {
        userRef: 'user:default/mallory',
        email: 'm@example.com',
        memberships: [{ lobId: 'x', userProfileName: 'JANE' }],
      },
    ]);
    await expect(seedTables(client, TABLES, seed)).rejects.toThrow(
      /'JANE' of line of business 'x' is already used by user:default\/jane\.doe/,
    );
    const items = (
      await client.send(new ScanCommand({ TableName: TABLES.membershipsTable }))
    ).Items!;
    expect(items.some(i => i.userRef === 'user:default/mallory')).toBe(false);
  });
});

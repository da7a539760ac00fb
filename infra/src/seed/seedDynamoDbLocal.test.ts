import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  startDynamoDbLocalWithClients,
  type DynamoDbLocal,
  type DynamoDbLocalWithClients,
} from '@studio-portal/aws-local';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthExampleApp } from '../__testUtils__/exampleApp';
import { parseSeedArgs, runSeed, SeedOptions } from './cli';
import { createTablesIfMissing } from './createTables';
import { parseSeedFile, readSeedFile } from './seedFile';
import { seedTables } from './seedTables';

jest.setTimeout(120_000);

const DEMO = resolve(__dirname, '../../../seed/demo.yaml');
const EXAMPLE = resolve(__dirname, '../../examples/seed.yaml');

let local: DynamoDbLocalWithClients;
let dynamo: DynamoDbLocal;
let client: DynamoDBDocumentClient;
beforeAll(async () => {
  local = await startDynamoDbLocalWithClients();
  ({ dynamoDb: dynamo, documents: client } = local);
});
afterAll(() => local?.stop());

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
    await createTablesIfMissing(local.client, TABLES);
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

describe('seeding from `cdk deploy --outputs-file`', () => {
  let dir: string;
  let outputsFile: string;

  /** The outputs file of the synthesized example, with deploy-time values made up as CloudFormation would fill them. */
  beforeAll(() => {
    const example = synthExampleApp();
    const stacks = [
      example.stacks.network,
      example.stacks.access,
      ...example.stacks.lobs,
    ];
    const templates = [example.network, example.access, ...example.lobs];
    const deployTime = (stack: string, id: string, value: unknown) =>
      typeof value === 'string'
        ? value
        : `${id}-of-${stack}`
            .replace(/^DomainId-of-StudioPortal-Lob-(.*)$/, 'd-$1deployed')
            .replace(/[^a-z0-9-]/gi, '');
    const outputs = Object.fromEntries(
      templates.map((template, i) => [
        stacks[i].stackName,
        Object.fromEntries(
          Object.entries(
            template.toJSON().Outputs as Record<string, { Value: unknown }>,
          )
            .filter(([id]) => !id.startsWith('Exports'))
            .map(([id, output]) => [
              id,
              deployTime(stacks[i].stackName, id, output.Value),
            ]),
        ),
      ]),
    );
    dir = mkdtempSync(join(tmpdir(), 'seed-outputs-'));
    outputsFile = join(dir, 'cdk-outputs.json');
    writeFileSync(outputsFile, JSON.stringify(outputs));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const parse = (argv: string[]) => {
    const parsed = parseSeedArgs(argv, {}, '/repo');
    if (parsed === 'help') throw new Error('unexpected help');
    return parsed;
  };

  it('takes every LOB row, the table names, the region and the user pool from the outputs', () => {
    const seedOptions = parse([
      '--cdk-outputs',
      outputsFile,
      '--file',
      EXAMPLE,
    ]);
    expect(seedOptions.deployedLobs).toEqual([
      {
        lobId: 'lob-a',
        displayName: 'Line of business A',
        accountId: '111111111111',
        region: 'us-east-1',
        domainId: 'd-lob-adeployed',
        roleName: 'SageMakerStudioPortalAccess',
      },
      {
        lobId: 'lob-b',
        displayName: 'Line of business B',
        accountId: '222222222222',
        region: 'us-east-1',
        domainId: 'd-lob-bdeployed',
        roleName: 'SageMakerStudioPortalAccess',
      },
      {
        lobId: 'lob-c',
        displayName: 'Line of business C',
        accountId: '333333333333',
        region: 'us-east-1',
        domainId: 'd-lob-cdeployed',
        roleName: 'StudioPortalAccessLobC',
      },
    ]);
    expect(seedOptions).toMatchObject({
      region: 'us-east-1',
      // The deployed names, not the defaults.
      lobsTable: 'LobsTableName-of-StudioPortal-SharedAccess',
      membershipsTable: 'MembershipsTableName-of-StudioPortal-SharedAccess',
      userPoolId: 'UserPoolId-of-StudioPortal-SharedAccess',
    });
  });

  it('refuses a LOB that is both deployed and in the file', () => {
    const file = join(dir, 'both.yaml');
    writeFileSync(
      file,
      'lobs:\n  - { lobId: lob-a, displayName: A, accountId: "111111111111", region: us-east-1, domainId: d-abc }\n',
    );
    const seedOptions = parse(['--cdk-outputs', outputsFile, '--file', file]);
    expect(() =>
      readSeedFile(seedOptions.file, seedOptions.deployedLobs),
    ).toThrow('duplicate lobId lob-a');
  });

  it('lets memberships name deployed LOBs, and seeds them into the deployed tables', async () => {
    const file = join(dir, 'users.yaml');
    writeFileSync(
      file,
      'users:\n  - userRef: user:default/jane\n    email: jane@example.com\n    memberships: [{ lobId: lob-c }]\n',
    );
    const seedOptions = parse([
      '--cdk-outputs',
      outputsFile,
      '--file',
      file,
      '--endpoint',
      dynamo.endpoint,
    ]);
    // The tables the outputs name (the CDK app creates them in AWS).
    const tables = {
      lobsTable: seedOptions.lobsTable,
      membershipsTable: seedOptions.membershipsTable,
    };
    await createTablesIfMissing(client, tables);

    const seed = readSeedFile(seedOptions.file, seedOptions.deployedLobs);
    expect(await seedTables(client, tables, seed)).toEqual({
      created: { lobs: 3, memberships: 1 },
      kept: { lobs: 0, memberships: 0 },
    });
    const lobC = await client.send(
      new GetCommand({ TableName: tables.lobsTable, Key: { lobId: 'lob-c' } }),
    );
    expect(lobC.Item).toMatchObject({
      domainId: 'd-lob-cdeployed',
      roleName: 'StudioPortalAccessLobC',
      version: 1,
      updatedBy: 'seed',
    });
    const jane = await client.send(
      new QueryCommand({
        TableName: tables.membershipsTable,
        IndexName: 'byLob',
        KeyConditionExpression: 'lobId = :lobId',
        ExpressionAttributeValues: { ':lobId': 'lob-c' },
      }),
    );
    expect(jane.Items!.map(item => item.userRef)).toEqual([
      'user:default/jane',
    ]);
  });

  it.each([
    ['not an object', '[]', 'expected the JSON object'],
    [
      'no portal stack',
      '{"Other": {"A": "b"}}',
      'no stack of the Studio portal',
    ],
  ])('refuses outputs that are %s', (_name, text, message) => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, text);
    expect(() => parseSeedArgs(['--cdk-outputs', file], {}, '/repo')).toThrow(
      message,
    );
  });
});

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { ImportAppliedRow } from '@studio-portal/plugin-sagemaker-studio-common';
import {
  LOB_A,
  snapshot,
  startLocalAws,
  TABLES,
  type LocalAws,
} from '../__testUtils__/localAws';
import {
  DynamoCalls,
  MappingEditor,
} from '@studio-portal/plugin-sagemaker-studio-node';
import { ImportFailedError } from '../errors';
import { ImportPlanner } from './importPlan';
import { escapeCell, MappingTransfer, unescapeCell } from './MappingTransfer';

/*
 * Imports against DynamoDB Local: one transaction, so an edit made by
 * someone else while the import runs leaves nothing half written; a large
 * import says exactly what it applied.
 */

jest.setTimeout(60_000);

let local: LocalAws;
let client: DynamoDBDocumentClient;
/** Runs once, just before the next transaction reaches DynamoDB. */
let beforeNextTransaction: (() => Promise<void>) | undefined;

beforeAll(async () => {
  local = await startLocalAws();
  const plain = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: local.dynamoDb.endpoint,
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  client = Object.assign(Object.create(plain), {
    send: async (command: any, options?: any) => {
      if (command instanceof TransactWriteCommand && beforeNextTransaction) {
        const hook = beforeNextTransaction;
        beforeNextTransaction = undefined;
        await hook();
      }
      return plain.send(command, options);
    },
  });
});

afterAll(async () => {
  await local?.stop();
});

function transfer() {
  const editor = new MappingEditor(client, TABLES);
  return {
    editor,
    transfer: new MappingTransfer(
      editor,
      new ImportPlanner(editor, new DynamoCalls(client), TABLES),
      async () => {},
    ),
  };
}

const lobs = (n: number, prefix: string) =>
  Array.from({ length: n }, (_, i) => ({
    ...LOB_A,
    lobId: `${prefix}-${i}`,
    displayName: `${prefix} ${i}`,
    // One domain, one LOB.
    domainId: `d-${prefix.replace(/[^a-z0-9]/g, '')}${i}`,
  }));

describe('import', () => {
  it('is all or nothing: a conflicting edit while it runs leaves no row of it written', async () => {
    const { editor, transfer: t } = transfer();
    await editor.createLob({ ...LOB_A, lobId: 'imp-a' }, 'admin');
    await editor.putMembership(
      'imp-a',
      'user:default/jane',
      { userProfileName: 'jane' },
      'admin',
    );
    const before = await snapshot(local);
    beforeNextTransaction = async () => {
      // Another admin changes Jane's membership after the import read it.
      await local.direct.send(
        new UpdateCommand({
          TableName: TABLES.membershipsTable,
          Key: { userRef: 'user:default/jane', lobId: 'imp-a' },
          UpdateExpression: 'SET version = :v, updatedBy = :by',
          ExpressionAttributeValues: {
            ':v': 2,
            ':by': 'user:default/other-admin',
          },
        }),
      );
    };
    const batches: ImportAppliedRow[][] = [];
    const error = await t
      .apply(
        {
          lobs: lobs(5, 'imp-new'),
          memberships: [
            { userRef: 'user:default/ann', lobId: 'imp-new-0' },
            {
              userRef: 'user:default/jane',
              lobId: 'imp-a',
              userProfileName: 'jane-2',
            },
          ],
        },
        'admin',
        async rows => {
          batches.push(rows);
        },
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(ImportFailedError);
    expect(error.message).toContain('nothing was written');
    expect(batches).toEqual([]);
    const after = JSON.parse(await snapshot(local));
    const expected = JSON.parse(before);
    // Only the other admin's edit changed anything.
    expect(after[0]).toEqual(expected[0]);
    expect(
      after[1].filter((i: string) => !i.includes('"user:default/jane"')),
    ).toEqual(
      expected[1].filter((i: string) => !i.includes('"user:default/jane"')),
    );
  });

  it('applies up to 100 writes in one transaction', async () => {
    const { transfer: t } = transfer();
    // A new LOB is two writes: the LOB and the lock of its domain.
    const result = await t.apply(
      { lobs: lobs(50, 'one'), memberships: [] },
      'admin',
      async () => {},
    );
    expect(result).toMatchObject({ lobs: { created: 50 }, transactions: 1 });
  });

  it('applies a larger import in transactions of 100, audited each, and says what was applied when one fails', async () => {
    const { transfer: t } = transfer();
    const batches: ImportAppliedRow[][] = [];
    let transactions = 0;
    beforeNextTransaction = async () => {
      transactions++;
      // The second transaction will find one of its LOBs created by someone else.
      beforeNextTransaction = async () => {
        await local.direct.send(
          new UpdateCommand({
            TableName: TABLES.lobsTable,
            Key: { lobId: 'big-75' },
            UpdateExpression: 'SET version = :v',
            ExpressionAttributeValues: { ':v': 1 },
          }),
        );
      };
    };
    const error = await t
      .apply(
        { lobs: lobs(250, 'big'), memberships: [] },
        'admin',
        async rows => {
          batches.push(rows);
        },
      )
      .catch(e => e);
    expect(transactions).toBe(1);
    expect(error).toBeInstanceOf(ImportFailedError);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(50); // 50 LOBs and their 50 domain locks
    expect(error.applied).toEqual(batches[0]);
    expect(error.applied[0]).toEqual({
      kind: 'lob',
      lobId: 'big-0',
      change: 'created',
    });
  });
});

describe('CSV cells', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', "'=x", "'plain"])(
    'escapes %j and reads it back',
    value => {
      expect(escapeCell(value).startsWith("'")).toBe(true);
      expect(unescapeCell(escapeCell(value))).toBe(value);
    },
  );

  it('leaves other cells alone', () => {
    expect(escapeCell('Line of business A')).toBe('Line of business A');
  });
});

import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  startDynamoDbLocalWithClients,
  type DynamoDbLocal,
  type DynamoDbLocalWithClients,
} from '@studio-portal/aws-local';
import { MappingEditor } from './MappingEditor';
import {
  DomainTakenError,
  ProfileClaimedError,
  StaleWriteError,
} from './mappingErrors';
import {
  DynamoMappingStore,
  mappingTableDefinitions,
  type MappingTables,
} from './MappingStore';

/*
 * The admin writes against DynamoDB Local: the conditions and transactions
 * that keep the mappings consistent are DynamoDB's, so they are tested on
 * it, not on a fake.
 */

jest.setTimeout(60_000);

let local: DynamoDbLocalWithClients;
let dynamoDb: DynamoDbLocal;
let raw: DynamoDBClient;
let documents: DynamoDBDocumentClient;
/** Every Scan and Query without a Limit reads this many rows per page. */
let pageSize: number | undefined;
let tableCount = 0;

beforeAll(async () => {
  local = await startDynamoDbLocalWithClients({
    // A fault is seen once, not retried away.
    client: { maxAttempts: 1 },
    documents: { marshallOptions: { removeUndefinedValues: true } },
  });
  ({ dynamoDb, client: raw } = local);
  const plain = local.documents;
  // Small pages make the reads that take every page read more than one.
  documents = Object.assign(Object.create(plain), {
    send: (command: any, options?: any) => {
      if (
        pageSize &&
        (command instanceof ScanCommand || command instanceof QueryCommand)
      ) {
        command.input.Limit ??= pageSize;
      }
      return plain.send(command, options);
    },
  });
});

afterEach(() => {
  pageSize = undefined;
  dynamoDb.clearFaults();
});

afterAll(() => local?.stop());

/** Fresh, empty tables for each test. */
async function newTables(): Promise<MappingTables> {
  tableCount++;
  const tables = {
    lobsTable: `lobs-${tableCount}`,
    membershipsTable: `memberships-${tableCount}`,
  };
  for (const table of mappingTableDefinitions(tables))
    await raw.send(new CreateTableCommand(table));
  return tables;
}

async function newEditor(
  options: ConstructorParameters<typeof MappingEditor>[2] = {},
) {
  const tables = await newTables();
  return { tables, editor: new MappingEditor(documents, tables, options) };
}

const LOB_A = {
  lobId: 'lob-a',
  displayName: 'LOB A',
  accountId: '111111111111',
  region: 'us-east-1',
  domainId: 'd-loba00000001',
};
const LOB_B = {
  lobId: 'lob-b',
  displayName: 'LOB B',
  accountId: '222222222222',
  region: 'eu-west-1',
  domainId: 'd-lobb00000001',
};

/** A LOB's fields as an update sends them (the id is the key, not a field). */
function fieldsOf({ lobId: _, ...fields }: typeof LOB_A) {
  return fields;
}

async function caught(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('MappingEditor against DynamoDB Local', () => {
  it('creates a LOB once: a taken id is a 409 that carries the stored LOB', async () => {
    const { editor } = await newEditor({ now: () => new Date(0) });
    const created = await editor.createLob(LOB_A, 'user:default/admin');
    expect(created).toEqual({
      ...LOB_A,
      version: 1,
      updatedAt: new Date(0).toISOString(),
      updatedBy: 'user:default/admin',
    });
    expect(await editor.getLob('lob-a')).toMatchObject({
      ...LOB_A,
      version: 1,
      incarnation: expect.any(String),
    });

    const error = await caught(
      editor.createLob(
        { ...LOB_A, displayName: 'Other', domainId: 'd-other0000001' },
        'user:default/other',
      ),
    );
    expect(error).toBeInstanceOf(StaleWriteError);
    expect(error.message).toBe("Line of business 'lob-a' already exists.");
    expect(error.current).toEqual(created);
    expect((await editor.getLob('lob-a'))?.displayName).toBe('LOB A');
  });

  it('refuses a second LOB on a mapped domain', async () => {
    const { editor } = await newEditor();
    await editor.createLob(LOB_A, 'admin');
    const error = await caught(
      editor.createLob({ ...LOB_A, lobId: 'lob-copy' }, 'admin'),
    );
    expect(error).toBeInstanceOf(DomainTakenError);
    expect(error.ownerLobId).toBe('lob-a');
    expect(await editor.getLob('lob-copy')).toBeUndefined();
  });

  it('updates a LOB at the version read, and refuses a stale version with the current LOB', async () => {
    const { editor } = await newEditor();
    await editor.createLob(LOB_A, 'admin');
    const { before, after } = await editor.updateLob(
      'lob-a',
      { ...fieldsOf(LOB_A), displayName: 'Renamed', version: 1 },
      'user:default/first',
    );
    expect(before).toMatchObject({ displayName: 'LOB A', version: 1 });
    expect(after).toMatchObject({ displayName: 'Renamed', version: 2 });

    const error = await caught(
      editor.updateLob(
        'lob-a',
        { ...fieldsOf(LOB_A), displayName: 'Lost update', version: 1 },
        'user:default/second',
      ),
    );
    expect(error).toBeInstanceOf(StaleWriteError);
    expect(error.message).toContain('was changed by user:default/first');
    expect(error.current).toMatchObject({ displayName: 'Renamed', version: 2 });
    expect((await editor.getLob('lob-a'))?.displayName).toBe('Renamed');
  });

  it('moves a LOB to another domain with its domain lock', async () => {
    const { editor } = await newEditor();
    await editor.createLob(LOB_A, 'admin');
    await editor.createLob(LOB_B, 'admin');
    const moved = { ...LOB_A, domainId: 'd-lobanew00001' };

    // Onto lob-b's domain: refused, nothing changes.
    const taken = await caught(
      editor.updateLob(
        'lob-a',
        { ...fieldsOf(LOB_B), displayName: 'LOB A', version: 1 },
        'admin',
      ),
    );
    expect(taken).toBeInstanceOf(DomainTakenError);
    expect(taken.ownerLobId).toBe('lob-b');
    expect((await editor.getLob('lob-a'))?.domainId).toBe(LOB_A.domainId);

    const { after } = await editor.updateLob(
      'lob-a',
      { ...fieldsOf(moved), version: 1 },
      'admin',
    );
    expect(after).toMatchObject({ domainId: moved.domainId, version: 2 });
    // The old domain is free, the new one is lob-a's.
    await expect(
      editor.createLob({ ...LOB_A, lobId: 'lob-old-domain' }, 'admin'),
    ).resolves.toMatchObject({ domainId: LOB_A.domainId });
    const error = await caught(
      editor.createLob({ ...moved, lobId: 'lob-new-domain' }, 'admin'),
    );
    expect(error).toBeInstanceOf(DomainTakenError);
    expect(error.ownerLobId).toBe('lob-a');
  });

  it('gives one Studio profile to one user of a LOB', async () => {
    const { editor } = await newEditor();
    await editor.createLob(LOB_A, 'admin');
    const first = await editor.putMembership(
      'lob-a',
      'user:default/jane',
      { userProfileName: 'shared-profile' },
      'admin',
    );
    expect(first).toEqual({
      before: undefined,
      after: expect.objectContaining({
        userRef: 'user:default/jane',
        lobId: 'lob-a',
        userProfileName: 'shared-profile',
        version: 1,
      }),
      claims: ['shared-profile'],
    });

    const error = await caught(
      editor.putMembership(
        'lob-a',
        'user:default/john',
        { userProfileName: 'shared-profile' },
        'admin',
      ),
    );
    expect(error).toBeInstanceOf(ProfileClaimedError);
    expect(error).toMatchObject({
      lobId: 'lob-a',
      userProfileName: 'shared-profile',
      claimedBy: 'user:default/jane',
    });
    expect(
      (await editor.allMembersOf('lob-a')).live.map(m => m.userRef),
    ).toEqual(['user:default/jane']);

    // Once jane's membership is gone, the profile is free again.
    await editor.deleteMembership('lob-a', 'user:default/jane', 1);
    await expect(
      editor.putMembership(
        'lob-a',
        'user:default/john',
        { userProfileName: 'shared-profile' },
        'admin',
      ),
    ).resolves.toMatchObject({ claims: ['shared-profile'] });
  });

  it('refuses membership writes at a stale version, twice the same member, a group naming a profile, and a missing LOB', async () => {
    const { editor } = await newEditor();
    await editor.createLob(LOB_A, 'admin');
    await editor.putMembership('lob-a', 'user:default/jane', {}, 'admin');
    await editor.putMembership(
      'lob-a',
      'user:default/jane',
      { userProfileName: 'jane-2', version: 1 },
      'user:default/first',
    );

    const again = await caught(
      editor.putMembership('lob-a', 'user:default/jane', {}, 'admin'),
    );
    expect(again).toBeInstanceOf(StaleWriteError);
    expect(again.current).toMatchObject({ version: 2 });

    const stale = await caught(
      editor.putMembership(
        'lob-a',
        'user:default/jane',
        { userProfileName: 'jane-3', version: 1 },
        'admin',
      ),
    );
    expect(stale).toBeInstanceOf(StaleWriteError);
    expect(stale.message).toContain('was changed by user:default/first');
    const staleDelete = await caught(
      editor.deleteMembership('lob-a', 'user:default/jane', 1),
    );
    expect(staleDelete).toBeInstanceOf(StaleWriteError);

    expect(
      await caught(
        editor.putMembership(
          'lob-a',
          'group:default/team',
          { userProfileName: 'team' },
          'admin',
        ),
      ),
    ).toBeInstanceOf(InputError);
    expect(
      await caught(
        editor.putMembership('lob-missing', 'user:default/jane', {}, 'admin'),
      ),
    ).toBeInstanceOf(NotFoundError);
    expect((await editor.allMembersOf('lob-a')).live).toEqual([
      expect.objectContaining({ userProfileName: 'jane-2', version: 2 }),
    ]);
  });

  it('deletes a LOB with members only with cascade, and a LOB created again inherits none', async () => {
    const { editor } = await newEditor();
    await editor.createLob(LOB_A, 'admin');
    await editor.putMembership('lob-a', 'user:default/jane', {}, 'admin');
    await editor.putMembership('lob-a', 'group:default/team', {}, 'admin');

    const refused = await caught(editor.deleteLob('lob-a', 1, false));
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused.message).toContain('still has 2 members');
    expect(await caught(editor.deleteLob('lob-a', 7, true))).toBeInstanceOf(
      StaleWriteError,
    );

    const deleted = await editor.deleteLob('lob-a', 1, true);
    expect(deleted.removedMembers.map(m => m.userRef).sort()).toEqual([
      'group:default/team',
      'user:default/jane',
    ]);
    await editor.createLob(LOB_A, 'admin');
    expect((await editor.allMembersOf('lob-a')).live).toEqual([]);
    // jane's profile claim went with the old LOB.
    await expect(
      editor.putMembership(
        'lob-a',
        'user:default/john',
        { userProfileName: 'jane' },
        'admin',
      ),
    ).resolves.toMatchObject({ claims: ['jane'] });
  });

  it('hands a group member the claim of their profile once', async () => {
    const { editor } = await newEditor();
    const lob = await editor.createLob(LOB_A, 'admin');
    const stored = (await editor.getLob(lob.lobId))!;
    await expect(
      editor.claimForGroupMember(
        stored,
        'user:default/jane',
        'jane',
        'group:default/team',
      ),
    ).resolves.toEqual({ claimedBy: 'user:default/jane' });
    await expect(
      editor.claimForGroupMember(
        stored,
        'user:default/other',
        'jane',
        'group:default/team',
      ),
    ).resolves.toEqual({ claimedBy: 'user:default/jane' });
    expect(await editor.listClaims('lob-a')).toEqual([
      expect.objectContaining({
        userProfileName: 'jane',
        claimedBy: 'user:default/jane',
      }),
    ]);
  });

  it('pages listings by cursor without skipping or repeating, and refuses a cursor of another query', async () => {
    const { editor } = await newEditor();
    await editor.createLob(LOB_A, 'admin');
    await editor.createLob(LOB_B, 'admin');
    const users = Array.from({ length: 5 }, (_, i) => `user:default/u${i}`);
    for (const user of users) {
      await editor.putMembership('lob-a', user, {}, 'admin');
    }

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await editor.listMembers('lob-a', { cursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map(m => m.userRef));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.sort()).toEqual(users);
    expect(pages).toBeGreaterThanOrEqual(3);

    const search = await editor.listLobs({
      limit: 10,
      filter: lob => lob.displayName.endsWith(' B'),
    });
    expect(search.items.map(l => l.lobId)).toEqual(['lob-b']);

    const lobsPage = await editor.listLobs({ limit: 1 });
    expect(lobsPage.nextCursor).toBeDefined();
    const wrongQuery = await caught(
      editor.listMembers('lob-a', { cursor: lobsPage.nextCursor, limit: 2 }),
    );
    expect(wrongQuery).toBeInstanceOf(InputError);
  });

  it('reads every page where it needs them all (deletes, claims, domain checks, a user’s memberships)', async () => {
    const { tables, editor } = await newEditor();
    for (let i = 0; i < 5; i++) {
      await editor.createLob(
        {
          ...LOB_A,
          lobId: `lob-${i}`,
          domainId: `d-page0000000${i}`,
        },
        'admin',
      );
      await editor.putMembership(`lob-${i}`, 'user:default/jane', {}, 'admin');
    }
    for (let i = 0; i < 5; i++) {
      await editor.putMembership('lob-0', `user:default/u${i}`, {}, 'admin');
    }
    pageSize = 2;

    // The domain scan finds the LOB on a later page.
    const taken = await caught(
      editor.domainLocks.assertDomainFree(
        { ...LOB_A, domainId: 'd-page00000004' },
        'lob-new',
      ),
    );
    expect(taken).toBeInstanceOf(DomainTakenError);
    expect(taken.ownerLobId).toBe('lob-4');
    expect((await editor.allMembersOf('lob-0')).live).toHaveLength(6);
    expect(await editor.listClaims('lob-0')).toHaveLength(6);
    const store = new DynamoMappingStore(documents, tables);
    expect(
      (await store.listMembershipsOfUser('user:default/jane'))
        .map(m => m.lobId)
        .sort(),
    ).toEqual(['lob-0', 'lob-1', 'lob-2', 'lob-3', 'lob-4']);
    expect(
      (await editor.deleteLob('lob-0', 1, true)).removedMembers,
    ).toHaveLength(6);
  });

  it('hands failures that are not conditions to mapError, reads and writes apart', async () => {
    const failures: unknown[] = [];
    const { editor } = await newEditor({
      timeoutMs: 1234,
      mapError: (error, failure) => {
        failures.push(failure);
        return Object.assign(new Error('mapped'), { cause: error });
      },
    });
    await editor.createLob(LOB_A, 'admin');
    dynamoDb.injectFault({ kind: 'throttle' });

    const read = await caught(editor.getLob('lob-a'));
    expect(read.message).toBe('mapped');
    expect(read.cause.name).toBe('ProvisionedThroughputExceededException');
    dynamoDb.clearFaults();
    dynamoDb.injectFault({ kind: 'throttle', operation: 'TransactWriteItems' });
    const write = await caught(editor.createLob(LOB_B, 'admin'));
    expect(write.message).toBe('mapped');
    expect(failures).toEqual([
      { step: 'mappings', timeoutMs: 1234 },
      { step: 'mapping-write', timeoutMs: 1234 },
    ]);

    // Without mapError the SDK's error comes through as it is.
    const { editor: plain } = await newEditor();
    dynamoDb.clearFaults();
    dynamoDb.injectFault({ kind: 'throttle', times: 1 });
    expect((await caught(plain.getLob('lob-a'))).name).toBe(
      'ProvisionedThroughputExceededException',
    );
  });
});

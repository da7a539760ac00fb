import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  normalizeUserRef,
  type Lob,
  type LobInput,
  type LobUpdate,
  type MembershipRecord,
  type Page,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { MEMBERS_BY_LOB_INDEX, type MappingTables } from './MappingStore';

/** DynamoDB allows 100 actions in one transaction; one is the LOB itself. */
export const MAX_CASCADE_MEMBERS = 99;

/** A 409 that carries the item as it is now (or null when it is gone). */
export class StaleWriteError extends ConflictError {
  constructor(message: string, readonly current: Lob | MembershipRecord | null) {
    super(message);
  }
}

/**
 * Admin writes of the mappings. Every update and delete is conditional on
 * the version the admin read (optimistic locking: no lost updates), and a
 * membership can only be created while its LOB exists (same transaction).
 *
 * @internal
 */
export class MappingEditor {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: MappingTables,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async listLobs(page: { cursor?: string; limit: number }): Promise<Page<Lob>> {
    const result = await this.client.send(
      new ScanCommand({
        TableName: this.tables.lobsTable,
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, ['lobId']),
        ConsistentRead: true,
      }),
    );
    return toPage(result.Items as Lob[], result.LastEvaluatedKey);
  }

  async listMembers(
    lobId: string,
    page: { cursor?: string; limit: number },
  ): Promise<Page<MembershipRecord>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tables.membershipsTable,
        IndexName: MEMBERS_BY_LOB_INDEX,
        KeyConditionExpression: 'lobId = :lobId',
        ExpressionAttributeValues: { ':lobId': lobId },
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, ['lobId', 'userRef']),
      }),
    );
    return toPage(result.Items as MembershipRecord[], result.LastEvaluatedKey);
  }

  async listMembershipsOf(
    userRef: string,
    page: { cursor?: string; limit: number },
  ): Promise<Page<MembershipRecord>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tables.membershipsTable,
        KeyConditionExpression: 'userRef = :userRef',
        ExpressionAttributeValues: { ':userRef': normalizeUserRef(userRef) },
        Limit: page.limit,
        ExclusiveStartKey: decodeCursor(page.cursor, ['userRef', 'lobId']),
        ConsistentRead: true,
      }),
    );
    return toPage(result.Items as MembershipRecord[], result.LastEvaluatedKey);
  }

  async countMembers(lobId: string): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tables.membershipsTable,
          IndexName: MEMBERS_BY_LOB_INDEX,
          KeyConditionExpression: 'lobId = :lobId',
          ExpressionAttributeValues: { ':lobId': lobId },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  async createLob(input: LobInput, actor: string): Promise<Lob> {
    const lob: Lob = { ...input, ...this.stamp(1, actor) };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tables.lobsTable,
          Item: lob,
          ConditionExpression: 'attribute_not_exists(lobId)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      throw conflictOr(error, current =>
        new StaleWriteError(`Line of business '${input.lobId}' already exists.`, current),
      );
    }
    return lob;
  }

  /** Replaces a LOB's fields if its version is still `update.version`. */
  async updateLob(lobId: string, update: LobUpdate, actor: string): Promise<{ before: Lob; after: Lob }> {
    const { version, ...fields } = update;
    const after: Lob = { lobId, ...fields, ...this.stamp(version + 1, actor) };
    try {
      const { Attributes } = await this.client.send(
        new PutCommand({
          TableName: this.tables.lobsTable,
          Item: after,
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': version },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { before: Attributes as Lob, after };
    } catch (error) {
      throw conflictOr(error, current =>
        current ? staleLob(lobId, current) : new NotFoundError(`There is no line of business '${lobId}'.`),
      );
    }
  }

  /**
   * Deletes a LOB if its version is still `version`. With members it is
   * refused, unless `cascade`, which removes them in the same transaction.
   */
  async deleteLob(
    lobId: string,
    version: number,
    cascade: boolean,
  ): Promise<{ before: Lob; removedMembers: MembershipRecord[] }> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tables.lobsTable, Key: { lobId }, ConsistentRead: true }),
    );
    const current = Item as Lob | undefined;
    if (!current) throw new NotFoundError(`There is no line of business '${lobId}'.`);
    if (current.version !== version) throw staleLob(lobId, current);

    const members: MembershipRecord[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.listMembers(lobId, { cursor, limit: 100 });
      members.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && members.length <= MAX_CASCADE_MEMBERS);

    if (members.length > 0 && !cascade) {
      throw new ConflictError(
        `Line of business '${lobId}' still has ${members.length}${cursor ? '+' : ''} member${members.length === 1 ? '' : 's'}; remove them first or delete with cascade=true.`,
      );
    }
    if (members.length > MAX_CASCADE_MEMBERS) {
      throw new ConflictError(
        `Line of business '${lobId}' has more than ${MAX_CASCADE_MEMBERS} members, more than one transaction can remove; remove some members first.`,
      );
    }
    const deleteLob = {
      TableName: this.tables.lobsTable,
      Key: { lobId },
      ConditionExpression: 'version = :version',
      ExpressionAttributeValues: { ':version': version },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    try {
      if (members.length === 0) {
        await this.client.send(new DeleteCommand(deleteLob));
      } else {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              { Delete: deleteLob },
              ...members.map(m => ({
                Delete: {
                  TableName: this.tables.membershipsTable,
                  Key: { userRef: m.userRef, lobId: m.lobId },
                },
              })),
            ],
          }),
        );
      }
    } catch (error) {
      throw conflictOr(error, now =>
        now ? staleLob(lobId, now) : new NotFoundError(`There is no line of business '${lobId}'.`),
      );
    }
    return { before: current, removedMembers: members };
  }

  /**
   * Creates a membership (no `version`) while its LOB exists, or updates it
   * if its version is still `version`.
   */
  async putMembership(
    lobId: string,
    userRef: string,
    change: { userProfileName?: string; version?: number },
    actor: string,
  ): Promise<{ before?: MembershipRecord; after: MembershipRecord }> {
    const ref = normalizeUserRef(userRef);
    const version = change.version;
    const after: MembershipRecord = {
      userRef: ref,
      lobId,
      userProfileName: change.userProfileName,
      ...this.stamp((version ?? 0) + 1, actor),
    };
    if (version === undefined) {
      try {
        await this.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                ConditionCheck: {
                  TableName: this.tables.lobsTable,
                  Key: { lobId },
                  ConditionExpression: 'attribute_exists(lobId)',
                },
              },
              {
                Put: {
                  TableName: this.tables.membershipsTable,
                  Item: after,
                  ConditionExpression: 'attribute_not_exists(userRef)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
            ],
          }),
        );
        return { after };
      } catch (error) {
        const reasons = (error as TransactionCanceledException).CancellationReasons;
        if (reasons?.[0]?.Code === 'ConditionalCheckFailed') {
          throw new NotFoundError(`There is no line of business '${lobId}'.`);
        }
        if (reasons?.[1]?.Code === 'ConditionalCheckFailed') {
          const current = itemOf(reasons[1].Item) as MembershipRecord | null;
          throw new StaleWriteError(
            `${ref} is already a member of '${lobId}' (version ${current?.version}); send that version to change it.`,
            current,
          );
        }
        throw error;
      }
    }
    try {
      const { Attributes } = await this.client.send(
        new PutCommand({
          TableName: this.tables.membershipsTable,
          Item: after,
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': version },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { before: Attributes as MembershipRecord, after };
    } catch (error) {
      throw conflictOr(error, current =>
        current
          ? new StaleWriteError(
              `The membership of ${ref} in '${lobId}' was changed by ${current.updatedBy} (now version ${current.version}); reload and redo your edit.`,
              current,
            )
          : new NotFoundError(`${ref} is not a member of '${lobId}'.`),
      );
    }
  }

  async deleteMembership(lobId: string, userRef: string, version: number): Promise<MembershipRecord> {
    const ref = normalizeUserRef(userRef);
    try {
      const { Attributes } = await this.client.send(
        new DeleteCommand({
          TableName: this.tables.membershipsTable,
          Key: { userRef: ref, lobId },
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': version },
          ReturnValues: 'ALL_OLD',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return Attributes as MembershipRecord;
    } catch (error) {
      throw conflictOr(error, current =>
        current
          ? new StaleWriteError(
              `The membership of ${ref} in '${lobId}' was changed by ${current.updatedBy} (now version ${current.version}); reload and try again.`,
              current,
            )
          : new NotFoundError(`${ref} is not a member of '${lobId}'.`),
      );
    }
  }

  private stamp(version: number, actor: string) {
    return { version, updatedAt: this.now().toISOString(), updatedBy: actor };
  }
}

function staleLob(lobId: string, current: Lob): StaleWriteError {
  return new StaleWriteError(
    `Line of business '${lobId}' was changed by ${current.updatedBy} (now version ${current.version}); reload and redo your edit.`,
    current,
  );
}

/** The item of a failed condition; the SDK leaves it marshalled. */
function itemOf(item: Record<string, any> | undefined): any {
  return item ? unmarshall(item) : null;
}

/** A failed condition becomes the caller's error; anything else passes through. */
function conflictOr(error: unknown, toError: (current: any) => Error): unknown {
  if (
    error instanceof ConditionalCheckFailedException ||
    (error as Error)?.name === 'ConditionalCheckFailedException'
  ) {
    return toError(itemOf((error as ConditionalCheckFailedException).Item));
  }
  if ((error as Error)?.name === 'TransactionCanceledException') {
    const reason = (error as TransactionCanceledException).CancellationReasons?.[0];
    if (reason?.Code === 'ConditionalCheckFailed') return toError(itemOf(reason.Item));
  }
  return error;
}

function toPage<T>(items: T[] | undefined, lastKey?: Record<string, unknown>): Page<T> {
  return {
    items: items ?? [],
    nextCursor: lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : undefined,
  };
}

/** Cursors are opaque to clients, and checked here: only the key's string attributes. */
function decodeCursor(cursor: string | undefined, keys: string[]) {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const valid =
      key &&
      typeof key === 'object' &&
      Object.keys(key).every(k => keys.includes(k) && typeof key[k] === 'string');
    if (valid) return key as Record<string, string>;
  } catch {
    // fall through
  }
  throw new InputError('Invalid request: cursor is not one this API returned');
}

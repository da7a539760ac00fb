import {
  BatchGetCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@backstage/errors';
import {
  normalizeUserRef,
  type Lob,
  type MembershipRecord,
  type Page,
} from '@studio-portal/plugin-sagemaker-studio-common';
import {
  DynamoCalls,
  type DynamoCallOptions,
  type DocumentSender,
} from './dynamoCalls';
import {
  decodeCursor,
  filteredPage,
  toPage,
  type ListPage,
} from './filteredPage';
import type { DomainRef } from './mappingErrors';
import {
  claimsPartition,
  isLive,
  itemId,
  toLob,
  toMembership,
  type StoredClaim,
  type StoredLob,
  type StoredMembership,
} from './mappingItems';
import {
  DynamoMappingStore,
  MEMBERS_BY_LOB_INDEX,
  type MappingTables,
} from './MappingStore';

/**
 * The admin's reads of the mappings, strongly consistent: LOBs, their
 * members and a user's memberships a page at a time (only those of a LOB's
 * current incarnation), and the items a write checks before it writes.
 * `MappingEditor` is these reads and the writes.
 *
 * @public
 */
export class MappingReads {
  /** Every call bounded and its failures mapped, as the options say. */
  protected readonly calls: DynamoCalls;
  private readonly store: DynamoMappingStore;

  constructor(
    client: DocumentSender,
    /** The table names. */
    protected readonly tables: MappingTables,
    options: DynamoCallOptions = {},
  ) {
    this.calls = new DynamoCalls(client, options);
    this.store = new DynamoMappingStore(client, tables, options);
  }

  /** LOBs a page at a time; with a filter, a bounded search over all of them. */
  async listLobs(page: ListPage<Lob>): Promise<Page<Lob>> {
    const result = await filteredPage<StoredLob>({
      read: (startKey, limit) =>
        this.calls.read(
          new ScanCommand({
            TableName: this.tables.lobsTable,
            Limit: limit,
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        ),
      select: rows => rows.map(row => !page.filter || page.filter(toLob(row))),
      keyOf: row => ({ lobId: row.lobId }),
      startKey: decodeCursor(page.cursor, { lobId: undefined }),
      limit: page.limit,
      search: Boolean(page.filter),
    });
    return toPage(result.items.map(toLob), result.lastKey);
  }

  /** One LOB, by the same consistent read as the launch path's (DynamoMappingStore). */
  getLob(lobId: string): Promise<StoredLob | undefined> {
    return this.store.getLob(lobId);
  }

  /** The LOB's members (of its current incarnation), a page at a time. */
  async listMembers(
    lobId: string,
    page: ListPage<MembershipRecord>,
  ): Promise<Page<MembershipRecord>> {
    // The LOB is read beside the first page, not before it.
    const lob = this.getLob(lobId);
    const result = await filteredPage<StoredMembership>({
      read: (startKey, limit) =>
        this.calls.read(
          new QueryCommand({
            TableName: this.tables.membershipsTable,
            IndexName: MEMBERS_BY_LOB_INDEX,
            KeyConditionExpression: 'lobId = :lobId',
            ExpressionAttributeValues: { ':lobId': lobId },
            Limit: limit,
            ExclusiveStartKey: startKey,
          }),
        ),
      select: async rows => {
        const current = await lob;
        return rows.map(row => keeps(row, current, page.filter));
      },
      keyOf: row => ({ lobId: row.lobId, userRef: row.userRef }),
      startKey: decodeCursor(page.cursor, { lobId, userRef: undefined }),
      limit: page.limit,
      search: Boolean(page.filter),
    });
    return toPage(result.items.map(toMembership), result.lastKey);
  }

  /** A user's memberships whose LOB still exists in the incarnation they were made for. */
  async listMembershipsOf(
    userRef: string,
    page: ListPage<MembershipRecord>,
  ): Promise<Page<MembershipRecord>> {
    const ref = normalizeUserRef(userRef);
    const result = await filteredPage<StoredMembership>({
      read: (startKey, limit) =>
        this.calls.read(
          new QueryCommand({
            TableName: this.tables.membershipsTable,
            KeyConditionExpression: 'userRef = :userRef',
            ExpressionAttributeValues: { ':userRef': ref },
            Limit: limit,
            ExclusiveStartKey: startKey,
            ConsistentRead: true,
          }),
        ),
      select: async rows => {
        const lobs = await this.getLobs(rows.map(m => m.lobId));
        return rows.map(row => keeps(row, lobs.get(row.lobId), page.filter));
      },
      keyOf: row => ({ userRef: row.userRef, lobId: row.lobId }),
      startKey: decodeCursor(page.cursor, { userRef: ref, lobId: undefined }),
      limit: page.limit,
      search: Boolean(page.filter),
    });
    return toPage(result.items.map(toMembership), result.lastKey);
  }

  /** Every row of the LOB's index partition, dead or alive, with the LOB. */
  async allMembersOf(lobId: string): Promise<{
    lob?: StoredLob;
    live: StoredMembership[];
    dead: StoredMembership[];
  }> {
    const lob = await this.getLob(lobId);
    const rows = await this.allOfPartition<StoredMembership>(lobId);
    return {
      lob,
      live: rows.filter(m => isLive(m, lob)),
      dead: rows.filter(m => !isLive(m, lob)),
    };
  }

  /** The profile claims of a LOB (any incarnation). */
  listClaims(lobId: string): Promise<StoredClaim[]> {
    return this.allOfPartition<StoredClaim>(claimsPartition(lobId));
  }

  /** LOBs by id, strongly consistent, 100 per call. */
  async getLobs(lobIds: string[]): Promise<Map<string, StoredLob>> {
    const items = await this.batchGet<StoredLob>(
      this.tables.lobsTable,
      [...new Set(lobIds)].map(lobId => ({ lobId })),
    );
    return new Map(items.map(lob => [lob.lobId, lob]));
  }

  /** Items of the memberships table (memberships or claims) by key, strongly consistent. */
  async getMembershipItems<T extends { userRef: string; lobId: string }>(
    keys: { userRef: string; lobId: string }[],
  ): Promise<Map<string, T>> {
    const items = await this.batchGet<T>(this.tables.membershipsTable, keys);
    return new Map(items.map(item => [itemId(item), item]));
  }

  /** Every LOB, strongly consistent (the LOBs table is small). */
  allLobs(): Promise<StoredLob[]> {
    return this.calls.readAll<StoredLob>(
      startKey =>
        new ScanCommand({
          TableName: this.tables.lobsTable,
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
    );
  }

  /** Another LOB on the domain, found by a scan (the LOBs table is small). */
  async lobOnDomain(
    domain: DomainRef,
    exceptLobId: string,
  ): Promise<StoredLob | undefined> {
    for await (const items of this.calls.readPages<StoredLob>(
      startKey =>
        new ScanCommand({
          TableName: this.tables.lobsTable,
          FilterExpression:
            'accountId = :account AND #region = :region AND domainId = :domain AND lobId <> :self',
          ExpressionAttributeNames: { '#region': 'region' },
          ExpressionAttributeValues: {
            ':account': domain.accountId,
            ':region': domain.region,
            ':domain': domain.domainId,
            ':self': exceptLobId,
          },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
    )) {
      // The first match ends the scan: the pages after it are never read.
      if (items[0]) return items[0];
    }
    return undefined;
  }

  /** Every row of one partition of the by-LOB index: a LOB's members, or its claims. */
  protected allOfPartition<T>(partition: string): Promise<T[]> {
    return this.calls.readAll<T>(
      startKey =>
        new QueryCommand({
          TableName: this.tables.membershipsTable,
          IndexName: MEMBERS_BY_LOB_INDEX,
          KeyConditionExpression: 'lobId = :lobId',
          ExpressionAttributeValues: { ':lobId': partition },
          ExclusiveStartKey: startKey,
        }),
    );
  }

  private async batchGet<T>(
    table: string,
    allKeys: Record<string, string>[],
  ): Promise<T[]> {
    // BatchGetItem refuses a list with the same key twice.
    const keys = [
      ...new Map(
        allKeys.map(k => [JSON.stringify(k, Object.keys(k).sort()), k]),
      ).values(),
    ];
    const found: T[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, string>[] | undefined = keys.slice(
        i,
        i + 100,
      );
      for (let round = 0; pending && pending.length > 0 && round < 5; round++) {
        const result: {
          Responses?: Record<string, T[]>;
          UnprocessedKeys?: Record<string, { Keys?: Record<string, string>[] }>;
        } = await this.calls.read(
          new BatchGetCommand({
            RequestItems: { [table]: { Keys: pending, ConsistentRead: true } },
          }),
        );
        found.push(...(result.Responses?.[table] ?? []));
        pending = result.UnprocessedKeys?.[table]?.Keys;
      }
      if (pending && pending.length > 0) {
        throw new ConflictError(
          'DynamoDB is too busy to read the mappings; try again in a moment.',
        );
      }
    }
    return found;
  }
}

/** A live membership the filter (if any) accepts. */
function keeps(
  row: StoredMembership,
  lob: StoredLob | undefined,
  filter?: (item: MembershipRecord) => boolean,
): boolean {
  return isLive(row, lob) && (!filter || filter(toMembership(row)));
}

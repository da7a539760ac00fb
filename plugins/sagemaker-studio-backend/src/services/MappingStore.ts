import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Lob, MembershipRecord } from '@studio-portal/plugin-sagemaker-studio-common';
import { normalizeUserRef } from '@studio-portal/plugin-sagemaker-studio-common';

/**
 * Name of the memberships table's index that lists a LOB's members.
 *
 * @internal
 */
export const MEMBERS_BY_LOB_INDEX = 'byLob';

/** @internal */
export interface MappingTables {
  lobsTable: string;
  membershipsTable: string;
}

/** Reads the launch path needs. */
export interface MappingReader {
  getLob(lobId: string): Promise<Lob | undefined>;
  listMembershipsOfUser(userRef: string): Promise<MembershipRecord[]>;
}

/**
 * The LOB and membership mappings in DynamoDB.
 *
 * LOBs: partition key `lobId`. Memberships: partition key `userRef`, sort key
 * `lobId`, and the GSI `byLob` (lobId, userRef) so that a LOB's members are a
 * Query, never a Scan. Every item carries a `version` for optimistic locking.
 */
/** Runs one call with an abort signal that bounds it. */
type BoundCall = <T>(call: (abortSignal?: AbortSignal) => Promise<T>) => Promise<T>;

export class DynamoMappingStore implements MappingReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tables: MappingTables,
    /** Bounds each read, retries included (AwsClients.withCallTimeout); unbounded by default. */
    private readonly withCallTimeout: BoundCall = call => call(undefined),
  ) {}

  async getLob(lobId: string): Promise<Lob | undefined> {
    const { Item } = await this.withCallTimeout(abortSignal =>
      this.client.send(
        new GetCommand({
          TableName: this.tables.lobsTable,
          Key: { lobId },
          ConsistentRead: true,
        }),
        { abortSignal },
      ),
    );
    return Item as Lob | undefined;
  }

  async listMembershipsOfUser(userRef: string): Promise<MembershipRecord[]> {
    const items: MembershipRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const pageStart = startKey;
      const page = await this.withCallTimeout(abortSignal =>
        this.client.send(
          new QueryCommand({
            TableName: this.tables.membershipsTable,
            KeyConditionExpression: 'userRef = :userRef',
            ExpressionAttributeValues: { ':userRef': normalizeUserRef(userRef) },
            ExclusiveStartKey: pageStart,
            ConsistentRead: true,
          }),
          { abortSignal },
        ),
      );
      items.push(...((page.Items ?? []) as MembershipRecord[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }
}

/**
 * Table definitions matching the CDK app's, for local mode and tests that
 * create the tables themselves (CreateTable input).
 *
 * @internal
 */
export function mappingTableDefinitions(tables: MappingTables) {
  return [
    {
      TableName: tables.lobsTable,
      BillingMode: 'PAY_PER_REQUEST' as const,
      AttributeDefinitions: [{ AttributeName: 'lobId', AttributeType: 'S' as const }],
      KeySchema: [{ AttributeName: 'lobId', KeyType: 'HASH' as const }],
    },
    {
      TableName: tables.membershipsTable,
      BillingMode: 'PAY_PER_REQUEST' as const,
      AttributeDefinitions: [
        { AttributeName: 'userRef', AttributeType: 'S' as const },
        { AttributeName: 'lobId', AttributeType: 'S' as const },
      ],
      KeySchema: [
        { AttributeName: 'userRef', KeyType: 'HASH' as const },
        { AttributeName: 'lobId', KeyType: 'RANGE' as const },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: MEMBERS_BY_LOB_INDEX,
          KeySchema: [
            { AttributeName: 'lobId', KeyType: 'HASH' as const },
            { AttributeName: 'userRef', KeyType: 'RANGE' as const },
          ],
          Projection: { ProjectionType: 'ALL' as const },
        },
      ],
    },
  ];
}

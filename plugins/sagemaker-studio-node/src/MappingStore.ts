import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { normalizeUserRef } from '@studio-portal/plugin-sagemaker-studio-common';
import {
  DynamoCalls,
  type DynamoCallOptions,
  type DocumentSender,
} from './dynamoCalls';
import {
  claimKey,
  type StoredClaim,
  type StoredLob,
  type StoredMembership,
} from './mappingItems';

/**
 * Name of the memberships table's index that lists a LOB's members.
 *
 * @public
 */
export const MEMBERS_BY_LOB_INDEX = 'byLob';

/** @public */
export interface MappingTables {
  lobsTable: string;
  membershipsTable: string;
}

/**
 * Reads the launch path needs: items as stored (with their incarnation and claim).
 *
 * @public
 */
export interface MappingReader {
  getLob(lobId: string): Promise<StoredLob | undefined>;
  listMembershipsOfUser(userRef: string): Promise<StoredMembership[]>;
  /** Who holds the profile name in the LOB, if anyone. */
  getProfileClaim(
    lobId: string,
    userProfileName: string,
  ): Promise<StoredClaim | undefined>;
}

/**
 * The LOB and membership mappings in DynamoDB.
 *
 * LOBs: partition key `lobId`. Memberships: partition key `userRef`, sort key
 * `lobId`, and the GSI `byLob` (lobId, userRef) so that a LOB's members are a
 * Query, never a Scan. Every item carries a `version` for optimistic locking.
 * The memberships table also holds the profile claims (see mappingItems.ts).
 *
 * @public
 */
export class DynamoMappingStore implements MappingReader {
  private readonly calls: DynamoCalls;

  constructor(
    client: DocumentSender,
    private readonly tables: MappingTables,
    options: DynamoCallOptions = {},
  ) {
    this.calls = new DynamoCalls(client, options);
  }

  async getLob(lobId: string): Promise<StoredLob | undefined> {
    const { Item } = await this.calls.read<{ Item?: StoredLob }>(
      new GetCommand({
        TableName: this.tables.lobsTable,
        Key: { lobId },
        ConsistentRead: true,
      }),
    );
    return Item;
  }

  listMembershipsOfUser(userRef: string): Promise<StoredMembership[]> {
    return this.calls.readAll<StoredMembership>(
      startKey =>
        new QueryCommand({
          TableName: this.tables.membershipsTable,
          KeyConditionExpression: 'userRef = :userRef',
          ExpressionAttributeValues: { ':userRef': normalizeUserRef(userRef) },
          ExclusiveStartKey: startKey,
          ConsistentRead: true,
        }),
    );
  }

  async getProfileClaim(
    lobId: string,
    userProfileName: string,
  ): Promise<StoredClaim | undefined> {
    const { Item } = await this.calls.read<{ Item?: StoredClaim }>(
      new GetCommand({
        TableName: this.tables.membershipsTable,
        Key: claimKey(lobId, userProfileName),
        ConsistentRead: true,
      }),
    );
    return Item;
  }
}

/**
 * Table definitions matching the CDK app's, for local mode and tests that
 * create the tables themselves (CreateTable input).
 *
 * @public
 */
export function mappingTableDefinitions(tables: MappingTables) {
  return [
    {
      TableName: tables.lobsTable,
      BillingMode: 'PAY_PER_REQUEST' as const,
      AttributeDefinitions: [
        { AttributeName: 'lobId', AttributeType: 'S' as const },
      ],
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

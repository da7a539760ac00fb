import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SeedFile } from './seedFile';

export interface SeedTables {
  lobsTable: string;
  membershipsTable: string;
}

export interface SeedTablesResult {
  created: { lobs: number; memberships: number };
  /** Items that already existed; left as they are (admins may have edited them). */
  kept: { lobs: number; memberships: number };
}

/** The one call we need, so tests can pass a small fake. */
export type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

export const SEED_ACTOR = 'seed';

/**
 * Writes the seed file's LOBs and memberships with `version: 1`,
 * `updatedAt` now and `updatedBy: 'seed'`. Idempotent: each item is put only
 * if its key does not exist yet, so re-running neither duplicates nor
 * overwrites what the portal's admins changed since.
 */
export async function seedTables(
  client: DocumentSender,
  tables: SeedTables,
  file: SeedFile,
  now: () => Date = () => new Date(),
): Promise<SeedTablesResult> {
  const result: SeedTablesResult = {
    created: { lobs: 0, memberships: 0 },
    kept: { lobs: 0, memberships: 0 },
  };
  const stamp = () => ({
    version: 1,
    updatedAt: now().toISOString(),
    updatedBy: SEED_ACTOR,
  });

  for (const lob of file.lobs) {
    const created = await putIfAbsent(
      client,
      tables.lobsTable,
      { ...lob, ...stamp() },
      'lobId',
    );
    result[created ? 'created' : 'kept'].lobs += 1;
  }
  for (const user of file.users) {
    // Backstage compares entity refs case-insensitively; the backend stores them lowercased.
    const userRef = user.userRef.trim().toLowerCase();
    for (const membership of user.memberships) {
      const item = {
        userRef,
        lobId: membership.lobId,
        ...(membership.userProfileName
          ? { userProfileName: membership.userProfileName }
          : {}),
        ...stamp(),
      };
      const created = await putIfAbsent(
        client,
        tables.membershipsTable,
        item,
        'userRef',
      );
      result[created ? 'created' : 'kept'].memberships += 1;
    }
  }
  return result;
}

async function putIfAbsent(
  client: DocumentSender,
  table: string,
  item: Record<string, unknown>,
  partitionKey: string,
): Promise<boolean> {
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': partitionKey },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}

function isConditionalCheckFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as { name?: string } | null)?.name ===
      'ConditionalCheckFailedException'
  );
}

import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';
import { localDynamoDbClient } from '@studio-portal/aws-local';
import type { LocalEnvironment } from '../../localMode/localEnvironment';
import { TABLES } from '../../integration/localWorld';

/**
 * Every item of both mapping tables, read straight from DynamoDB Local
 * (behind the counting proxy, so that reading does not disturb call stats).
 */
export async function tableSnapshot(env: LocalEnvironment): Promise<string> {
  const raw = localDynamoDbClient(env.dynamoDb.directEndpoint);
  const client = DynamoDBDocumentClient.from(raw);
  try {
    const scan = async (TableName: string) => {
      const items: Record<string, unknown>[] = [];
      for await (const page of paginateScan(
        { client },
        { TableName, ConsistentRead: true },
      )) {
        items.push(...(page.Items ?? []));
      }
      return items
        .map(item => JSON.stringify(item, Object.keys(item).sort()))
        .sort();
    };
    return JSON.stringify({
      lobs: await scan(TABLES.lobsTable),
      memberships: await scan(TABLES.membershipsTable),
    });
  } finally {
    // The document client has nothing of its own to close.
    raw.destroy();
  }
}

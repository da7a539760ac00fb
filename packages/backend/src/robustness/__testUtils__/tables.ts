import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalEnvironment } from '../../localMode/localEnvironment';
import { TABLES } from '../../integration/localWorld';

/**
 * Every item of both mapping tables, read straight from DynamoDB Local
 * (behind the counting proxy, so that reading does not disturb call stats).
 */
export async function tableSnapshot(env: LocalEnvironment): Promise<string> {
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: 'us-east-1',
      endpoint: env.dynamoDb.directEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  try {
    const scan = async (TableName: string) => {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName,
            ExclusiveStartKey,
            ConsistentRead: true,
          }),
        );
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return items
        .map(item => JSON.stringify(item, Object.keys(item).sort()))
        .sort();
    };
    return JSON.stringify({
      lobs: await scan(TABLES.lobsTable),
      memberships: await scan(TABLES.membershipsTable),
    });
  } finally {
    client.destroy();
  }
}

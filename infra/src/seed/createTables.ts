import {
  CreateTableCommand,
  ResourceInUseException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { MEMBERS_BY_LOB_INDEX } from '../constructs/MappingTables';
import type { SeedTables } from './seedTables';

/**
 * CreateTable inputs with the same keys and index as the CDK tables, for
 * DynamoDB Local (`seed --create-tables`). In AWS the CDK app owns the tables.
 */
export function tableDefinitions(tables: SeedTables) {
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

/** Creates the tables that do not exist yet; returns the names it created. */
export async function createTablesIfMissing(
  client: Pick<DynamoDBClient, 'send'>,
  tables: SeedTables,
): Promise<string[]> {
  const created: string[] = [];
  for (const definition of tableDefinitions(tables)) {
    try {
      await client.send(new CreateTableCommand(definition));
      created.push(definition.TableName);
    } catch (error) {
      const exists =
        error instanceof ResourceInUseException ||
        (error as { name?: string } | null)?.name === 'ResourceInUseException';
      if (!exists) throw error;
    }
  }
  return created;
}

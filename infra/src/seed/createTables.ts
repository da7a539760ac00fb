import {
  CreateTableCommand,
  ResourceInUseException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { mappingTableDefinitions } from '@studio-portal/plugin-sagemaker-studio-node';
import type { SeedTables } from './seedTables';

/** Creates the tables that do not exist yet; returns the names it created. */
export async function createTablesIfMissing(
  client: Pick<DynamoDBClient, 'send'>,
  tables: SeedTables,
): Promise<string[]> {
  const created: string[] = [];
  // The backend plugin owns the tables' keys and index (as the CDK tables use them).
  for (const definition of mappingTableDefinitions(tables)) {
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

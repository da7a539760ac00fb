import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  MEMBERS_BY_LOB_INDEX as PLUGIN_INDEX,
  mappingTableDefinitions,
} from '@studio-portal/plugin-sagemaker-studio-node';
import { MappingTables, MEMBERS_BY_LOB_INDEX } from './MappingTables';

/** The CDK tables must be the tables the backend plugin reads and writes. */
describe('MappingTables and the backend plugin', () => {
  const stack = new Stack(new App(), 'Contract', {
    env: { account: '999999999999', region: 'us-east-1' },
  });
  new MappingTables(stack, 'Tables', {
    lobsTableName: 'lobs',
    membershipsTableName: 'memberships',
  });
  const tables = Object.values(
    Template.fromStack(stack).findResources('AWS::DynamoDB::Table'),
  ).map(r => r.Properties);

  it('uses the same index name', () => {
    expect(MEMBERS_BY_LOB_INDEX).toBe(PLUGIN_INDEX);
  });

  it.each(
    mappingTableDefinitions({
      lobsTable: 'lobs',
      membershipsTable: 'memberships',
    }),
  )(
    'creates $TableName with the keys and index the plugin expects',
    definition => {
      const table = tables.find(t => t.TableName === definition.TableName);
      expect(table.KeySchema).toEqual(definition.KeySchema);
      expect(table.AttributeDefinitions).toEqual(
        expect.arrayContaining(definition.AttributeDefinitions),
      );
      const indexes =
        (definition as { GlobalSecondaryIndexes?: any[] })
          .GlobalSecondaryIndexes ?? [];
      expect(
        (table.GlobalSecondaryIndexes ?? []).map((i: any) => ({
          IndexName: i.IndexName,
          KeySchema: i.KeySchema,
          Projection: i.Projection,
        })),
      ).toEqual(indexes);
    },
  );
});

import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * Name of the memberships index the backend plugin queries (lobId, userRef).
 * Same value as the plugin's MEMBERS_BY_LOB_INDEX (asserted by a test);
 * not imported, so that synthesis does not load the Backstage plugin.
 */
export const MEMBERS_BY_LOB_INDEX = 'byLob';

export interface MappingTablesProps {
  readonly lobsTableName: string;
  readonly membershipsTableName: string;
}

/**
 * The backend plugin's tables, in exactly the shape it reads:
 * LOBs (lobId) and memberships (userRef, lobId) with GSI byLob (lobId, userRef).
 * Point-in-time recovery, deletion protection, KMS encryption, retained on
 * stack deletion.
 */
export class MappingTables extends Construct {
  readonly lobs: dynamodb.Table;
  readonly memberships: dynamodb.Table;

  constructor(scope: Construct, id: string, props: MappingTablesProps) {
    super(scope, id);
    const common = {
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    };
    this.lobs = new dynamodb.Table(this, 'Lobs', {
      ...common,
      tableName: props.lobsTableName,
      partitionKey: { name: 'lobId', type: dynamodb.AttributeType.STRING },
    });
    this.memberships = new dynamodb.Table(this, 'Memberships', {
      ...common,
      tableName: props.membershipsTableName,
      partitionKey: { name: 'userRef', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'lobId', type: dynamodb.AttributeType.STRING },
    });
    this.memberships.addGlobalSecondaryIndex({
      indexName: MEMBERS_BY_LOB_INDEX,
      partitionKey: { name: 'lobId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'userRef', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}

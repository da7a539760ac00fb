import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreatePresignedDomainUrlCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  EXTERNAL_ID,
  PORTAL_CREDENTIALS,
  TABLES,
} from 'backend/src/integration/localWorld';

/**
 * The reference design's per-request flow (AWS's multi-account Studio
 * sample): read the user's mapping and the LOB's with two GetItem calls,
 * AssumeRole into the LOB account, CreatePresignedDomainUrl. Nothing is
 * cached between requests; the SDK clients it can keep (DynamoDB, STS) are
 * kept, which is kinder to it than a Lambda cold start.
 */
export class ReferenceFlow {
  private readonly documents: DynamoDBDocumentClient;
  private readonly sts: STSClient;

  constructor(private readonly endpoints: { dynamoDb: string; aws: string }) {
    this.documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: 'us-east-1',
        endpoint: endpoints.dynamoDb,
        credentials: PORTAL_CREDENTIALS,
      }),
    );
    this.sts = new STSClient({
      region: 'us-east-1',
      endpoint: endpoints.aws,
      credentials: PORTAL_CREDENTIALS,
    });
  }

  /** One launch for `name` (a user mapped to one LOB); resolves to the URL. */
  async launch(name: string, lobId: string): Promise<string> {
    const userRef = `user:default/${name}`;
    const { Item: membership } = await this.documents.send(
      new GetCommand({
        TableName: TABLES.membershipsTable,
        Key: { userRef, lobId },
      }),
    );
    if (!membership) throw new Error(`${userRef} is not mapped to ${lobId}`);
    const { Item: lob } = await this.documents.send(
      new GetCommand({ TableName: TABLES.lobsTable, Key: { lobId } }),
    );
    if (!lob) throw new Error(`no LOB ${lobId}`);
    const profile = (membership.userProfileName as string | undefined) ?? name;
    const { Credentials } = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${lob.accountId}:role/SageMakerStudioPortalAccess`,
        RoleSessionName: name,
        SourceIdentity: name,
        ExternalId: EXTERNAL_ID,
        DurationSeconds: 900,
        Tags: [{ Key: 'studio-user-profile', Value: profile }],
      }),
    );
    const sagemaker = new SageMakerClient({
      region: lob.region,
      endpoint: this.endpoints.aws,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    });
    try {
      const { AuthorizedUrl } = await sagemaker.send(
        new CreatePresignedDomainUrlCommand({
          DomainId: lob.domainId,
          UserProfileName: profile,
          ExpiresInSeconds: 30,
        }),
      );
      return AuthorizedUrl!;
    } finally {
      sagemaker.destroy();
    }
  }

  close(): void {
    this.documents.destroy();
    this.sts.destroy();
  }
}

import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import {
  CreatePresignedDomainUrlCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import {
  EXTERNAL_ID,
  PORTAL_CREDENTIALS,
  TABLES,
} from 'backend/src/integration/localWorld';
import type { StandInEndpoints } from './remoteStandIns';

const REGION = 'us-east-1';
const LOB_ID = 'lob-a';

/** What one launch needs: the LOB's domain and role session for one user. */
interface LaunchGrant {
  region: string;
  domainId: string;
  profile: string;
  credentials: AwsCredentialIdentity;
}

/** The reference design's steps, with the real SDK clients on the stand-ins. */
class ReferenceSteps {
  private readonly documents: DynamoDBDocumentClient;
  private readonly sts: STSClient;

  constructor(readonly endpoints: StandInEndpoints) {
    this.documents = DynamoDBDocumentClient.from(
      new DynamoDBClient({
        region: REGION,
        endpoint: endpoints.dynamoDb,
        credentials: PORTAL_CREDENTIALS,
      }),
    );
    this.sts = new STSClient({
      region: REGION,
      endpoint: endpoints.aws,
      credentials: PORTAL_CREDENTIALS,
    });
  }

  /** GetItem (membership) + GetItem (LOB) + AssumeRole. */
  async grant(name: string): Promise<LaunchGrant> {
    const userRef = `user:default/${name}`;
    const { Item: membership } = await this.documents.send(
      new GetCommand({
        TableName: TABLES.membershipsTable,
        Key: { userRef, lobId: LOB_ID },
      }),
    );
    if (!membership) throw new Error(`${userRef} is not mapped to ${LOB_ID}`);
    const { Item: lob } = await this.documents.send(
      new GetCommand({ TableName: TABLES.lobsTable, Key: { lobId: LOB_ID } }),
    );
    if (!lob) throw new Error(`no LOB ${LOB_ID}`);
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
    return {
      region: lob.region,
      domainId: lob.domainId,
      profile,
      credentials: {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      },
    };
  }

  close(): void {
    this.documents.destroy();
    this.sts.destroy();
  }
}

async function presign(
  sagemaker: SageMakerClient,
  grant: LaunchGrant,
): Promise<string> {
  const { AuthorizedUrl } = await sagemaker.send(
    new CreatePresignedDomainUrlCommand({
      DomainId: grant.domainId,
      UserProfileName: grant.profile,
      ExpiresInSeconds: 30,
    }),
  );
  return AuthorizedUrl!;
}

/** A flow the bench can put behind HTTP: one launch for `name`, resolving to the URL. */
export interface BenchFlow {
  launch(name: string): Promise<string>;
  close(): void;
}

/**
 * The reference design's per-request flow (AWS's multi-account Studio
 * sample): read the user's mapping and the LOB's with two GetItem calls,
 * AssumeRole into the LOB account, CreatePresignedDomainUrl. Nothing is
 * cached between requests; the SDK clients it can keep (DynamoDB, STS) are
 * kept, which is kinder to it than a Lambda cold start. Its SageMaker client
 * is new per request, as its credentials are.
 */
export class ReferenceFlow implements BenchFlow {
  private readonly steps: ReferenceSteps;

  constructor(private readonly endpoints: StandInEndpoints) {
    this.steps = new ReferenceSteps(endpoints);
  }

  async launch(name: string): Promise<string> {
    const grant = await this.steps.grant(name);
    const sagemaker = new SageMakerClient({
      region: grant.region,
      endpoint: this.endpoints.aws,
      credentials: grant.credentials,
    });
    try {
      return await presign(sagemaker, grant);
    } finally {
      sagemaker.destroy();
    }
  }

  close(): void {
    this.steps.close();
  }
}

/**
 * The floor: what any portal must do per warm launch and nothing else. The
 * mapping and role session of each user are fetched once and kept; a launch
 * is the one CreatePresignedDomainUrl call on a kept SageMaker client with a
 * keep-alive connection pool. It has no sign-in, permission, validation or
 * audit, so it is not a product: it tells how much of a launch's cost is the
 * SDK and the stand-in, on this machine.
 */
export class SdkFloorFlow implements BenchFlow {
  private readonly steps: ReferenceSteps;
  private readonly requestHandler = new NodeHttpHandler({
    httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }),
  });
  private readonly sessions = new Map<
    string,
    Promise<{ grant: LaunchGrant; sagemaker: SageMakerClient }>
  >();

  constructor(private readonly endpoints: StandInEndpoints) {
    this.steps = new ReferenceSteps(endpoints);
  }

  async launch(name: string): Promise<string> {
    let session = this.sessions.get(name);
    if (!session) {
      session = this.steps.grant(name).then(grant => ({
        grant,
        sagemaker: new SageMakerClient({
          region: grant.region,
          endpoint: this.endpoints.aws,
          credentials: grant.credentials,
          requestHandler: this.requestHandler,
        }),
      }));
      session.catch(() => this.sessions.delete(name));
      this.sessions.set(name, session);
    }
    const { grant, sagemaker } = await session;
    return presign(sagemaker, grant);
  }

  close(): void {
    this.steps.close();
    this.requestHandler.destroy();
  }
}

import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { STSClient } from '@aws-sdk/client-sts';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type { StudioConfig } from '@studio-portal/plugin-sagemaker-studio-node';
import type { AwsClientFactory } from './types';

/**
 * Long-lived AWS SDK clients. One STS client per region; SageMaker clients
 * are per role session (their credentials differ per user) but all share one
 * keep-alive connection pool, so a warm launch opens no new connection.
 */
export class AwsClients implements AwsClientFactory {
  private readonly stsClients = new Map<string, STSClient>();
  private readonly requestHandler: NodeHttpHandler;

  constructor(private readonly config: StudioConfig) {
    const agentOptions = { keepAlive: true, maxSockets: 256 };
    this.requestHandler = new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: Math.min(config.aws.callTimeoutMs, 3000),
      requestTimeout: config.aws.callTimeoutMs,
      // Fail the attempt (and let the SDK retry) rather than only warn.
      throwOnRequestTimeout: true,
    });
  }

  sts(region: string): STSClient {
    let client = this.stsClients.get(region);
    if (!client) {
      client = new STSClient({
        region,
        endpoint: this.config.aws.endpoints.sts,
        credentials: this.config.aws.credentials,
        maxAttempts: this.config.aws.maxAttempts,
        retryMode: 'standard',
        requestHandler: this.requestHandler,
      });
      this.stsClients.set(region, client);
    }
    return client;
  }

  sagemaker(
    region: string,
    credentials: AwsCredentialIdentity,
  ): SageMakerClient {
    return new SageMakerClient({
      region,
      endpoint: this.config.aws.endpoints.sagemaker,
      credentials,
      maxAttempts: this.config.aws.maxAttempts,
      retryMode: 'standard',
      requestHandler: this.requestHandler,
    });
  }

  dynamoDocuments(): DynamoDBDocumentClient {
    const client = new DynamoDBClient({
      region: this.config.mappings.region,
      endpoint: this.config.mappings.endpoint,
      // DynamoDB Local accepts any key; in AWS the default chain applies.
      credentials: this.config.mappings.endpoint
        ? this.config.aws.credentials ?? {
            accessKeyId: 'local',
            secretAccessKey: 'local',
          }
        : undefined,
      maxAttempts: this.config.aws.maxAttempts,
      requestHandler: this.requestHandler,
    });
    return DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
  }

  /**
   * Runs one AWS call, retries included, within aws.callTimeoutMs. The timer
   * ends with the call: AbortSignal.timeout's would live on for the whole
   * timeout after every launch, holding its signal.
   */
  async withCallTimeout<T>(
    call: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(
      () =>
        controller.abort(
          new DOMException('The AWS call timed out.', 'TimeoutError'),
        ),
      this.config.aws.callTimeoutMs,
    );
    timer.unref();
    try {
      return await call(controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }
}

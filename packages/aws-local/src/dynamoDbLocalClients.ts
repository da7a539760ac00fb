import {
  DynamoDBClient,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  type TranslateConfig,
} from '@aws-sdk/lib-dynamodb';
import {
  startDynamoDbLocal,
  type DynamoDbLocal,
  type DynamoDbLocalOptions,
} from './dynamoDbLocal';

/** Settings of a client for DynamoDB Local, beyond where and as whom. */
export type LocalDynamoDbClientConfig = Omit<
  DynamoDBClientConfig,
  'endpoint' | 'region' | 'credentials'
>;

/**
 * A client for DynamoDB Local at `endpoint`: it accepts any credentials,
 * but the SDK wants some, and a region.
 */
export function localDynamoDbClient(
  endpoint: string,
  config: LocalDynamoDbClientConfig = {},
): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...config,
  });
}

export interface DynamoDbLocalWithClients {
  dynamoDb: DynamoDbLocal;
  /** Through the counting proxy, like every client of the code under test. */
  client: DynamoDBClient;
  /** The document client over `client`. */
  documents: DynamoDBDocumentClient;
  /** Closes the clients, then DynamoDB Local. */
  stop(): Promise<void>;
}

/**
 * DynamoDB Local and clients for it, for a test's beforeAll (its afterAll
 * calls `stop`).
 */
export async function startDynamoDbLocalWithClients(
  options: {
    dynamoDb?: DynamoDbLocalOptions;
    /** e.g. `maxAttempts: 1`, so that an injected fault is seen once. */
    client?: LocalDynamoDbClientConfig;
    /** @default the SDK's marshalling */
    documents?: TranslateConfig;
  } = {},
): Promise<DynamoDbLocalWithClients> {
  const dynamoDb = await startDynamoDbLocal(options.dynamoDb);
  const client = localDynamoDbClient(dynamoDb.endpoint, options.client);
  return {
    dynamoDb,
    client,
    documents: DynamoDBDocumentClient.from(client, options.documents),
    async stop() {
      client.destroy();
      await dynamoDb.stop();
    },
  };
}

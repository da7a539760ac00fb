import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  MappingEditor,
  mappingTableDefinitions,
  type MappingTables,
} from '@studio-portal/plugin-sagemaker-studio-node';
import {
  USER_TAG_KEY,
  accessRoleArn,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamoDbLocal';
import { localDynamoDbClient } from './dynamoDbLocalClients';
import type { LocalStudio, SeedDocument } from './portalFiles';
import { startAwsStandIn } from './standIn';
import type { AwsStandIn, ProfileCreation, StandInWorld } from './types';

export interface LocalEnvironmentOptions {
  /** 0 picks a free port (tests); local mode uses fixed ports from config. */
  dynamoDbPort: number;
  awsPort: number;
  seed: SeedDocument;
  studio: LocalStudio;
  tables: MappingTables;
  access: { roleName: string; externalId: string; profileTagKey: string };
  /** The portal backend's own (long-term) key, known to the stand-in's STS. */
  portalCredentials: { accessKeyId: string; secretAccessKey: string };
  latencyMs?: { dynamoDb?: number; sts?: number; sagemaker?: number };
  /** How the stand-in's CreateUserProfile profiles come about. */
  profileCreation?: ProfileCreation;
  log?: (line: string) => void;
}

export interface LocalEnvironment {
  dynamoDb: DynamoDbLocal;
  aws: AwsStandIn;
  stop(): Promise<void>;
}

/**
 * DynamoDB Local with the mapping tables and the seed loaded, and the
 * STS/SageMaker/Studio stand-in with one access role per LOB account, all on
 * 127.0.0.1. Used by local mode, the integration tests and the CLI.
 */
export async function startLocalEnvironment(
  options: LocalEnvironmentOptions,
): Promise<LocalEnvironment> {
  const dynamoDb = await startDynamoDbLocal({ port: options.dynamoDbPort });
  try {
    await createTablesAndSeed(dynamoDb.endpoint, options);
    dynamoDb.setLatency(options.latencyMs?.dynamoDb ?? 0);
    const aws = await startAwsStandIn({
      port: options.awsPort,
      world: standInWorld(options),
      latencyMs: {
        sts: options.latencyMs?.sts,
        sagemaker: options.latencyMs?.sagemaker,
      },
      profileCreation: options.profileCreation,
      log: options.log,
    });
    return {
      dynamoDb,
      aws,
      async stop() {
        await Promise.allSettled([aws.close(), dynamoDb.stop()]);
      },
    };
  } catch (error) {
    await dynamoDb.stop();
    throw error;
  }
}

/**
 * Each LOB account (and each account of the studio file, for LOBs an admin
 * adds) trusts the portal's principal with the ExternalId.
 */
export function standInWorld(options: LocalEnvironmentOptions): StandInWorld {
  const { seed, studio, access, portalCredentials } = options;
  const roleArns = new Set([
    ...seed.lobs.map(lob =>
      accessRoleArn({ ...lob, roleName: lob.roleName ?? access.roleName }),
    ),
    ...studio.domains.map(domain =>
      accessRoleArn({ ...domain, roleName: access.roleName }),
    ),
  ]);
  return {
    callers: [{ ...portalCredentials, arn: studio.portalPrincipal.arn }],
    roles: [...roleArns].map(arn => ({
      arn,
      trustedPrincipalArns: [studio.portalPrincipal.arn],
      externalId: access.externalId,
      requireSourceIdentity: true,
      profileTagKey: access.profileTagKey,
      // As the CDK app's trust policy: the profile tag and the user tag only.
      allowedTagKeys: [access.profileTagKey, USER_TAG_KEY],
      maxSessionDurationSeconds: 3600,
    })),
    domains: studio.domains.map(domain => ({
      domainId: domain.domainId,
      domainName: domain.domainName,
      accountId: domain.accountId,
      region: domain.region,
      userProfiles: domain.userProfiles,
      spaces: domain.spaces,
    })),
  };
}

async function createTablesAndSeed(
  endpoint: string,
  options: LocalEnvironmentOptions,
) {
  const client = localDynamoDbClient(endpoint);
  try {
    for (const table of mappingTableDefinitions(options.tables)) {
      await client.send(new CreateTableCommand(table));
    }
    const editor = new MappingEditor(
      DynamoDBDocumentClient.from(client, {
        marshallOptions: { removeUndefinedValues: true },
      }),
      options.tables,
    );
    for (const lob of options.seed.lobs) {
      await editor.createLob(lob, 'seed');
    }
    for (const user of options.seed.users) {
      for (const membership of user.memberships) {
        await editor.putMembership(
          membership.lobId,
          user.userRef,
          membership,
          'seed',
        );
      }
    }
  } finally {
    client.destroy();
  }
}

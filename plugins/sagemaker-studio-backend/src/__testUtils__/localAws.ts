import type { Server } from 'node:http';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
  type BackstageUserPrincipal,
  type LoggerService,
  type ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  startAwsStandIn,
  startDynamoDbLocal,
  type AwsStandIn,
  type DynamoDbLocal,
  type ProfileCreation,
  type StandInDomain,
  type StandInRole,
} from '@studio-portal/aws-local';
import {
  DEFAULT_ACCESS_ROLE_NAME,
  DEFAULT_PROFILE_TAG_KEY,
  USER_TAG_KEY,
  accessRoleArn,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { sagemakerStudioPlugin } from '../plugin';
import { mappingTableDefinitions } from '@studio-portal/plugin-sagemaker-studio-node';

export const TABLES = {
  lobsTable: 'plugin-lobs',
  membershipsTable: 'plugin-memberships',
};
export const PORTAL = {
  accessKeyId: 'AKIAPLUGINTEST000001',
  secretAccessKey: 'plugin-test-secret',
  arn: 'arn:aws:iam::000000000000:role/studio-portal-backend',
};
export const EXTERNAL_ID = 'plugin-test-external-id';
export const APP_ORIGIN = 'http://localhost:3000';

/** lob-a's account and domain; lob-b's in another account and region. */
export const LOB_A = {
  lobId: 'lob-a',
  displayName: 'LOB A',
  accountId: '111111111111',
  region: 'us-east-1',
  domainId: 'd-loba00000001',
};
export const LOB_B = {
  lobId: 'lob-b',
  displayName: 'LOB B',
  accountId: '222222222222',
  region: 'eu-west-1',
  domainId: 'd-lobb00000001',
};

export interface LocalAws {
  dynamoDb: DynamoDbLocal;
  aws: AwsStandIn;
  /** A client straight to DynamoDB Local (no proxy, no latency, no faults). */
  direct: DynamoDBDocumentClient;
  stop(): Promise<void>;
}

/** A LOB account of the stand-in besides lob-a's and lob-b's (its domain and access role). */
export interface ExtraLobAccount {
  lob: typeof LOB_A;
  domain?: Partial<StandInDomain>;
  role?: Partial<StandInRole>;
}

/** DynamoDB Local with empty mapping tables, and the STS/SageMaker stand-in with two LOB accounts (and any extra ones). */
export async function startLocalAws(
  options: {
    extra?: ExtraLobAccount[];
    profileCreation?: ProfileCreation;
    /** More Studio user profiles in lob-a's and lob-b's domains. */
    userProfiles?: { 'lob-a'?: string[]; 'lob-b'?: string[] };
  } = {},
): Promise<LocalAws> {
  const dynamoDb = await startDynamoDbLocal();
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: dynamoDb.directEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  for (const table of mappingTableDefinitions(TABLES))
    await client.send(new CreateTableCommand(table));
  const role = (lob: typeof LOB_A): StandInRole => ({
    arn: accessRoleArn({ ...lob, roleName: DEFAULT_ACCESS_ROLE_NAME }),
    trustedPrincipalArns: [PORTAL.arn],
    externalId: EXTERNAL_ID,
    profileTagKey: DEFAULT_PROFILE_TAG_KEY,
    allowedTagKeys: [DEFAULT_PROFILE_TAG_KEY, USER_TAG_KEY],
  });
  const extra = options.extra ?? [];
  const aws = await startAwsStandIn({
    profileCreation: options.profileCreation,
    world: {
      callers: [PORTAL],
      roles: [
        role(LOB_A),
        role(LOB_B),
        ...extra.map(e => ({ ...role(e.lob), ...e.role })),
      ],
      domains: [
        ...extra.map(e => ({
          accountId: e.lob.accountId,
          region: e.lob.region,
          domainId: e.lob.domainId,
          domainName: `${e.lob.lobId}-studio`,
          userProfiles: [],
          ...e.domain,
        })),
        {
          ...LOB_A,
          domainName: 'lob-a-studio',
          userProfiles: [
            'user-lob-a',
            'bob',
            'shared-profile',
            ...(options.userProfiles?.['lob-a'] ?? []),
          ],
          spaces: [
            {
              spaceName: 'user-lob-a-lab',
              appType: 'JupyterLab',
              sharingType: 'Private',
              ownerUserProfileName: 'user-lob-a',
            },
          ],
        },
        {
          ...LOB_B,
          domainName: 'lob-b-studio',
          userProfiles: [
            'user-lob-a',
            'bob',
            ...(options.userProfiles?.['lob-b'] ?? []),
          ],
        },
      ],
    },
  });
  return {
    dynamoDb,
    aws,
    direct: DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    }),
    async stop() {
      client.destroy();
      await Promise.allSettled([aws.close(), dynamoDb.stop()]);
    },
  };
}

/** Every item of both tables, for "nothing was written" checks. */
export async function snapshot(local: LocalAws): Promise<string> {
  const scan = async (TableName: string) =>
    (
      (
        await local.direct.send(
          new ScanCommand({ TableName, ConsistentRead: true }),
        )
      ).Items ?? []
    )
      .map(item => JSON.stringify(item, Object.keys(item).sort()))
      .sort();
  return JSON.stringify([
    await scan(TABLES.lobsTable),
    await scan(TABLES.membershipsTable),
  ]);
}

/** Writes an item as code before this plugin version did: no incarnation, no claim. */
export async function putLegacyItem(
  local: LocalAws,
  table: 'lobs' | 'memberships',
  item: Record<string, unknown>,
) {
  await local.direct.send(
    new PutCommand({
      TableName: table === 'lobs' ? TABLES.lobsTable : TABLES.membershipsTable,
      Item: {
        version: 1,
        updatedAt: '2026-01-01T00:00:00.000Z',
        updatedBy: 'legacy',
        ...item,
      },
    }),
  );
}

export interface AuditRecord {
  eventId: string;
  meta: any;
  outcome?: 'success' | 'fail';
  finalMeta?: any;
  error?: Error;
}

/** The real plugin in a test backend, its SDK clients pointed at the stand-ins. */
export interface PluginBackend {
  server: Server;
  audit: AuditRecord[];
  logs: string[];
  stop(): Promise<void>;
}

export async function startPluginBackend(
  local: LocalAws,
  options: {
    aws?: Record<string, unknown>;
    cacheTtlSeconds?: number;
    logs?: string[];
    /** More sagemakerStudio config (groups, provisioning, ...). */
    studio?: Record<string, unknown>;
    /** More features, e.g. a catalog and a userInfo service for group tests. */
    features?: any[];
    /** The permission decisions; everything is allowed without it. */
    permissions?: ServiceFactory;
  } = {},
): Promise<PluginBackend> {
  const audit: AuditRecord[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async ({ eventId, meta }) => {
      const record: AuditRecord = { eventId, meta };
      audit.push(record);
      return {
        success: async (o?: { meta?: any }) => {
          Object.assign(record, { outcome: 'success', finalMeta: o?.meta });
        },
        fail: async (o: { meta?: any; error: Error }) => {
          Object.assign(record, {
            outcome: 'fail',
            finalMeta: o.meta,
            error: o.error,
          });
        },
      };
    },
  });
  const logs = options.logs ?? [];
  const logger = (): LoggerService => {
    const write = (level: string) => (message: string, meta?: unknown) => {
      logs.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
    };
    return {
      error: write('error'),
      warn: write('warn'),
      info: write('info'),
      debug: write('debug'),
      child: () => logger(),
    };
  };
  const backend = await startTestBackend({
    features: [
      sagemakerStudioPlugin,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: APP_ORIGIN },
          sagemakerStudio: {
            mappings: {
              region: 'us-east-1',
              endpoint: local.dynamoDb.endpoint,
              ...TABLES,
              cacheTtlSeconds: options.cacheTtlSeconds ?? 600,
            },
            access: { externalId: EXTERNAL_ID },
            aws: {
              callTimeoutMs: 3000,
              endpoints: {
                sts: local.aws.endpoint,
                sagemaker: local.aws.endpoint,
              },
              credentials: {
                accessKeyId: PORTAL.accessKeyId,
                secretAccessKey: PORTAL.secretAccessKey,
              },
              ...options.aws,
            },
            permissions: { launchDecisionCacheSeconds: 0 },
            unmappedUserMessage: 'Ask the studio admins.',
            ...options.studio,
          },
        },
      }),
      options.permissions ??
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      createServiceFactory({
        service: coreServices.rootLogger,
        deps: {},
        factory: () => logger(),
      }),
      auditor.factory,
      ...(options.features ?? []),
    ],
  });
  return { server: backend.server, audit, logs, stop: () => backend.stop() };
}

export const user = (ref: string) =>
  mockCredentials.user.header(ref.includes(':') ? ref : `user:default/${ref}`);
export const ADMIN = user('user:default/admin');

/**
 * The org as the catalog and the users' tokens see it, changeable by tests:
 * `tokens` are the ownership refs each user's Backstage identity carries
 * (a snapshot of sign-in), `memberOf` the groups the catalog lists now.
 */
export class TestOrg {
  readonly tokens = new Map<string, string[]>();
  readonly memberOf = new Map<string, string[]>();
  catalogDown = false;

  /** A user whose token and catalog entity both say these groups. */
  member(userRef: string, ...groups: string[]): this {
    this.tokens.set(userRef, groups);
    this.memberOf.set(userRef, groups);
    return this;
  }

  features() {
    const { tokens, memberOf, groups } = this;
    const catalogDown = () => this.catalogDown;
    const entity = (ref: string): Entity | undefined => {
      const { kind, namespace, name } = parseEntityRef(ref);
      if (kind === 'user' && memberOf.has(ref)) {
        return {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name, namespace },
          spec: {},
          relations: memberOf
            .get(ref)!
            .map(targetRef => ({ type: RELATION_MEMBER_OF, targetRef })),
        };
      }
      if (kind === 'group') {
        const members = [...memberOf]
          .filter(([, of]) => of.includes(ref))
          .map(([member]) => member);
        if (members.length === 0 && !groups.has(ref)) return undefined;
        return {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Group',
          metadata: { name, namespace },
          spec: { type: 'team', children: [] },
          relations: members.map(targetRef => ({
            type: RELATION_HAS_MEMBER,
            targetRef,
          })),
        };
      }
      return undefined;
    };
    return [
      catalogServiceMock.mock({
        async getEntityByRef(ref: string | CompoundEntityRef) {
          if (catalogDown()) throw new Error('catalog unreachable');
          return entity(
            typeof ref === 'string' ? ref : stringifyEntityRef(ref),
          );
        },
      }).factory,
      createServiceFactory({
        service: coreServices.userInfo,
        deps: {},
        factory: () => ({
          async getUserInfo(credentials: BackstageCredentials) {
            const ref = (credentials.principal as BackstageUserPrincipal)
              .userEntityRef;
            return {
              userEntityRef: ref,
              ownershipEntityRefs: [ref, ...(tokens.get(ref) ?? [])],
            };
          },
        }),
      }),
    ];
  }

  /** Groups that exist in the catalog even without members. */
  readonly groups = new Set<string>();
}

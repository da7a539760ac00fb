import { z } from 'zod';
import {
  DEFAULT_ACCESS_ROLE_NAME,
  DEFAULT_PROFILE_TAG_KEY,
  displayNameSchema,
  patterns,
} from '@studio-portal/plugin-sagemaker-studio-common';

/**
 * The one configuration file of the CDK app. Everything that crosses an
 * account boundary is derived from it (role ARNs) or published through
 * shared SSM parameters (endpoint ids, Transit Gateway id, resolver rules),
 * so no value is copied by hand between deployments.
 */

// Identifier rules shared with the portal's admin API and seed (one source of truth).
const accountId = z
  .string()
  .regex(patterns.accountId, 'must be a 12-digit AWS account id');
const region = z
  .string()
  .regex(patterns.region, 'must be an AWS region like us-east-1');
const cidr = z
  .string()
  .regex(
    /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(?:[0-9]|[12]\d|3[0-2])$/,
    'must be an IPv4 CIDR like 10.0.0.0/16',
  );
const ipv4 = z
  .string()
  .regex(
    /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/,
    'must be an IPv4 address',
  );
const roleName = z
  .string()
  .regex(patterns.roleName, 'must be an IAM role name');
const userProfileName = z
  .string()
  .regex(patterns.userProfileName, 'must be a SageMaker user profile name');
const lobId = z
  .string()
  .regex(patterns.lobId, 'must be a lowercase slug (a-z, 0-9 and -)');
const secretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/,
    'must be the complete ARN of a Secrets Manager secret (with its 6-character suffix)',
  );
const secretRef = z
  .object({
    arn: secretArn,
    /** JSON key inside the secret; leave out for a plain-text secret. */
    jsonField: z.string().min(1).optional(),
  })
  .strict();
const kmsKeyArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]{36}$/,
    'must be the ARN of a KMS key (arn:aws:kms:<region>:<account>:key/<key id>)',
  );
const transitGatewayAttachmentId = z
  .string()
  .regex(
    /^tgw-attach-[0-9a-f]{8,17}$/,
    'must be a Transit Gateway attachment id like tgw-attach-0123456789abcdef0',
  );

export const sharedServicesSchema = z
  .object({
    accountId,
    region,
    vpcCidr: cidr,
    maxAzs: z.number().int().min(2).max(3).default(2),
    natGateways: z.number().int().min(1).max(3).default(1),
    /**
     * RAM: share only inside the AWS Organization (recommended). Set true if
     * the LOB accounts are outside it (they must then accept the invitations).
     */
    allowExternalPrincipals: z.boolean().default(false),
  })
  .strict();

export const corporateSchema = z
  .object({
    /** On-premises / corporate networks that reach the portal and Studio. */
    cidrs: z.array(cidr).min(1),
    /** Corporate DNS zones that AWS resolvers forward to on-premises DNS. */
    dns: z
      .object({
        domains: z.array(z.string().min(1)).min(1),
        serverIps: z.array(ipv4).min(1),
      })
      .strict()
      .optional(),
    /**
     * The Transit Gateway attachment of the corporate network (a VPN or
     * Direct Connect gateway attachment, created outside this app). When set,
     * the network stack associates it with the shared route table and routes
     * `cidrs` to it from both route tables (docs/deployment.md, section 6).
     */
    transitGatewayAttachmentId: transitGatewayAttachmentId.optional(),
  })
  .strict();

export const accessSchema = z
  .object({
    /** Name of the access role in each LOB account (a LOB may override it). */
    roleName: roleName.default(DEFAULT_ACCESS_ROLE_NAME),
    /** Session tag that carries the Studio user profile name. */
    profileTagKey: z
      .string()
      .min(1)
      .max(128)
      .regex(patterns.stsTagCharacters)
      .default(DEFAULT_PROFILE_TAG_KEY),
    /**
     * Where the sts:ExternalId lives: a secret in the shared-services account
     * (see docs/deployment.md for its resource and key policy). The portal
     * reads it at run time; each LOB stack resolves it at deploy time.
     */
    externalIdSecret: secretRef
      .extend({
        /**
         * The customer managed KMS key that encrypts the secret: the portal's
         * task execution role may decrypt with it (through Secrets Manager only).
         */
        kmsKeyArn,
      })
      .strict(),
  })
  .strict();

/** Backstage's PostgreSQL (RDS), reachable only from the portal tasks. */
export const databaseSchema = z
  .object({
    /** RDS instance class without the `db.` prefix. */
    instanceType: z
      .string()
      .regex(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be like t4g.small')
      .default('t4g.micro'),
    allocatedStorageGiB: z.number().int().min(20).max(1000).default(20),
    /** Storage autoscaling ceiling. */
    maxAllocatedStorageGiB: z.number().int().min(20).max(1000).default(100),
    /** A standby in a second AZ (recommended; off halves the cost). */
    multiAz: z.boolean().default(true),
    backupRetentionDays: z.number().int().min(1).max(35).default(7),
    /** Refuse to delete the instance (and keep a final snapshot if it is deleted). */
    deletionProtection: z.boolean().default(true),
    /**
     * Rotate the master password every N days. 0 (default) installs the
     * rotation function but rotates only on demand, because ECS injects the
     * password when a task starts: every rotation must be followed by a
     * new deployment of the service (docs/deployment.md, section 10).
     */
    rotationDays: z.number().int().min(0).max(365).default(0),
  })
  .strict();

/** The shared cache of the replicas (ElastiCache for Valkey). */
export const cacheSchema = z
  .object({
    nodeType: z
      .string()
      .regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, 'must be like cache.t4g.micro')
      .default('cache.t4g.micro'),
    /** Read replicas next to the primary; 1 or more gives Multi-AZ failover. */
    replicas: z.number().int().min(0).max(5).default(1),
  })
  .strict();

export const portalSchema = z
  .object({
    /** Public URL of Backstage, e.g. https://studio-portal.corp.example.com */
    baseUrl: z
      .string()
      .url()
      .refine(u => u.startsWith('https://'), 'must be https'),
    /** ACM certificate for the internal ALB (in the shared-services account). */
    certificateArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/),
    /**
     * The Backstage image. Default: built from this repository by `cdk deploy`
     * (packages/backend/Dockerfile, after `yarn build:backend`). Or an image
     * pushed to the ECR repository that the registry stack creates.
     */
    image: z
      .discriminatedUnion('source', [
        z.object({ source: z.literal('build') }).strict(),
        z
          .object({
            source: z.literal('ecr'),
            repositoryName: z
              .string()
              .regex(
                /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
                'must be an ECR repository name',
              )
              .min(2)
              .max(256),
            tag: z
              .string()
              .regex(/^[\w][\w.-]{0,127}$/, 'must be an image tag'),
          })
          .strict(),
      ])
      .default({ source: 'build' }),
    /** Fixed so that LOB trust policies can name it without a lookup. */
    taskRoleName: roleName.default('studio-portal-backstage-task'),
    desiredCount: z.number().int().min(1).max(10).default(2),
    cpu: z.number().int().default(1024),
    memoryMiB: z.number().int().default(2048),
    database: databaseSchema.default({}),
    cache: cacheSchema.default({}),
  })
  .strict();

export const cognitoSchema = z
  .object({
    /** Hosted UI domain prefix: <prefix>.auth.<region>.amazoncognito.com */
    domainPrefix: z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/),
    mfa: z.enum(['REQUIRED', 'OPTIONAL']).default('REQUIRED'),
    /** Threat protection: ENFORCED blocks risky sign-ins, AUDIT only logs. */
    threatProtection: z.enum(['ENFORCED', 'AUDIT']).default('ENFORCED'),
  })
  .strict();

export const lobSchema = z
  .object({
    lobId,
    displayName: displayNameSchema,
    accountId,
    region,
    vpcCidr: cidr,
    maxAzs: z.number().int().min(2).max(3).default(2),
    /** Override of access.roleName for this LOB. */
    roleName: roleName.optional(),
    domain: z
      .object({
        name: z.string().regex(patterns.domainName),
        /** Buckets the Studio execution role may read and write (nothing else in S3). */
        dataBucketNames: z
          .array(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/))
          .default([]),
      })
      .strict(),
    userProfiles: z.array(userProfileName).default([]),
    /**
     * IAM roles of this LOB account that the portal may give the Studio
     * profiles it creates (a LOB row's `executionRoleName`): the access role
     * may pass these, and only these, to SageMaker. None: created profiles
     * get the domain's default execution role, and no iam:PassRole is granted.
     */
    profileExecutionRoleNames: z.array(roleName).default([]),
  })
  .strict();

export const appConfigSchema = z
  .object({
    /** Prefix of resource names and SSM parameters. */
    prefix: z
      .string()
      .regex(/^[a-z][a-z0-9-]{1,20}$/)
      .default('studio-portal'),
    sharedServices: sharedServicesSchema,
    corporate: corporateSchema,
    access: accessSchema,
    portal: portalSchema,
    cognito: cognitoSchema,
    tables: z
      .object({
        lobs: z.string().min(3).default('studio-portal-lobs'),
        memberships: z.string().min(3).default('studio-portal-memberships'),
      })
      .strict()
      .default({}),
    lobs: z.array(lobSchema).min(1),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.lobs.forEach((lob, i) => {
      if (seen.has(lob.lobId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['lobs', i, 'lobId'],
          message: `duplicate lobId ${lob.lobId}`,
        });
      }
      seen.add(lob.lobId);
      // The Studio VPC endpoint, TGW and resolver rules are regional; a LOB in
      // another region needs its own endpoint set and TGW peering.
      if (lob.region !== config.sharedServices.region) {
        ctx.addIssue({
          code: 'custom',
          path: ['lobs', i, 'region'],
          message: `must equal sharedServices.region (${config.sharedServices.region})`,
        });
      }
      if (lob.accountId === config.sharedServices.accountId) {
        ctx.addIssue({
          code: 'custom',
          path: ['lobs', i, 'accountId'],
          message:
            'a LOB needs its own account, not the shared-services account',
        });
      }
    });
    const { database } = config.portal;
    if (database.maxAllocatedStorageGiB < database.allocatedStorageGiB) {
      ctx.addIssue({
        code: 'custom',
        path: ['portal', 'database', 'maxAllocatedStorageGiB'],
        message: `must be at least allocatedStorageGiB (${database.allocatedStorageGiB})`,
      });
    }
    const cidrs = [
      {
        path: ['sharedServices', 'vpcCidr'],
        value: config.sharedServices.vpcCidr,
      },
      ...config.lobs.map((lob, i) => ({
        path: ['lobs', i, 'vpcCidr'],
        value: lob.vpcCidr,
      })),
      ...config.corporate.cidrs.map((value, i) => ({
        path: ['corporate', 'cidrs', i],
        value,
      })),
    ];
    for (let a = 0; a < cidrs.length; a++) {
      for (let b = a + 1; b < cidrs.length; b++) {
        if (cidrsOverlap(cidrs[a].value, cidrs[b].value)) {
          ctx.addIssue({
            code: 'custom',
            path: cidrs[b].path,
            message: `${cidrs[b].value} overlaps ${cidrs[a].value}: routed networks must not overlap`,
          });
        }
      }
    }
  });

export type AppConfig = z.infer<typeof appConfigSchema>;
export type LobConfig = z.infer<typeof lobSchema>;
export type SecretRef = z.infer<typeof secretRef>;
export type PortalConfig = z.infer<typeof portalSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type CacheConfig = z.infer<typeof cacheSchema>;

function toRange(block: string): [number, number] {
  const [ip, bits] = block.split('/');
  const base = ip
    .split('.')
    .reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - Number(bits));
  const start = base - (base % size);
  return [start, start + size - 1];
}

export function cidrsOverlap(a: string, b: string): boolean {
  const [aStart, aEnd] = toRange(a);
  const [bStart, bEnd] = toRange(b);
  return aStart <= bEnd && bStart <= aEnd;
}

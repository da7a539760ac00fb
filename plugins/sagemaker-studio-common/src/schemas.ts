import { z } from 'zod';
import {
  DISPLAY_NAME_MAX_LENGTH,
  SEARCH_MAX_LENGTH,
  isSafeLandingUri,
  patterns,
} from './patterns';

const lobId = z
  .string()
  .regex(patterns.lobId, 'must be a lowercase slug (a-z, 0-9 and -)');
const spaceName = z
  .string()
  .regex(patterns.spaceName, 'must be a SageMaker space name');
const landingUri = z
  .string()
  .max(1023)
  .regex(
    patterns.landingUri,
    "must be 'studio::<path>' or 'app:<JupyterLab|CodeEditor|...>:<path>'",
  )
  .refine(isSafeLandingUri, {
    message: "must not contain '..', '//' or encoded path tricks",
  });

/**
 * Body of POST /launch and query of GET /launch.
 *
 * @public
 */
export const launchRequestSchema = z
  .object({
    lobId: lobId.optional(),
    spaceName: spaceName.optional(),
    landingUri: landingUri.optional(),
  })
  .strict();

/** @public */
export type LaunchRequest = z.infer<typeof launchRequestSchema>;

/**
 * Query of GET /spaces.
 *
 * @public
 */
export const spacesRequestSchema = z
  .object({ lobId: lobId.optional() })
  .strict();

/**
 * A LOB's display name: the admin API, the seed and the infra config share it.
 *
 * @public
 */
export const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(DISPLAY_NAME_MAX_LENGTH)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');
const displayName = displayNameSchema;

/**
 * A LOB as admins write it (issue 4 uses these for POST/PUT /lobs).
 *
 * @public
 */
export const lobInputSchema = z
  .object({
    lobId,
    displayName,
    accountId: z.string().regex(patterns.accountId, 'must be 12 digits'),
    region: z
      .string()
      .regex(patterns.region, 'must be an AWS region name like us-east-1'),
    domainId: z
      .string()
      .regex(
        patterns.domainId,
        "must be a SageMaker domain id like 'd-abc123def456'",
      ),
    roleName: z
      .string()
      .regex(patterns.roleName, 'must be an IAM role name')
      .optional(),
    /**
     * Create a member's Studio user profile on their first launch when it
     * does not exist (CreateUserProfile). Default false.
     */
    provisionProfiles: z.boolean().optional(),
    /**
     * Execution role (a role name in the LOB's account) of the profiles the
     * portal creates; none: the domain's default execution role.
     */
    executionRoleName: z
      .string()
      .regex(patterns.roleName, 'must be an IAM role name')
      .optional(),
  })
  .strict();

/** @public */
export type LobInput = z.infer<typeof lobInputSchema>;

/**
 * A LOB's own fields, as admins write them, in the schema's order (the CSV's
 * columns): the one list wherever a LOB's fields are copied.
 *
 * @public
 */
export const LOB_INPUT_FIELDS = Object.keys(
  lobInputSchema.shape,
) as readonly (keyof LobInput)[];

/** A user ref. */
const userRef = z
  .string()
  .regex(
    patterns.userRef,
    "must be a user entity ref like 'user:default/jane'",
  );

/**
 * A membership names a user, or a group: every user whose Backstage
 * identity includes the group is then a member (with their own profile).
 *
 * @public
 */
export const membershipInputSchema = z
  .object({
    userRef: z
      .string()
      .regex(
        patterns.memberRef,
        "must be a user or group entity ref like 'user:default/jane' or 'group:default/data-scientists'",
      ),
    lobId,
    userProfileName: z
      .string()
      .regex(patterns.userProfileName, 'must be a SageMaker user profile name')
      .optional(),
  })
  .strict();

/** @public */
export type MembershipInput = z.infer<typeof membershipInputSchema>;

/**
 * Item versions count edits: far below the integers DynamoDB and JS hold exactly.
 *
 * @public
 */
export const MAX_VERSION = 2 ** 31 - 1;
const version = z.number().int().positive().max(MAX_VERSION);

/**
 * Body of PUT /lobs/:lobId: the LOB without its id, plus the version read.
 *
 * @public
 */
export const lobUpdateSchema = lobInputSchema
  .omit({ lobId: true })
  .extend({ version })
  .strict();
/** @public */
export type LobUpdate = z.infer<typeof lobUpdateSchema>;

/**
 * Body of PUT /memberships/:lobId/:userRef. No version: create.
 *
 * @public
 */
export const membershipPutSchema = z
  .object({
    userProfileName: membershipInputSchema.shape.userProfileName,
    version: version.optional(),
  })
  .strict();

/**
 * Query of DELETE routes: the version read.
 *
 * @public
 */
export const versionQuerySchema = z
  .object({ version: z.coerce.number().int().positive().max(MAX_VERSION) })
  .strict();

/** @public */
export const deleteLobQuerySchema = versionQuerySchema
  .extend({ cascade: z.enum(['true', 'false']).optional() })
  .strict();

/**
 * Query of GET /lobs and GET /memberships.
 *
 * @public
 */
export const pageQuerySchema = z.object({
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

/**
 * Search text of the admin listings: a case-insensitive substring. Empty
 * (after trimming) means no search.
 *
 * @public
 */
export const searchTextSchema = z
  .string()
  .trim()
  .max(SEARCH_MAX_LENGTH)
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters')
  .transform(text => text || undefined);

/**
 * Query of GET /lobs: `q` matches the LOB id, display name, account, region
 * and domain id.
 *
 * @public
 */
export const lobsQuerySchema = pageQuerySchema
  .extend({ q: searchTextSchema.optional() })
  .strict();

/**
 * Query of GET /memberships: `q` matches the member's ref and the profile
 * they open.
 *
 * @public
 */
export const membershipsQuerySchema = pageQuerySchema
  .extend({
    lobId: lobId.optional(),
    userRef: membershipInputSchema.shape.userRef.optional(),
    q: searchTextSchema.optional(),
  })
  .strict()
  .refine(q => q.lobId || q.userRef, {
    message: 'give lobId or userRef',
    path: ['lobId'],
  });

/** @public */
export const checkRequestSchema = z
  .object({ userRef: userRef.optional() })
  .strict();

/**
 * Query of GET /profile: the LOB whose Studio user profile to report on.
 *
 * @public
 */
export const profileRequestSchema = z
  .object({ lobId: lobId.optional() })
  .strict();

/**
 * Body of POST /import: a CSV or YAML export, or the reference design's tables.
 *
 * @public
 */
export const importRequestSchema = z.discriminatedUnion('format', [
  z
    .object({ format: z.literal('csv'), content: z.string().max(2_000_000) })
    .strict(),
  z
    .object({ format: z.literal('yaml'), content: z.string().max(2_000_000) })
    .strict(),
  z
    .object({
      format: z.literal('reference'),
      /** Items of the reference design's Users table: `{ PK: username, LOB }` */
      users: z.array(z.record(z.string(), z.unknown())).max(20_000),
      /** Items of its LOBs table: `{ PK: lobId, ACCOUNT_ID }` */
      lobs: z.array(z.record(z.string(), z.unknown())).max(1_000),
      /** The Studio domain id of each LOB (the reference tables have none). */
      domains: z.record(z.string(), z.string()),
      /** Region of every LOB's domain. */
      region: z
        .string()
        .regex(patterns.region, 'must be an AWS region name like us-east-1'),
      /** Namespace of the user entity refs made from usernames. Default: default */
      userNamespace: z.string().regex(patterns.namespace).optional(),
    })
    .strict(),
]);
/** @public */
export type ImportRequest = z.infer<typeof importRequestSchema>;

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';

/** Same identifier rules as the backend plugin, so a seed never writes what it would refuse. */
const patterns = {
  lobId: /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
  accountId: /^\d{12}$/,
  region: /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/,
  domainId: /^d-(?:-*[a-z0-9]){1,61}$/,
  roleName: /^[\w+=,.@-]{1,64}$/,
  userProfileName: /^[a-zA-Z0-9](?:-*[a-zA-Z0-9]){0,62}$/,
  userRef:
    /^user:[a-z0-9]+(?:[-_.][a-z0-9]+)*\/[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/,
};

const lobSchema = z
  .object({
    lobId: z.string().regex(patterns.lobId, 'must be a lowercase slug'),
    displayName: z.string().min(1).max(200),
    accountId: z.string().regex(patterns.accountId, 'must be 12 digits'),
    region: z.string().regex(patterns.region, 'must be an AWS region'),
    domainId: z
      .string()
      .regex(
        patterns.domainId,
        "must be a SageMaker domain id like 'd-abc123def456'",
      ),
    roleName: z.string().regex(patterns.roleName).optional(),
  })
  .strict();

const userSchema = z
  .object({
    userRef: z
      .string()
      .regex(
        patterns.userRef,
        'must be a user entity ref like user:default/jane',
      ),
    email: z.string().email(),
    /** Demo and local mode only: real pools get temporary passwords instead. */
    password: z.string().min(8).optional(),
    groups: z.array(z.string().min(1)).default([]),
    memberships: z
      .array(
        z
          .object({
            lobId: z.string().regex(patterns.lobId),
            userProfileName: z
              .string()
              .regex(patterns.userProfileName)
              .optional(),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export const seedFileSchema = z
  .object({
    lobs: z.array(lobSchema).default([]),
    users: z.array(userSchema).default([]),
  })
  .strict()
  .superRefine((file, ctx) => {
    const lobIds = new Set<string>();
    file.lobs.forEach((lob, i) => {
      if (lobIds.has(lob.lobId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['lobs', i, 'lobId'],
          message: `duplicate lobId ${lob.lobId}`,
        });
      }
      lobIds.add(lob.lobId);
    });
    const userRefs = new Set<string>();
    file.users.forEach((user, u) => {
      const ref = user.userRef.toLowerCase();
      if (userRefs.has(ref)) {
        ctx.addIssue({
          code: 'custom',
          path: ['users', u, 'userRef'],
          message: `duplicate userRef ${user.userRef}`,
        });
      }
      userRefs.add(ref);
      user.memberships.forEach((m, i) => {
        if (!lobIds.has(m.lobId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['users', u, 'memberships', i, 'lobId'],
            message: `unknown lobId ${m.lobId} (not in lobs)`,
          });
        }
      });
    });
  });

export type SeedFile = z.infer<typeof seedFileSchema>;
export type SeedUser = SeedFile['users'][number];

export function parseSeedFile(raw: unknown, source = 'seed file'): SeedFile {
  const result = seedFileSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map(issue => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('\n');
    throw new Error(`Invalid ${source}:\n${problems}`);
  }
  return result.data;
}

/**
 * Reads a seed file; `deployedLobs` (from `--cdk-outputs`) join its LOBs, so
 * that they are validated alike, a LOB listed in both is refused as a
 * duplicate, and memberships may name deployed LOBs.
 */
export function readSeedFile(
  path: string,
  deployedLobs: Array<Record<string, string>> = [],
): SeedFile {
  const raw = parse(readFileSync(path, 'utf8')) ?? {};
  if (deployedLobs.length > 0 && raw && typeof raw === 'object') {
    raw.lobs = [...deployedLobs, ...(Array.isArray(raw.lobs) ? raw.lobs : [])];
  }
  return parseSeedFile(raw, path);
}

import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseOrExplain } from '../parseOrExplain';
import { z } from 'zod';
import {
  effectiveUserProfileName,
  lobInputSchema,
  normalizeUserRef,
  patterns,
  profileClaimKey,
} from '@studio-portal/plugin-sagemaker-studio-common';

/** The admin API's rules, so a seed never writes what the API would refuse. */
const lobSchema = lobInputSchema;

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
    const profiles = new Map<string, string>();
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
        // One Studio profile, one user, per LOB (as the admin API enforces).
        const profile = effectiveUserProfileName({
          userRef: normalizeUserRef(user.userRef),
          userProfileName: m.userProfileName,
        });
        const key = `${m.lobId}/${profileClaimKey(profile)}`;
        const holder = profiles.get(key);
        if (holder && holder !== ref) {
          ctx.addIssue({
            code: 'custom',
            path: ['users', u, 'memberships', i, 'userProfileName'],
            message: `profile ${profile} of ${m.lobId} is also given to ${holder}`,
          });
        }
        profiles.set(key, ref);
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
  return parseOrExplain(seedFileSchema, raw, source);
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

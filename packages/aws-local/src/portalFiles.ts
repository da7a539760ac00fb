import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  lobInputSchema,
  patterns,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { APP_STATUSES } from './types';

/**
 * A mappings seed (seed/demo.yaml): LOBs and users with their memberships;
 * email, password and groups serve local mode's sign-in.
 */
export const seedDocumentSchema = z.object({
  lobs: z.array(lobInputSchema).default([]),
  users: z
    .array(
      z.object({
        userRef: z.string().regex(patterns.userRef),
        email: z.string().optional(),
        password: z.string().optional(),
        groups: z.array(z.string()).default([]),
        memberships: z
          .array(
            z.object({
              lobId: z.string().regex(patterns.lobId),
              userProfileName: z
                .string()
                .regex(patterns.userProfileName)
                .optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});
export type SeedDocument = z.infer<typeof seedDocumentSchema>;

/**
 * What the stand-in's LOB accounts contain (seed/local-studio.yaml): the
 * portal's principal, and the Studio domains with their user profiles and
 * spaces.
 */
export const localStudioSchema = z.object({
  portalPrincipal: z.object({ arn: z.string() }),
  domains: z.array(
    z.object({
      domainId: z.string().regex(patterns.domainId),
      domainName: z.string(),
      accountId: z.string().regex(patterns.accountId),
      region: z.string().regex(patterns.region),
      userProfiles: z.array(z.string().regex(patterns.userProfileName)),
      spaces: z
        .array(
          z.object({
            spaceName: z.string().regex(patterns.spaceName),
            appType: z.enum(['JupyterLab', 'CodeEditor']),
            sharingType: z.enum(['Private', 'Shared']),
            ownerUserProfileName: z.string().optional(),
            app: z.object({ status: z.enum(APP_STATUSES) }).optional(),
          }),
        )
        .default([]),
    }),
  ),
});
export type LocalStudio = z.infer<typeof localStudioSchema>;

export async function readYamlFile<T extends z.ZodTypeAny>(
  path: string,
  schema: T,
): Promise<z.infer<T>> {
  const parsed = schema.safeParse(parseYaml(await readFile(path, 'utf8')));
  if (!parsed.success) {
    throw new Error(`Invalid ${path}: ${parsed.error.message}`);
  }
  return parsed.data;
}

/** Several seed files as one, loaded in order (LOBs of all files first). */
export function mergeSeeds(seeds: SeedDocument[]): SeedDocument {
  return {
    lobs: seeds.flatMap(seed => seed.lobs),
    users: seeds.flatMap(seed => seed.users),
  };
}

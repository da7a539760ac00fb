import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  MappingEditor,
  StaleWriteError,
} from '@studio-portal/plugin-sagemaker-studio-node';
import type { SeedFile } from './seedFile';

export interface SeedTables {
  lobsTable: string;
  membershipsTable: string;
}

export interface SeedTablesResult {
  created: { lobs: number; memberships: number };
  /** Items that already existed; left as they are (admins may have edited them). */
  kept: { lobs: number; memberships: number };
}

/** The one call we need. */
export type DocumentSender = Pick<DynamoDBDocumentClient, 'send'>;

export const SEED_ACTOR = 'seed';

/**
 * Writes the seed file's LOBs and memberships with `version: 1`,
 * `updatedAt` now and `updatedBy: 'seed'`, through the backend plugin's own
 * writer: LOB incarnations and profile claims are written as the admin API
 * writes them, in the same transactions, so a seed can never give one
 * profile of a LOB to two users. Idempotent: what exists is kept (admins may
 * have edited it); a profile another user holds stops the seed with that
 * user's name.
 */
export async function seedTables(
  client: DocumentSender,
  tables: SeedTables,
  file: SeedFile,
  now: () => Date = () => new Date(),
): Promise<SeedTablesResult> {
  const editor = new MappingEditor(client, tables, { now });
  const result: SeedTablesResult = {
    created: { lobs: 0, memberships: 0 },
    kept: { lobs: 0, memberships: 0 },
  };
  const keptIfExists = async (
    kind: 'lobs' | 'memberships',
    write: () => Promise<unknown>,
  ) => {
    try {
      await write();
      result.created[kind] += 1;
    } catch (error) {
      if (!(error instanceof StaleWriteError)) throw error;
      result.kept[kind] += 1;
    }
  };
  for (const lob of file.lobs) {
    await keptIfExists('lobs', () => editor.createLob(lob, SEED_ACTOR));
  }
  for (const user of file.users) {
    for (const membership of user.memberships) {
      await keptIfExists('memberships', () =>
        editor.putMembership(
          membership.lobId,
          user.userRef,
          { userProfileName: membership.userProfileName },
          SEED_ACTOR,
        ),
      );
    }
  }
  return result;
}

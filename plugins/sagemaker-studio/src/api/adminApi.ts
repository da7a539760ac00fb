import { createApiRef } from '@backstage/frontend-plugin-api';
import type {
  CheckResult,
  EffectiveMembersResponse,
  ImportDryRunResult,
  ImportRequest,
  ImportResult,
  Lob,
  LobInput,
  LobUpdate,
  MembershipRecord,
  Page,
  ProvisionedProfile,
  WriteResult,
} from '@studio-portal/plugin-sagemaker-studio-common';

export type {
  CheckResult,
  CheckStep,
  EffectiveMember,
  EffectiveMembersResponse,
  ProvisionedProfile,
  ImportDryRunResult,
  ImportFieldChange,
  ImportPreviewPart,
  ImportPreviewRow,
  ImportPreviewRows,
  ImportRequest,
  ImportResult,
  ImportRowError,
  Lob,
  LobInput,
  LobUpdate,
  MembershipRecord,
  Page,
  WriteResult,
} from '@studio-portal/plugin-sagemaker-studio-common';

/**
 * One page of a listing: where to start and how many.
 *
 * @public
 */
export type PageRequest = {
  cursor?: string;
  limit?: number;
  /** Search text: a case-insensitive part of an id, name or ref (server-side). */
  q?: string;
};

/**
 * `GET /memberships` needs a LOB, a user, or both.
 *
 * @public
 */
export type MembershipsQuery = PageRequest & {
  lobId?: string;
  userRef?: string;
};

/**
 * Body of `PUT /memberships/:lobId/:userRef`; no version creates.
 *
 * @public
 */
export type MembershipChange = { userProfileName?: string; version?: number };

/** @public */
export type ExportFormat = 'csv' | 'yaml';

/**
 * The admin API of the sagemaker-studio backend: LOBs, memberships, the
 * per-LOB check, export and import. Failures reject with a `ResponseError`;
 * `responseErrors` reads the field errors, bad import rows and the current item
 * of a 409 from it.
 *
 * @public
 */
export interface SageMakerStudioAdminApi {
  listLobs(page?: PageRequest): Promise<Page<Lob>>;
  getLob(lobId: string): Promise<Lob>;
  createLob(input: LobInput): Promise<WriteResult<Lob>>;
  /** Rejects with 409 (and the current LOB) when `update.version` is stale. */
  updateLob(lobId: string, update: LobUpdate): Promise<WriteResult<Lob>>;
  /** Without `cascade`, a LOB with members is refused with 409. */
  deleteLob(
    lobId: string,
    options: { version: number; cascade?: boolean },
  ): Promise<{ removedMembers: number }>;
  /** Tries the access role, the domain and (given a user) the user profile. */
  checkLob(lobId: string, options?: { userRef?: string }): Promise<CheckResult>;
  listMemberships(query: MembershipsQuery): Promise<Page<MembershipRecord>>;
  putMembership(
    lobId: string,
    userRef: string,
    change: MembershipChange,
  ): Promise<WriteResult<MembershipRecord>>;
  deleteMembership(
    lobId: string,
    userRef: string,
    version: number,
  ): Promise<void>;
  /** Who belongs to the LOB: its users, and the members of its groups (from the catalog). */
  listEffectiveMembers(lobId: string): Promise<EffectiveMembersResponse>;
  /** The Studio user profiles the portal created in the LOB's domain. */
  listProvisionedProfiles(
    lobId: string,
  ): Promise<{ items: ProvisionedProfile[] }>;
  /** Every mapping as a CSV or YAML document. */
  exportMappings(format: ExportFormat): Promise<string>;
  importMappings(request: ImportRequest): Promise<ImportResult>;
  /** Validates an import without writing anything. */
  dryRunImport(request: ImportRequest): Promise<ImportDryRunResult>;
}

/** @public */
export const sageMakerStudioAdminApiRef =
  createApiRef<SageMakerStudioAdminApi>().with({
    id: 'plugin.sagemaker-studio.admin',
    pluginId: 'sagemaker-studio',
  });

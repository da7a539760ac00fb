import type {
  CheckResult,
  EffectiveMembersResponse,
  ExportFormat,
  ImportDryRunResult,
  ImportRequest,
  ImportResult,
  Lob,
  LobInput,
  LobUpdate,
  MembershipChange,
  MembershipRecord,
  MembershipsQuery,
  Page,
  PageRequest,
  ProvisionedProfile,
  SageMakerStudioAdminApi,
  WriteResult,
} from './adminApi';
import {
  BackendRequests,
  queryString,
  SageMakerStudioClientOptions,
  sendJson,
} from './backendRequests';

/**
 * HTTP client for the admin routes of the sagemaker-studio backend.
 *
 * @public
 */
export class SageMakerStudioAdminClient implements SageMakerStudioAdminApi {
  private readonly backend: BackendRequests;

  constructor(options: SageMakerStudioClientOptions) {
    this.backend = new BackendRequests(options);
  }

  listLobs(page: PageRequest = {}): Promise<Page<Lob>> {
    return this.backend.json(`/lobs${queryString(page)}`);
  }

  getLob(lobId: string): Promise<Lob> {
    return this.backend.json(`/lobs/${encodeURIComponent(lobId)}`);
  }

  createLob(input: LobInput): Promise<WriteResult<Lob>> {
    return this.backend.json('/lobs', sendJson('POST', input));
  }

  updateLob(lobId: string, update: LobUpdate): Promise<WriteResult<Lob>> {
    return this.backend.json(
      `/lobs/${encodeURIComponent(lobId)}`,
      sendJson('PUT', update),
    );
  }

  deleteLob(
    lobId: string,
    options: { version: number; cascade?: boolean },
  ): Promise<{ removedMembers: number }> {
    const q = queryString({
      version: options.version,
      cascade: options.cascade || undefined,
    });
    return this.backend.json(`/lobs/${encodeURIComponent(lobId)}${q}`, {
      method: 'DELETE',
    });
  }

  checkLob(
    lobId: string,
    options: { userRef?: string } = {},
  ): Promise<CheckResult> {
    const body = options.userRef ? { userRef: options.userRef } : {};
    return this.backend.json(
      `/lobs/${encodeURIComponent(lobId)}/check`,
      sendJson('POST', body),
    );
  }

  listMemberships(q: MembershipsQuery): Promise<Page<MembershipRecord>> {
    return this.backend.json(`/memberships${queryString(q)}`);
  }

  putMembership(
    lobId: string,
    userRef: string,
    change: MembershipChange,
  ): Promise<WriteResult<MembershipRecord>> {
    return this.backend.json(
      membershipPath(lobId, userRef),
      sendJson('PUT', change),
    );
  }

  async deleteMembership(
    lobId: string,
    userRef: string,
    version: number,
  ): Promise<void> {
    await this.backend.fetch(
      `${membershipPath(lobId, userRef)}${queryString({ version })}`,
      {
        method: 'DELETE',
      },
    );
  }

  listEffectiveMembers(lobId: string): Promise<EffectiveMembersResponse> {
    return this.backend.json(
      `/lobs/${encodeURIComponent(lobId)}/effective-members`,
    );
  }

  listProvisionedProfiles(
    lobId: string,
  ): Promise<{ items: ProvisionedProfile[] }> {
    return this.backend.json(
      `/lobs/${encodeURIComponent(lobId)}/provisioned-profiles`,
    );
  }

  async exportMappings(format: ExportFormat): Promise<string> {
    const response = await this.backend.fetch(
      `/export${queryString({ format })}`,
    );
    return response.text();
  }

  importMappings(request: ImportRequest): Promise<ImportResult> {
    return this.backend.json('/import', sendJson('POST', request));
  }

  dryRunImport(request: ImportRequest): Promise<ImportDryRunResult> {
    return this.backend.json('/import?dryRun=true', sendJson('POST', request));
  }
}

function membershipPath(lobId: string, userRef: string) {
  // The user ref holds ':' and '/': one encoded path segment.
  return `/memberships/${encodeURIComponent(lobId)}/${encodeURIComponent(
    userRef,
  )}`;
}

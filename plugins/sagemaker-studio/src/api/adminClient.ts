import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  CheckResult,
  EffectiveMembersResponse,
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
import {
  ExportFormat,
  ImportDryRunResult,
  MembershipChange,
  MembershipsQuery,
  PageRequest,
  SageMakerStudioAdminApi,
} from './adminApi';

const PLUGIN_ID = 'sagemaker-studio';

/**
 * HTTP client for the admin routes of the sagemaker-studio backend.
 *
 * @public
 */
export class SageMakerStudioAdminClient implements SageMakerStudioAdminApi {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  listLobs(page: PageRequest = {}): Promise<Page<Lob>> {
    return this.json(`/lobs${query(page)}`);
  }

  getLob(lobId: string): Promise<Lob> {
    return this.json(`/lobs/${encodeURIComponent(lobId)}`);
  }

  createLob(input: LobInput): Promise<WriteResult<Lob>> {
    return this.json('/lobs', send('POST', input));
  }

  updateLob(lobId: string, update: LobUpdate): Promise<WriteResult<Lob>> {
    return this.json(`/lobs/${encodeURIComponent(lobId)}`, send('PUT', update));
  }

  deleteLob(
    lobId: string,
    options: { version: number; cascade?: boolean },
  ): Promise<{ removedMembers: number }> {
    const q = query({
      version: options.version,
      cascade: options.cascade ? 'true' : undefined,
    });
    return this.json(`/lobs/${encodeURIComponent(lobId)}${q}`, {
      method: 'DELETE',
    });
  }

  checkLob(
    lobId: string,
    options: { userRef?: string } = {},
  ): Promise<CheckResult> {
    const body = options.userRef ? { userRef: options.userRef } : {};
    return this.json(
      `/lobs/${encodeURIComponent(lobId)}/check`,
      send('POST', body),
    );
  }

  listMemberships(q: MembershipsQuery): Promise<Page<MembershipRecord>> {
    return this.json(`/memberships${query(q)}`);
  }

  putMembership(
    lobId: string,
    userRef: string,
    change: MembershipChange,
  ): Promise<WriteResult<MembershipRecord>> {
    return this.json(membershipPath(lobId, userRef), send('PUT', change));
  }

  async deleteMembership(
    lobId: string,
    userRef: string,
    version: number,
  ): Promise<void> {
    await this.request(
      `${membershipPath(lobId, userRef)}${query({ version })}`,
      {
        method: 'DELETE',
      },
    );
  }

  listEffectiveMembers(lobId: string): Promise<EffectiveMembersResponse> {
    return this.json(`/lobs/${encodeURIComponent(lobId)}/effective-members`);
  }

  listProvisionedProfiles(
    lobId: string,
  ): Promise<{ items: ProvisionedProfile[] }> {
    return this.json(`/lobs/${encodeURIComponent(lobId)}/provisioned-profiles`);
  }

  async exportMappings(format: ExportFormat): Promise<string> {
    const response = await this.request(`/export${query({ format })}`);
    return response.text();
  }

  importMappings(request: ImportRequest): Promise<ImportResult> {
    return this.json('/import', send('POST', request));
  }

  dryRunImport(request: ImportRequest): Promise<ImportDryRunResult> {
    return this.json('/import?dryRun=true', send('POST', request));
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.request(path, init);
    return (await response.json()) as T;
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function send(method: 'POST' | 'PUT', body: unknown): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function membershipPath(lobId: string, userRef: string) {
  // The user ref holds ':' and '/': one encoded path segment.
  return `/memberships/${encodeURIComponent(lobId)}/${encodeURIComponent(
    userRef,
  )}`;
}

/** A query string of the set values, or '' when there are none. */
function query(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { SageMakerStudioApi } from './SageMakerStudioApi';
import {
  LaunchProvisioningResponse,
  LaunchRequest,
  LaunchResponse,
  MeResponse,
  ProfileStatus,
  SpacesResponse,
} from './types';

const PLUGIN_ID = 'sagemaker-studio';

/**
 * HTTP client for the sagemaker-studio backend plugin.
 *
 * @public
 */
export class SageMakerStudioClient implements SageMakerStudioApi {
  private readonly discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
  private readonly fetchApi: Pick<FetchApi, 'fetch'>;

  constructor(options: {
    discoveryApi: Pick<DiscoveryApi, 'getBaseUrl'>;
    fetchApi: Pick<FetchApi, 'fetch'>;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getMe(): Promise<MeResponse> {
    return this.requestJson<MeResponse>('/me');
  }

  async launch(
    request: LaunchRequest,
  ): Promise<LaunchResponse | LaunchProvisioningResponse> {
    // 200 with the URL, or 202 while the user's profile is being created.
    return this.requestJson<LaunchResponse | LaunchProvisioningResponse>(
      '/launch',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(withoutEmptyValues(request)),
      },
    );
  }

  async getProfileStatus(lobId?: string): Promise<ProfileStatus> {
    const query = lobId ? `?${new URLSearchParams({ lobId })}` : '';
    return this.requestJson<ProfileStatus>(`/profile${query}`);
  }

  async listSpaces(lobId: string): Promise<SpacesResponse> {
    return this.requestJson<SpacesResponse>(
      `/spaces?${new URLSearchParams({ lobId })}`,
    );
  }

  /**
   * A plain link to GET /launch. A link sends no token, so first have the
   * backend set Backstage's user cookie, which that route accepts.
   */
  async getLaunchLink(request: LaunchRequest): Promise<string> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const cookie = await this.fetchApi.fetch(
      `${baseUrl}/.backstage/auth/v1/cookie`,
      { credentials: 'include' },
    );
    if (!cookie.ok) {
      throw await ResponseError.fromResponse(cookie);
    }
    const query = new URLSearchParams(withoutEmptyValues(request)).toString();
    return `${baseUrl}/launch${query ? `?${query}` : ''}`;
  }

  private async requestJson<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl(PLUGIN_ID);
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

/** Drops unset fields so the backend sees "absent", not "empty". */
function withoutEmptyValues(request: LaunchRequest): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(request)) {
    if (typeof value === 'string' && value !== '') {
      result[key] = value;
    }
  }
  return result;
}

import { SageMakerStudioApi } from './SageMakerStudioApi';
import {
  BackendRequests,
  queryString,
  SageMakerStudioClientOptions,
  sendJson,
  setValues,
} from './backendRequests';
import {
  LaunchProvisioningResponse,
  LaunchRequest,
  LaunchResponse,
  MeResponse,
  ProfileStatus,
  SpacesResponse,
} from './types';

/**
 * HTTP client for the sagemaker-studio backend plugin.
 *
 * @public
 */
export class SageMakerStudioClient implements SageMakerStudioApi {
  private readonly backend: BackendRequests;

  constructor(options: SageMakerStudioClientOptions) {
    this.backend = new BackendRequests(options);
  }

  async getMe(): Promise<MeResponse> {
    return this.backend.json('/me');
  }

  async launch(
    request: LaunchRequest,
  ): Promise<LaunchResponse | LaunchProvisioningResponse> {
    // 200 with the URL, or 202 while the user's profile is being created.
    return this.backend.json('/launch', sendJson('POST', setValues(request)));
  }

  async getProfileStatus(lobId?: string): Promise<ProfileStatus> {
    return this.backend.json(`/profile${queryString({ lobId })}`);
  }

  async listSpaces(lobId: string): Promise<SpacesResponse> {
    return this.backend.json(`/spaces${queryString({ lobId })}`);
  }

  /**
   * A plain link to GET /launch. A link sends no token, so first have the
   * backend set Backstage's user cookie, which that route accepts.
   */
  async getLaunchLink(request: LaunchRequest): Promise<string> {
    await this.backend.fetch('/.backstage/auth/v1/cookie', {
      credentials: 'include',
    });
    return this.backend.url(`/launch${queryString(request)}`);
  }
}

import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  LaunchProvisioningResponse,
  LaunchRequest,
  LaunchResponse,
  MeResponse,
  ProfileStatus,
  SpacesResponse,
} from './types';

/**
 * Talks to the sagemaker-studio backend on behalf of the signed-in user.
 * Failures reject with a `ResponseError` from `@backstage/errors`.
 *
 * @public
 */
export interface SageMakerStudioApi {
  /** The user's LOB memberships; rejects with a 404 when the user is unmapped. */
  getMe(): Promise<MeResponse>;
  /**
   * Creates a presigned Studio URL. Never log or persist the result. In a
   * LOB that creates profiles, the first launch answers `provisioning`
   * instead: poll `getProfileStatus` until it is ready, then launch again.
   */
  launch(
    request: LaunchRequest,
  ): Promise<LaunchResponse | LaunchProvisioningResponse>;
  /** The user's Studio user profile in a LOB while the portal creates it. */
  getProfileStatus(lobId?: string): Promise<ProfileStatus>;
  /** The user's private spaces and the shared spaces of a LOB's domain. */
  listSpaces(lobId: string): Promise<SpacesResponse>;
  /** A plain link that redirects to Studio (works without JavaScript pop-ups). */
  getLaunchLink(request: LaunchRequest): Promise<string>;
}

/** @public */
export const sageMakerStudioApiRef = createApiRef<SageMakerStudioApi>().with({
  id: 'plugin.sagemaker-studio.service',
  pluginId: 'sagemaker-studio',
});

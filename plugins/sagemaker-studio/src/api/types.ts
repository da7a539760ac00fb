// The API contract lives in the common package, shared with the backend, so
// that the two cannot drift apart.
export type {
  LaunchProvisioningResponse,
  LaunchRequest,
  LaunchResponse,
  ProfileStatus,
  MeResponse,
  Membership,
  SpacesResponse,
  StudioDomainSummary,
  StudioSpace,
} from '@studio-portal/plugin-sagemaker-studio-common';
export { CORRELATION_ID_HEADER } from '@studio-portal/plugin-sagemaker-studio-common';

// Mirrors the shapes served by the sagemaker-studio backend. To be replaced by
// imports from @studio-portal/plugin-sagemaker-studio-common once it ships.

/** One line of business the user may open Studio in. */
export type Membership = {
  lobId: string;
  displayName: string;
  accountId: string;
  region: string;
  domainId: string;
  userProfileName: string;
};

/** Response of `GET /me`. */
export type MeResponse = {
  userEntityRef: string;
  memberships: Membership[];
};

/** Body of `POST /launch` and query of `GET /launch`. */
export type LaunchRequest = {
  lobId?: string;
  spaceName?: string;
  landingUri?: string;
};

/** Response of `POST /launch`. The URL is a short-lived bearer secret. */
export type LaunchResponse = {
  url: string;
  /** ISO 8601 time after which the URL no longer works. */
  expiresAt: string;
};

/** A Studio space the user may open: their own private ones and shared ones. */
export type StudioSpace = {
  spaceName: string;
  appType?: 'JupyterLab' | 'CodeEditor' | string;
  sharingType: 'Private' | 'Shared';
  ownerUserProfileName?: string;
  status?: string;
};

/** Response of `GET /spaces`. */
export type SpacesResponse = {
  spaces: StudioSpace[];
};

/** Header every backend response carries; users quote it when reporting. */
export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

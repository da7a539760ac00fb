/**
 * Frontend plugin that opens the signed-in user's Amazon SageMaker Studio.
 *
 * The default export is the plugin for the new frontend system; the named
 * `sageMakerStudioLegacyPlugin`, `SageMakerStudioCard`, `SageMakerStudioPage`
 * and `SageMakerStudioAdminPage` serve apps on the legacy system.
 *
 * @packageDocumentation
 */
export { sageMakerStudioPlugin as default } from './plugin';
export { OPEN_STUDIO_WIDGET_NAME } from './plugin';
export {
  sageMakerStudioLegacyPlugin,
  SageMakerStudioCard,
  SageMakerStudioPage,
  SageMakerStudioAdminPage,
} from './legacy';
export { OpenStudioContent } from './components/OpenStudio';
export { StudioIcon as SageMakerStudioIcon } from './components/StudioIcon';
export { SageMakerStudioAdminPageContent } from './components/Admin';
export {
  CORRELATION_ID_HEADER,
  sageMakerStudioAdminApiRef,
  SageMakerStudioAdminClient,
  sageMakerStudioApiRef,
  SageMakerStudioClient,
} from './api';
export type {
  CheckResult,
  CheckStep,
  ExportFormat,
  ImportDryRunResult,
  ImportRequest,
  ImportResult,
  ImportRowError,
  LaunchRequest,
  LaunchResponse,
  Lob,
  LobInput,
  LobUpdate,
  MeResponse,
  Membership,
  MembershipChange,
  MembershipRecord,
  MembershipsQuery,
  Page,
  PageRequest,
  SageMakerStudioAdminApi,
  SageMakerStudioApi,
  SageMakerStudioClientOptions,
  SpacesResponse,
  StudioSpace,
  WriteResult,
} from './api';

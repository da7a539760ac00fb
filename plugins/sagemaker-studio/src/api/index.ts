export * from './types';
export { sageMakerStudioApiRef } from './SageMakerStudioApi';
export type { SageMakerStudioApi } from './SageMakerStudioApi';
export { SageMakerStudioClient } from './SageMakerStudioClient';
export type { SageMakerStudioClientOptions } from './backendRequests';
export * from './adminApi';
export { SageMakerStudioAdminClient } from './adminClient';
export {
  conflictCurrentOf,
  correlationIdOf,
  fieldErrorsOf,
  importRowErrorsOf,
  messageOf,
  statusOf,
} from './responseErrors';

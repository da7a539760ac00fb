export * from './types';
export { sageMakerStudioApiRef } from './SageMakerStudioApi';
export type { SageMakerStudioApi } from './SageMakerStudioApi';
export { SageMakerStudioClient } from './SageMakerStudioClient';

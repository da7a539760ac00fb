/**
 * Permissions, request schemas and API types shared by the SageMaker Studio
 * frontend and backend plugins.
 *
 * @packageDocumentation
 */
export * from './cognito';
export * from './permissions';
export * from './patterns';
export * from './aws';
export * from './profiles';
export * from './schemas';
export * from './types';

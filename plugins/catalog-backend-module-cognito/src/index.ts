/**
 * A Backstage catalog module that ingests the users and groups of Amazon
 * Cognito user pools as User and Group entities.
 *
 * @packageDocumentation
 */
export { catalogModuleCognitoUserPool as default } from './module';
export { CognitoUserPoolEntityProvider } from './provider';
export type {
  CognitoRefreshResult,
  CognitoUserPoolEntityProviderOptions,
} from './provider';
export { SdkUserPoolReader, USER_POOL_READ_ACTIONS } from './reader';
export type { UserPoolReader } from './reader';
export { readProviderConfig, readProviderConfigs, CONFIG_ROOT } from './config';
export type { CognitoProviderConfig } from './config';
export {
  entityNameFor,
  groupEntityName,
  hashedName,
  isPlainName,
  userEntityName,
} from './naming';
export type { UserNameSource } from './naming';
export {
  BadRecordError,
  isCatalogUser,
  groupToEntity,
  userToEntity,
} from './mapping';
export type { MappingContext } from './mapping';

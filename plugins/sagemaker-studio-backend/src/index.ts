/**
 * Backstage backend plugin that opens Amazon SageMaker Studio for the
 * signed-in user in their line of business's AWS account.
 *
 * @packageDocumentation
 */
export { sagemakerStudioPlugin as default } from './plugin';
export { readStudioConfig, type StudioConfig } from './config';
export {
  DynamoMappingStore,
  mappingTableDefinitions,
  MEMBERS_BY_LOB_INDEX,
  type MappingTables,
} from './services/MappingStore';
export {
  MappingEditor,
  ProfileClaimedError,
  StaleWriteError,
} from './services/MappingEditor';
export { stsIdentityFor } from './services/sessionIdentity';

/**
 * Backstage backend plugin that opens Amazon SageMaker Studio for the
 * signed-in user in their line of business's AWS account.
 *
 * @packageDocumentation
 */
export { sagemakerStudioPlugin as default } from './plugin';

// The exports below serve this repository's own tools (local mode, the seed
// CLI, the AWS stand-ins' CLI, tests). Tagged internal, they are left out of
// the published type declarations and the API report: not a supported API.

/** @internal */
export { readStudioConfig, type StudioConfig } from './config';
/** @internal */
export {
  mappingTableDefinitions,
  MEMBERS_BY_LOB_INDEX,
  type MappingTables,
} from './services/MappingStore';
/** @internal */
export {
  MappingEditor,
  ProfileClaimedError,
  StaleWriteError,
} from './services/MappingEditor';
/** @internal */
export { stsIdentityFor } from './services/sessionIdentity';

/**
 * The SageMaker Studio plugins' mapping data model (LOBs, memberships,
 * profile claims, domain locks) and its DynamoDB repository, shared by the
 * backend plugin, the infrastructure (table definitions, seeding) and the
 * local mode.
 *
 * @packageDocumentation
 */

export { readStudioConfig, type StudioConfig } from './config';
export {
  DynamoCalls,
  isConditionFailure,
  type BoundCall,
  type DocumentSender,
  type DynamoCallFailure,
  type DynamoCallOptions,
} from './dynamoCalls';
export { DomainLocks } from './domainLocks';
export { matchesSearch, type ListPage } from './filteredPage';
export {
  MappingEditor,
  type MappingEditorOptions,
  type MembershipChange,
} from './MappingEditor';
export { MappingReads } from './mappingReads';
export {
  DomainTakenError,
  ProfileClaimedError,
  StaleWriteError,
  type DomainRef,
} from './mappingErrors';
export {
  claimKey,
  deadCondition,
  DOMAIN_LOCKS_PARTITION,
  domainLockKey,
  incarnationAttribute,
  incarnationOf,
  isGroupMembership,
  isLive,
  lobIncarnationCondition,
  profileOf,
  sameDomain,
  toLob,
  pickDefined,
  withoutUndefined,
  type StoredClaim,
  type StoredDomainLock,
  type StoredLob,
  type StoredMembership,
} from './mappingItems';
export {
  DynamoMappingStore,
  MEMBERS_BY_LOB_INDEX,
  mappingTableDefinitions,
  type MappingReader,
  type MappingTables,
} from './MappingStore';

export { startAwsStandIn } from './standIn';
export { startDynamoDbLocal } from './dynamoDbLocal';
export type {
  DynamoDbLocal,
  DynamoDbLocalOptions,
  DynamoDbFaultSpec,
  DynamoDbStats,
} from './dynamoDbLocal';
export {
  localDynamoDbClient,
  startDynamoDbLocalWithClients,
} from './dynamoDbLocalClients';
export type {
  DynamoDbLocalWithClients,
  LocalDynamoDbClientConfig,
} from './dynamoDbLocalClients';
export { validateWorld } from './world';
export type {
  AwsStandIn,
  AwsStandInOptions,
  FaultKind,
  FaultSpec,
  Latency,
  ProfileCreation,
  StandInCaller,
  StandInDomain,
  StandInRole,
  StandInService,
  StandInSpace,
  StandInStats,
  StandInWorld,
} from './types';
export { startCognitoStandIn } from './cognito';
export type {
  CognitoCaller,
  CognitoFault,
  CognitoStandIn,
  CognitoStandInOptions,
} from './cognito';
export { LocalUserPool } from './cognitoPool';
export type {
  CognitoIdClaims,
  CognitoPoolDefinition,
  CognitoSeedGroup,
  CognitoSeedUser,
} from './cognitoPool';
export { startLocalEnvironment, standInWorld } from './localEnvironment';
export type {
  LocalEnvironment,
  LocalEnvironmentOptions,
} from './localEnvironment';
export {
  localStudioSchema,
  mergeSeeds,
  readYamlFile,
  seedDocumentSchema,
} from './portalFiles';
export type { LocalStudio, SeedDocument } from './portalFiles';

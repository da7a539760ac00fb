export interface Config {
  permission?: {
    /** The portal's permission policy (packages/backend/src/modules/permissionPolicy.ts). */
    sagemakerStudio?: {
      /** Groups whose members may read and edit the LOB mappings, e.g. group:default/studio-admins. */
      adminGroups?: string[];
      /** When set, only members of these groups may open Studio. */
      launchGroups?: string[];
    };
  };
  sagemakerStudio?: {
    /** Local mode: embedded AWS stand-ins. Never set this in production. */
    local?: {
      enabled?: boolean;
      /** Port of DynamoDB Local (through its counting proxy) on 127.0.0.1. */
      dynamoDbPort?: number;
      /** Port of the STS/SageMaker/Studio stand-in on 127.0.0.1. */
      awsPort?: number;
      /** Port of the OIDC sign-in stand-in (Cognito's claims) on 127.0.0.1. */
      signInPort?: number;
      /** Port of the Cognito user pool stand-in (seeded from seedFile) on 127.0.0.1. */
      cognitoPort?: number;
      /** Mappings to load at start, relative to the backend's working directory. */
      seedFile?: string;
      /** What the stand-in's LOB accounts contain. */
      studioFile?: string;
      /** Injected per-call latency in ms, to feel (or benchmark) real AWS. */
      latencyMs?: { dynamoDb?: number; sts?: number; sagemaker?: number };
      /** How long a Studio user profile the portal creates stays Pending in the stand-in (ms, default 2000). */
      profileCreationDelayMs?: number;
    };
  };
}

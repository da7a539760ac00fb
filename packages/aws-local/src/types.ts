/** A long-term principal allowed to call STS (e.g. the portal backend's task role). */
export interface StandInCaller {
  accessKeyId: string;
  secretAccessKey: string;
  arn: string;
}

export interface StandInRole {
  /** arn:aws:iam::<12 digits>:role/<name> */
  arn: string;
  /** Principals allowed to assume the role. */
  trustedPrincipalArns: string[];
  /** Required sts:ExternalId when set. */
  externalId?: string;
  /** Default true. */
  requireSourceIdentity?: boolean;
  /**
   * Default 'studio-user-profile': the session tag whose value is the ONLY
   * user profile a session of this role may presign or describe.
   */
  profileTagKey?: string;
  /**
   * The only session tag keys the trust policy accepts (its
   * `ForAllValues:StringEquals aws:TagKeys` condition); unset: any.
   */
  allowedTagKeys?: string[];
  /** Default 3600. */
  maxSessionDurationSeconds?: number;
  /**
   * Whether the role's policy allows CreateUserProfile (default true), as
   * the portal's LOB role does: only for the profile named by the profile
   * session tag, only with a `backstage-user` tag equal to the session's,
   * and only with the tag keys in `createProfileTagKeys`.
   */
  mayCreateUserProfiles?: boolean;
  /** The tag keys CreateUserProfile may carry (aws:TagKeys); default backstage-user and provisioned-by. */
  createProfileTagKeys?: string[];
}

/** The states of a Studio app, as ListApps reports them. */
export const APP_STATUSES = [
  'InService',
  'Pending',
  'Deleting',
  'Deleted',
  'Failed',
] as const;
export type StandInAppStatus = (typeof APP_STATUSES)[number];

export interface StandInSpace {
  spaceName: string;
  appType: 'JupyterLab' | 'CodeEditor';
  sharingType: 'Private' | 'Shared';
  ownerUserProfileName?: string;
  /**
   * The space's app (of its appType, named `default` as Studio names it),
   * as ListApps reports it; absent: the space has no app (it is stopped).
   */
  app?: { status: StandInAppStatus };
}

export interface StandInDomain {
  /** d-[a-z0-9]{12} */
  domainId: string;
  domainName: string;
  accountId: string;
  region: string;
  userProfiles: string[];
  spaces?: StandInSpace[];
  /** DescribeDomain's Status; default InService. Only InService domains get new profiles. */
  status?: 'InService' | 'Pending' | 'Updating' | 'Failed' | 'Deleting';
  /** The quota of user profiles (ResourceLimitExceeded beyond it); default none. */
  maxUserProfiles?: number;
}

/** How CreateUserProfile's profiles come about. */
export interface ProfileCreation {
  /** How long a new profile stays Pending (default 2000 ms). */
  delayMs?: number;
  /** What it becomes then (default InService). */
  outcome?: 'InService' | 'Failed';
}

export interface StandInWorld {
  callers: StandInCaller[];
  roles: StandInRole[];
  domains: StandInDomain[];
}

export interface Latency {
  sts?: number;
  sagemaker?: number;
}

export type StandInService = 'sts' | 'sagemaker';

export type FaultKind =
  | 'throttle'
  | 'accessDenied'
  | 'serverError'
  | 'unavailable'
  | 'timeout'
  | 'expireCredentials';

export interface FaultSpec {
  service: StandInService;
  /** e.g. 'AssumeRole', 'CreatePresignedDomainUrl'; default: every action of the service. */
  action?: string;
  kind: FaultKind;
  /** How many calls it affects; default: until cleared. */
  times?: number;
  /** For 'timeout': how long to hang before answering; default: until the client disconnects. */
  delayMs?: number;
}

export interface StandInStats {
  sts: Record<string, number>;
  sagemaker: Record<string, number>;
  total: number;
}

export interface AwsStandInOptions {
  /** Default 0: a free port. */
  port?: number;
  world: StandInWorld;
  latencyMs?: Latency;
  /** Never receives secrets, tokens or URLs with tokens. */
  log?: (line: string) => void;
  /**
   * How long issued STS session credentials live on the server, in seconds;
   * default: DurationSeconds of the request. The Expiration told to the
   * client still follows DurationSeconds (credentials revoked early).
   */
  sessionLifetimeSeconds?: number;
  /** Clock in epoch milliseconds (tests move time forward); default Date.now. */
  now?: () => number;
  /** CreateUserProfile's Pending time and outcome (also settable at run time). */
  profileCreation?: ProfileCreation;
}

export interface AwsStandIn {
  /** e.g. http://127.0.0.1:43123, the `endpoint` for both STSClient and SageMakerClient. */
  endpoint: string;
  stats(): StandInStats;
  resetStats(): void;
  setLatency(latency: Latency): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Changes how profiles created from now on come about. */
  setProfileCreation(creation: ProfileCreation): void;
  /** A domain's user profiles with their status and tags (tests). */
  userProfiles(domainId: string): {
    name: string;
    status: string;
    tags: Record<string, string>;
    executionRole?: string;
  }[];
  /** Removes a user profile at once (tests and demo resets). */
  deleteUserProfile(domainId: string, name: string): boolean;
  /** Also destroys open and hanging sockets. */
  close(): Promise<void>;
}

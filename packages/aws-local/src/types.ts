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
}

export interface StandInSpace {
  spaceName: string;
  appType: 'JupyterLab' | 'CodeEditor';
  sharingType: 'Private' | 'Shared';
  ownerUserProfileName?: string;
}

export interface StandInDomain {
  /** d-[a-z0-9]{12} */
  domainId: string;
  domainName: string;
  accountId: string;
  region: string;
  userProfiles: string[];
  spaces?: StandInSpace[];
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
}

export interface AwsStandIn {
  /** e.g. http://127.0.0.1:43123, the `endpoint` for both STSClient and SageMakerClient. */
  endpoint: string;
  stats(): StandInStats;
  resetStats(): void;
  setLatency(latency: Latency): void;
  injectFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Also destroys open and hanging sockets. */
  close(): Promise<void>;
}

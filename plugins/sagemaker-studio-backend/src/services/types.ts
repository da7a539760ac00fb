import type { Request } from 'express';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import type {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import type {
  CheckResult,
  EffectiveMembersResponse,
  ImportDryRunResult,
  ImportRequest,
  ImportResult,
  ImportRowError,
  LaunchResponse,
  Lob,
  LobInput,
  LobUpdate,
  Membership,
  MembershipRecord,
  Page,
  ProfileStatus,
  ProvisionedProfile,
  StudioDomainSummary,
  StudioSpace,
  WriteResult,
} from '@studio-portal/plugin-sagemaker-studio-common';
import type { BatchApplied, MappingDocument } from './importPlan';
import type { LaunchOptions, LaunchTarget, LaunchUser } from './StudioLauncher';

/*
 * The seams between the router and the services, and between services:
 * each depends on these small interfaces, not on a class, so that a test
 * passes a typed fake and the plugin wires the real ones (plugin.ts).
 */

/** A signed-in user's credentials, the only source of "who". */
export type UserCredentials = BackstageCredentials<BackstageUserPrincipal>;

/** Bounds one AWS call, retries included, by aws.callTimeoutMs (AwsClients). */
export interface AwsCallTimeout {
  withCallTimeout<T>(
    call: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T>;
}

/** The long-lived SDK clients the services reach AWS with (AwsClients). */
export interface AwsClientFactory extends AwsCallTimeout {
  /** The portal's own STS client of a region. */
  sts(region: string): STSClient;
  /** A SageMaker client that signs with a role session's credentials. */
  sagemaker(
    region: string,
    credentials: AwsCredentialIdentity,
  ): SageMakerClient;
}

/** Who acts in which LOB account, as which Studio user profile. */
export interface LobSessionKey {
  lobId: string;
  accountId: string;
  region: string;
  roleArn: string;
  userRef: string;
  userProfileName: string;
}

/** A live role session in a LOB account, and the client that signs with it. */
export interface LobSession {
  sagemaker: SageMakerClient;
  expiresAt: number;
}

/** Role sessions in LOB accounts, kept while they are fresh (LobSessions). */
export interface RoleSessions {
  get(key: LobSessionKey): Promise<LobSession>;
  /** Drops a session AWS said has expired, so that the next get renews it. */
  forget(key: LobSessionKey): void;
}

/** Whether a user holds sagemaker-studio.launch (LaunchPermission remembers it briefly). */
export interface LaunchDecisions {
  isAllowed(credentials: UserCredentials): Promise<boolean>;
}

/** One SageMaker command in the user's role session (StudioLauncher.inSession). */
export interface StudioSessionCalls {
  inSession<T>(
    userRef: string,
    target: LaunchTarget,
    call: (sagemaker: SageMakerClient, abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T>;
}

/** The launch use cases the router calls (StudioLauncher). */
export interface StudioLaunchService {
  /** The user's memberships, own and through groups; empty if they have none. */
  listMemberships(user: LaunchUser): Promise<Membership[]>;
  /** The LOB, profile and role of a launch; 404/403/400 when there is none or no choice. */
  resolveTarget(user: LaunchUser, lobId?: string): Promise<LaunchTarget>;
  listSpaces(userRef: string, target: LaunchTarget): Promise<StudioSpace[]>;
  describeDomain(
    userRef: string,
    target: LaunchTarget,
  ): Promise<StudioDomainSummary>;
  createPresignedUrl(
    userRef: string,
    target: LaunchTarget,
    options?: LaunchOptions,
  ): Promise<LaunchResponse>;
}

/** Creates the user's Studio user profile where the LOB asks for it (ProfileProvisioner). */
export interface ProfileProvisioning {
  /** Starts (or joins) the creation; says whether the profile is ready. */
  prepare(
    userRef: string,
    target: LaunchTarget,
    request?: Request,
  ): Promise<ProfileStatus>;
  status(userRef: string, target: LaunchTarget): Promise<ProfileStatus>;
}

/** A change as the audit log records it. */
export interface MappingChange<T> {
  before?: T | null;
  after?: T | null;
}

/** The admin use cases over the mappings (MappingAdmin). */
export interface MappingAdminService {
  listLobs(page: {
    cursor?: string;
    limit: number;
    q?: string;
  }): Promise<Page<Lob>>;
  getLob(lobId: string): Promise<Lob>;
  createLob(
    input: LobInput,
    actor: string,
  ): Promise<WriteResult<Lob> & MappingChange<Lob>>;
  updateLob(
    lobId: string,
    update: LobUpdate,
    actor: string,
  ): Promise<WriteResult<Lob> & MappingChange<Lob>>;
  deleteLob(
    lobId: string,
    version: number,
    cascade: boolean,
  ): Promise<MappingChange<Lob> & { removedMembers: MembershipRecord[] }>;
  check(
    lobId: string,
    adminRef: string,
    userRef?: string,
  ): Promise<CheckResult>;
  effectiveMembers(
    lobId: string,
    credentials: BackstageCredentials,
  ): Promise<EffectiveMembersResponse>;
  provisionedProfiles(lobId: string): Promise<ProvisionedProfile[]>;
  listMemberships(query: {
    lobId?: string;
    userRef?: string;
    cursor?: string;
    limit: number;
    q?: string;
  }): Promise<Page<MembershipRecord>>;
  putMembership(
    lobId: string,
    userRef: string,
    change: { userProfileName?: string; version?: number },
    actor: string,
    credentials: BackstageCredentials,
  ): Promise<WriteResult<MembershipRecord> & MappingChange<MembershipRecord>>;
  deleteMembership(
    lobId: string,
    userRef: string,
    version: number,
  ): Promise<MappingChange<MembershipRecord>>;
}

/** Export and import of every mapping (MappingTransfer). */
export interface MappingTransferService {
  exportAll(format: 'csv' | 'yaml'): Promise<string>;
  /** Validates every row; the document, or every row's problem. */
  parse(request: ImportRequest): {
    document?: MappingDocument;
    errors: ImportRowError[];
  };
  /** What applying the document would change (writes nothing). */
  preview(document: MappingDocument): Promise<ImportDryRunResult['preview']>;
  apply(
    document: MappingDocument,
    actor: string,
    onBatch: BatchApplied,
  ): Promise<ImportResult>;
}

/** Drops cached mapping reads after a write (CachedMappingReader). */
export interface MappingCacheInvalidation {
  invalidateLob(lobId: string): Promise<void>;
  invalidateUser(userRef: string): Promise<void>;
  invalidateClaim(lobId: string, userProfileName: string): Promise<void>;
}

/** Walks the launch path of one LOB, step by step, as an admin (LobChecker). */
export interface LobCheck {
  check(
    lob: Lob,
    adminRef: string,
    user?: { userRef: string; userProfileName?: string },
  ): Promise<Omit<CheckResult, 'profileCollisions'>>;
}

/**
 * A line of business: one SageMaker Studio domain in one AWS account.
 *
 * @public
 */
export interface Lob {
  lobId: string;
  displayName: string;
  accountId: string;
  region: string;
  domainId: string;
  /** Overrides the configured default access role name for this LOB. */
  roleName?: string;
  /** The portal creates a member's Studio user profile at their first launch. */
  provisionProfiles?: boolean;
  /** Execution role name of the profiles it creates; else the domain default. */
  executionRoleName?: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/**
 * A membership of a LOB, as stored. `userRef` names a user, or a group
 * (`group:<ns>/<name>`) whose members all belong.
 *
 * @public
 */
export interface MembershipRecord {
  userRef: string;
  lobId: string;
  userProfileName?: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/**
 * What GET /me lists: a membership joined with its LOB.
 *
 * @public
 */
export interface Membership {
  lobId: string;
  displayName: string;
  accountId: string;
  region: string;
  domainId: string;
  userProfileName: string;
  /** Set when the user belongs through a group membership (the group's ref). */
  viaGroup?: string;
  /** The portal creates the profile at the first launch if it is missing. */
  provisionProfiles?: boolean;
}

/** @public */
export interface MeResponse {
  userEntityRef: string;
  memberships: Membership[];
}

/** @public */
export interface LaunchResponse {
  /** The presigned Studio URL: a short-lived bearer secret. */
  url: string;
  /** When the URL stops working (ISO 8601). */
  expiresAt: string;
}

/**
 * A user's Studio user profile in a LOB that provisions profiles:
 * - `ready`: it exists and opens;
 * - `creating`: the portal is creating it (or SageMaker reports it Pending);
 * - `missing`: it does not exist yet (a launch creates it).
 *
 * @public
 */
export interface ProfileStatus {
  lobId: string;
  userProfileName: string;
  state: 'ready' | 'creating' | 'missing';
  /** SageMaker's status of the profile (Pending, InService, ...), when known. */
  awsStatus?: string;
  /** When the portal started creating it (ISO 8601). */
  startedAt?: string;
  /** Seconds since then, as the backend counts them. */
  elapsedSeconds?: number;
  /**
   * GET /profile only: the LOB's Studio domain as SageMaker describes it,
   * when it answered (the card shows it; a launch does not depend on it).
   */
  domain?: StudioDomainSummary;
}

/**
 * A Studio domain's name and state (DescribeDomain).
 *
 * @public
 */
export interface StudioDomainSummary {
  domainId: string;
  domainName?: string;
  /** SageMaker's status: InService, Pending, Updating, Failed, Deleting, ... */
  status?: string;
}

/**
 * What POST /launch answers with 202 while the user's Studio user profile is
 * being created: poll GET /profile?lobId=, then launch again.
 *
 * @public
 */
export interface LaunchProvisioningResponse {
  provisioning: ProfileStatus;
}

/** @public */
export interface StudioSpace {
  spaceName: string;
  appType?: string;
  sharingType: 'Private' | 'Shared';
  ownerUserProfileName?: string;
  /** The space's own lifecycle (ListSpaces' Status), not whether its app runs. */
  status?: string;
  /**
   * Whether the space's app runs (ListApps: InService). Absent when that
   * could not be read (e.g. an access role without sagemaker:ListApps).
   */
  running?: boolean;
}

/** @public */
export interface SpacesResponse {
  spaces: StudioSpace[];
}

/**
 * Header that carries the id to quote when reporting a failed launch.
 *
 * @public
 */
export const CORRELATION_ID_HEADER = 'x-correlation-id';

/**
 * One page of an admin listing; `nextCursor` is opaque.
 *
 * @public
 */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * An admin write's answer: the item as stored, and what to look at.
 *
 * @public
 */
export interface WriteResult<T> {
  item: T;
  warnings: string[];
}

/** @public */
export interface CheckStep {
  /** `mappings`: the LOB's memberships (profile names shared by several users). */
  step:
    | 'mappings'
    | 'assume-role'
    | 'describe-domain'
    | 'describe-user-profile';
  ok: boolean;
  detail: string;
  /** The AWS error name of a failed step. */
  awsError?: string;
}

/**
 * Several users of one LOB who would open the same Studio user profile.
 *
 * @public
 */
export interface ProfileCollision {
  userProfileName: string;
  userRefs: string[];
}

/** @public */
export interface CheckResult {
  lobId: string;
  ok: boolean;
  steps: CheckStep[];
  /** Profile names that several members of the LOB would open (data written before the rule). */
  profileCollisions?: ProfileCollision[];
}

/**
 * Who a LOB's members are: direct, or through one of its group memberships.
 *
 * @public
 */
export interface EffectiveMember {
  userRef: string;
  /** The profile the user opens in the LOB. */
  userProfileName: string;
  /** `direct`: their own membership; else the group it comes through. */
  via: 'direct' | string;
  /** Groups of the LOB that also include the user (their own membership wins). */
  alsoVia?: string[];
}

/** @public */
export interface EffectiveMembersResponse {
  lobId: string;
  members: EffectiveMember[];
  /** Group memberships whose group the catalog does not know. */
  unknownGroups: string[];
  /** True when a group had more members than one answer lists. */
  truncated: boolean;
}

/**
 * A Studio user profile the portal created (CreateUserProfile) for a user.
 *
 * @public
 */
export interface ProvisionedProfile {
  lobId: string;
  domainId: string;
  userProfileName: string;
  userRef: string;
  /** The group membership the user launched through, if any. */
  viaGroup?: string;
  createdAt: string;
}

/**
 * A row of an import that cannot be applied.
 *
 * @public
 */
export interface ImportRowError {
  /** 1-based row (CSV line, YAML/JSON list position) and which list. */
  row: number;
  kind: 'lob' | 'membership';
  message: string;
}

/** @public */
export interface ImportResult {
  lobs: { created: number; updated: number; unchanged: number };
  memberships: { created: number; updated: number; unchanged: number };
  /**
   * DynamoDB transactions it took: 1 means all or nothing. A larger import
   * is applied in several, each audited with its rows.
   */
  transactions?: number;
}

/**
 * Most rows of each kind an import dry run lists (its counts are whole).
 *
 * @public
 */
export const IMPORT_PREVIEW_MAX_ROWS = 200;

/**
 * One field an import would set: `from` is absent for a row it adds or a
 * field not set before, `to` for a field it clears.
 *
 * @public
 */
export interface ImportFieldChange {
  field: string;
  from?: string;
  to?: string;
}

/**
 * A row of an import dry run: a LOB, or a membership (`userRef` set).
 *
 * @public
 */
export interface ImportPreviewRow {
  lobId: string;
  userRef?: string;
  /** Added: the fields it sets; changed: each field's old and new value. */
  changes: ImportFieldChange[];
}

/**
 * Rows of one kind of change: all of them counted, the first
 * `IMPORT_PREVIEW_MAX_ROWS` listed.
 *
 * @public
 */
export interface ImportPreviewRows {
  count: number;
  rows: ImportPreviewRow[];
}

/**
 * What an import would do to one table.
 *
 * @public
 */
export interface ImportPreviewPart {
  added: ImportPreviewRows;
  changed: ImportPreviewRows;
  unchanged: number;
  /** Rows the tables hold and the file lacks: kept, as an import removes nothing. */
  notInFile: ImportPreviewRows;
}

/**
 * What `POST /import?dryRun=true` answers: the rows found valid, and what
 * the import would change, compared with the tables now.
 *
 * @public
 */
export interface ImportDryRunResult {
  dryRun: true;
  /** Valid LOB rows in the file. */
  lobs: number;
  /** Valid membership rows in the file. */
  memberships: number;
  preview: { lobs: ImportPreviewPart; memberships: ImportPreviewPart };
}

/**
 * A row an import wrote, as a failed import lists them.
 *
 * @public
 */
export interface ImportAppliedRow {
  kind: 'lob' | 'membership';
  lobId: string;
  userRef?: string;
  change: 'created' | 'updated';
}

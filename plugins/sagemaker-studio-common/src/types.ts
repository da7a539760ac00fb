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
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/**
 * A user's membership of a LOB, as stored.
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

/** @public */
export interface StudioSpace {
  spaceName: string;
  appType?: string;
  sharingType: 'Private' | 'Shared';
  ownerUserProfileName?: string;
  status?: string;
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

/**
 * Body of a 409: the item as it is now, so that the admin can redo the edit.
 *
 * @public
 */
export interface ConflictDetails<T> {
  current?: T;
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

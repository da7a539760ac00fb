import {
  effectiveUserProfileName,
  isGroupRef,
  LOB_INPUT_FIELDS,
  normalizeUserRef,
  profileClaimKey,
  type Lob,
  type MembershipRecord,
} from '@studio-portal/plugin-sagemaker-studio-common';

/*
 * How mappings are stored, beyond what the API shows.
 *
 * Incarnations: every LOB created by the plugin gets a random `incarnation`,
 * and each membership records the incarnation of the LOB it was created in
 * (checked in the same transaction). A membership whose incarnation is not
 * its LOB's current one is dead: it is ignored by every read and may be
 * overwritten, so a membership that slipped past a delete (the members index
 * is eventually consistent) can never outlive its LOB or be inherited by a
 * LOB created later with the same id. Items written before incarnations
 * existed have none: that is the "legacy" incarnation, shared by a legacy
 * LOB and its legacy members, so they keep working unchanged.
 *
 * Profile claims: one item per (LOB, profile name) in the memberships table
 * says which user opens that Studio user profile. Memberships and their
 * claims are written in one transaction, so two users of one LOB can never
 * be given the same profile. Claims live in their own partitions
 * (`claim:<lobId>/<profile>`, index partition `claim:<lobId>`) that never
 * meet a user's (`user:...`) or a LOB's members (`<lobId>`).
 *
 * Group memberships: a row whose `userRef` is a group ref
 * (`group:<ns>/<name>`) makes every member of that group a member of the
 * LOB, each with the profile derived from their own user ref. Such a row
 * names no profile and holds no claim; a group member takes the claim of
 * their derived profile at their first launch (see MappingEditor
 * .claimForGroupMember), so that it can never be given to someone else.
 *
 * Domain locks: one item per Studio domain (`domain:<account>/<region>/<id>`
 * in partition `lock:domain`) names the one LOB that maps it, written in the
 * same transaction as the LOB. Profile claims are per LOB; with one LOB per
 * domain they are per Studio domain too, so two LOBs can never hand one
 * user's Studio profile to another user.
 *
 * Every write stamps a random `writeId`, so that a write that landed but
 * whose answer was lost (a timeout, an SDK retry) is recognised as ours.
 */

export const LEGACY_INCARNATION = 'legacy';

/** @public */
export interface StoredLob extends Lob {
  incarnation?: string;
  writeId?: string;
}

/** @public */
export interface StoredMembership extends MembershipRecord {
  incarnation?: string;
  writeId?: string;
  /** The claim key this row holds (rows written since claims exist). */
  profileClaim?: string;
}

/** @public */
export interface StoredClaim {
  /** `claim:<lobId>/<claim key>` */
  userRef: string;
  /** `claim:<lobId>` */
  lobId: string;
  claimLobId: string;
  userProfileName: string;
  claimedBy: string;
  incarnation?: string;
  writeId?: string;
  updatedAt: string;
  updatedBy: string;
}

/**
 * The partition of the memberships table's index that holds every domain lock.
 *
 * @public
 */
export const DOMAIN_LOCKS_PARTITION = 'lock:domain';

/** @public */
export interface StoredDomainLock {
  /** `domain:<account>/<region>/<domainId>` */
  userRef: string;
  lobId: typeof DOMAIN_LOCKS_PARTITION;
  ownerLobId: string;
  writeId?: string;
  updatedAt: string;
}

/**
 * The key of the lock of a LOB's Studio domain.
 *
 * @public
 */
export function domainLockKey(lob: {
  accountId: string;
  region: string;
  domainId: string;
}) {
  return {
    userRef: `domain:${lob.accountId}/${lob.region}/${lob.domainId}`,
    lobId: DOMAIN_LOCKS_PARTITION,
  };
}

/**
 * Whether two LOBs map the same Studio domain.
 *
 * @public
 */
export function sameDomain(
  a: { accountId: string; region: string; domainId: string },
  b: { accountId: string; region: string; domainId: string },
): boolean {
  return (
    a.accountId === b.accountId &&
    a.region === b.region &&
    a.domainId === b.domainId
  );
}

/**
 * A membership of a group (every member of the group belongs).
 *
 * @public
 */
export function isGroupMembership(m: { userRef: string }): boolean {
  return isGroupRef(m.userRef);
}

/** @public */
export function incarnationOf(item: { incarnation?: string }): string {
  return item.incarnation ?? LEGACY_INCARNATION;
}

/**
 * A membership or claim counts only while its LOB is the incarnation it was written for.
 *
 * @public
 */
export function isLive(
  item: { incarnation?: string },
  lob: { incarnation?: string } | undefined,
): boolean {
  return lob !== undefined && incarnationOf(item) === incarnationOf(lob);
}

export function claimsPartition(lobId: string): string {
  return `claim:${lobId}`;
}

/** Items of the memberships table that are neither memberships nor claims. */
export function isBookkeepingItem(item: { userRef?: unknown }): boolean {
  return (
    typeof item.userRef === 'string' &&
    (item.userRef.startsWith('domain:') ||
      item.userRef.startsWith('provisioned:'))
  );
}

/** @public */
export function claimKey(lobId: string, userProfileName: string) {
  return {
    userRef: `${claimsPartition(lobId)}/${profileClaimKey(userProfileName)}`,
    lobId: claimsPartition(lobId),
  };
}

export function isClaimItem(item: { userRef?: unknown }): boolean {
  return typeof item.userRef === 'string' && item.userRef.startsWith('claim:');
}

/**
 * The profile a stored membership opens.
 *
 * @public
 */
export function profileOf(m: {
  userRef: string;
  userProfileName?: string;
}): string {
  return effectiveUserProfileName({
    userRef: normalizeUserRef(m.userRef),
    userProfileName: m.userProfileName,
  });
}

/**
 * The API's view of a LOB: no storage internals.
 *
 * @public
 */
export function toLob(item: StoredLob): Lob {
  return pickDefined(item, [
    ...LOB_INPUT_FIELDS,
    'version',
    'updatedAt',
    'updatedBy',
  ]);
}

export function toMembership(item: StoredMembership): MembershipRecord {
  const { userRef, lobId, userProfileName, version, updatedAt, updatedBy } =
    item;
  return withoutUndefined({
    userRef,
    lobId,
    userProfileName,
    version,
    updatedAt,
    updatedBy,
  });
}

/**
 * Condition that the LOB item is the incarnation `incarnation`
 * (expression values use the given placeholder prefix).
 *
 * @public
 */
export function lobIncarnationCondition(incarnation: string, prefix = 'inc') {
  return incarnation === LEGACY_INCARNATION
    ? {
        expression:
          'attribute_exists(lobId) AND attribute_not_exists(incarnation)',
        values: {},
      }
    : {
        expression: `incarnation = :${prefix}`,
        values: { [`:${prefix}`]: incarnation },
      };
}

/**
 * Condition that an existing item belongs to another incarnation than `incarnation` (it is dead).
 *
 * @public
 */
export function deadCondition(incarnation: string, prefix = 'inc') {
  return incarnation === LEGACY_INCARNATION
    ? { expression: 'attribute_exists(incarnation)', values: {} }
    : {
        expression: `(attribute_not_exists(incarnation) OR incarnation <> :${prefix})`,
        values: { [`:${prefix}`]: incarnation },
      };
}

/**
 * The incarnation attribute to store: none for legacy.
 *
 * @public
 */
export function incarnationAttribute(incarnation: string): {
  incarnation?: string;
} {
  return incarnation === LEGACY_INCARNATION ? {} : { incarnation };
}

/**
 * The named fields of `value` that are set: a copy without the others, and
 * without storage internals.
 *
 * @public
 */
export function pickDefined<T extends object, K extends keyof T>(
  value: T,
  keys: readonly K[],
): Pick<T, K> {
  return withoutUndefined(
    Object.fromEntries(keys.map(key => [key, value[key]])) as Pick<T, K>,
  );
}

/** @public */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/** One item of the memberships table (membership, claim or lock), as a map key. */
export function itemId(key: { userRef: string; lobId: string }): string {
  return `${key.userRef}\u0000${key.lobId}`;
}

import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError } from '@backstage/errors';
import type {
  Lob,
  MembershipRecord,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { isConditionFailure } from './dynamoCalls';
import {
  toLob,
  toMembership,
  type StoredLob,
  type StoredMembership,
} from './mappingItems';

/*
 * How MappingEditor's writes fail: the 409s it throws, and what a failed
 * condition or cancelled transaction says (the item it found, the attempts
 * the SDK made).
 */

/**
 * A Studio domain, as the domain lock names it.
 *
 * @public
 */
export type DomainRef = { accountId: string; region: string; domainId: string };

/**
 * A 409 that carries the item as it is now (or null when it is gone).
 *
 * @public
 */
export class StaleWriteError extends ConflictError {
  constructor(
    message: string,
    readonly current: Lob | MembershipRecord | null,
  ) {
    super(message);
  }
}

/**
 * A 409: another user of the LOB already opens this Studio user profile.
 *
 * @public
 */
export class ProfileClaimedError extends ConflictError {
  constructor(
    readonly lobId: string,
    readonly userProfileName: string,
    readonly claimedBy: string,
  ) {
    super(
      `The Studio user profile '${userProfileName}' of line of business '${lobId}' is already used by ${claimedBy}; ` +
        `one profile belongs to one user. Give this membership another profile name.`,
    );
  }
}

/**
 * A 409: another LOB already maps this Studio domain (one domain, one LOB).
 *
 * @public
 */
export class DomainTakenError extends ConflictError {
  constructor(readonly domain: DomainRef, readonly ownerLobId: string) {
    super(
      `Studio domain ${domain.domainId} (account ${domain.accountId}, ${domain.region}) is already the domain of ` +
        `line of business '${ownerLobId}'; one domain belongs to one line of business, so that one Studio ` +
        `profile can never be handed to two users. Add the members to '${ownerLobId}' instead.`,
    );
  }
}

/** A 400: a group membership must not name a profile. */
export const GROUP_PROFILE_MESSAGE =
  'A group membership cannot name a Studio user profile: each member of the group opens their own, derived from their user name.';

/** Thrown inside to say "the failed condition found our own write": never escapes. */
export const OWN_WRITE = Object.freeze(new Error('own write')) as Error;

/** The membership write failed only because its own earlier attempt landed. */
export function isOwnWrite(error: unknown): boolean {
  return error === OWN_WRITE;
}

export function cancellationReasons(
  error: unknown,
): { Code?: string; Item?: Record<string, any> }[] {
  return (
    (
      error as {
        CancellationReasons?: { Code?: string; Item?: Record<string, any> }[];
      }
    )?.CancellationReasons ?? []
  );
}

export function attemptsOf(error: unknown): number {
  return (
    (error as { $metadata?: { attempts?: number } })?.$metadata?.attempts ?? 1
  );
}

export function staleLob(lobId: string, current: StoredLob): StaleWriteError {
  return new StaleWriteError(
    `Line of business '${lobId}' was changed by ${current.updatedBy} (now version ${current.version}); reload and redo your edit.`,
    toLob(current),
  );
}

export function staleMembership(current: StoredMembership): StaleWriteError {
  return new StaleWriteError(
    `The membership of ${current.userRef} in '${current.lobId}' was changed by ${current.updatedBy} (now version ${current.version}); reload and redo your edit.`,
    toMembership(current),
  );
}

/** The item a failed condition found (plain write, or action `index` of a transaction). */
export function failedItem<T>(error: unknown, index = 0): T | undefined {
  if (!isConditionFailure(error)) throw error;
  const e = error as {
    Item?: Record<string, any>;
    CancellationReasons?: { Code?: string; Item?: Record<string, any> }[];
  };
  const item = e.CancellationReasons
    ? e.CancellationReasons[index]?.Item
    : e.Item;
  return item ? (unmarshall(item) as T) : undefined;
}

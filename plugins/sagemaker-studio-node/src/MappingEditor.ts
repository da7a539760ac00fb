import { randomUUID } from 'node:crypto';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import {
  DeleteCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  isGroupRef,
  normalizeUserRef,
  profileClaimKey,
  type Lob,
  type LobInput,
  type LobUpdate,
  type MembershipRecord,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { DomainLocks } from './domainLocks';
import {
  isConditionFailure,
  type DynamoCallOptions,
  type DocumentSender,
} from './dynamoCalls';
import {
  OWN_WRITE,
  ProfileClaimedError,
  StaleWriteError,
  attemptsOf,
  cancellationReasons,
  failedItem,
  isOwnWrite,
  staleLob,
  staleMembership,
  DomainTakenError,
  GROUP_PROFILE_MESSAGE,
  type DomainRef,
} from './mappingErrors';
import {
  claimKey,
  claimsPartition,
  deadCondition,
  incarnationAttribute,
  incarnationOf,
  isLive,
  itemId,
  lobIncarnationCondition,
  profileOf,
  sameDomain,
  toLob,
  toMembership,
  withoutUndefined,
  type StoredClaim,
  type StoredDomainLock,
  type StoredLob,
  type StoredMembership,
} from './mappingItems';
import { MappingReads } from './mappingReads';
import type { MappingTables } from './MappingStore';

/** DynamoDB allows 100 actions in one transaction; two are the LOB and its domain lock. */
export const MAX_CASCADE_MEMBERS = 98;

/** LOB fields that may be left out; an update without them removes them. */
const OPTIONAL_LOB_FIELDS = [
  'roleName',
  'provisionProfiles',
  'executionRoleName',
] as const;

/** @public */
export interface MappingEditorOptions extends DynamoCallOptions {
  now?: () => Date;
  /** Ids for incarnations, write ids and transaction tokens. */
  newId?: () => string;
}

/**
 * A membership change and the profile claims it moved.
 *
 * @public
 */
export interface MembershipChange {
  before?: MembershipRecord;
  after: MembershipRecord;
  /** Profile names whose claim this write took or gave up (for cache invalidation). */
  claims: string[];
}

/**
 * Admin writes of the mappings, beside the reads they check (MappingReads)
 * and the domain locks (DomainLocks). Every update and delete is conditional on
 * the version the admin read (optimistic locking: no lost updates); a
 * membership is written with its LOB's incarnation and its profile claim in
 * one transaction (see mappingItems.ts).
 *
 * Every call is bounded by aws.callTimeoutMs. A write whose answer is lost
 * may still have landed, and the SDK's retry of it then fails its own
 * condition: transactions carry a ClientRequestToken (DynamoDB answers a
 * repeated token with the first outcome), and every item carries the
 * write's `writeId`, so a failed condition that finds our own write is our
 * success, never a 409 "changed by" ourselves.
 *
 * @public
 */
export class MappingEditor extends MappingReads {
  /** The one-LOB-per-domain locks the LOB writes take and give up. */
  readonly domainLocks: DomainLocks;
  private readonly now: () => Date;
  private readonly newId: () => string;

  constructor(
    client: DocumentSender,
    tables: MappingTables,
    options: MappingEditorOptions | (() => Date) = {},
  ) {
    const opts = typeof options === 'function' ? { now: options } : options;
    super(client, tables, opts);
    this.now = opts.now ?? (() => new Date());
    this.newId = opts.newId ?? randomUUID;
    this.domainLocks = new DomainLocks(this, tables, this.now);
  }

  /**
   * Creates a LOB and the lock of its Studio domain in one transaction: a
   * domain that another LOB maps is refused (409 naming that LOB).
   */
  async createLob(input: LobInput, actor: string): Promise<Lob> {
    const writeId = this.newId();
    const lob: StoredLob = withoutUndefined({
      ...input,
      ...this.stamp(1, actor),
      incarnation: this.newId(),
      writeId,
    });
    const existing = await this.getLob(input.lobId);
    if (existing) {
      throw new StaleWriteError(
        `Line of business '${input.lobId}' already exists.`,
        toLob(existing),
      );
    }
    const { staleOwner } = await this.domainLocks.assertDomainFree(
      input,
      input.lobId,
    );
    try {
      await this.transact([
        {
          Put: {
            TableName: this.tables.lobsTable,
            Item: lob,
            ConditionExpression: 'attribute_not_exists(lobId)',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        this.domainLocks.lockPut(input, input.lobId, writeId, staleOwner),
      ]);
    } catch (error) {
      const current = failedItem<StoredLob>(error, 0);
      if (current?.writeId === writeId) return toLob(lob);
      if (current) {
        throw new StaleWriteError(
          `Line of business '${input.lobId}' already exists.`,
          toLob(current),
        );
      }
      const lock = failedItem<StoredDomainLock>(error, 1);
      if (lock?.writeId === writeId) return toLob(lob);
      if (lock) throw new DomainTakenError(input, lock.ownerLobId);
      throw new ConflictError(
        `Line of business '${input.lobId}' changed while it was being saved; nothing was saved. Reload and try again.`,
      );
    }
    return toLob(lob);
  }

  /** Changes a LOB's fields if its version is still `update.version`; its incarnation stays. */
  async updateLob(
    lobId: string,
    update: LobUpdate,
    actor: string,
  ): Promise<{ before: Lob | null; after: Lob }> {
    const { version, ...fields } = update;
    const writeId = this.newId();
    const stamp = this.stamp(version + 1, actor);
    const set = { ...fields, ...stamp, writeId } as Record<string, unknown>;
    const setNames = Object.keys(set).filter(k => set[k] !== undefined);
    const removed = OPTIONAL_LOB_FIELDS.filter(k => fields[k] === undefined);
    const remove = removed.length
      ? ` REMOVE ${removed.map(k => `#${k}`).join(', ')}`
      : '';
    const change = {
      TableName: this.tables.lobsTable,
      Key: { lobId },
      UpdateExpression: `SET ${setNames
        .map(k => `#${k} = :${k}`)
        .join(', ')}${remove}`,
      ConditionExpression: 'version = :expected',
      ExpressionAttributeNames: Object.fromEntries(
        [...setNames, ...removed].map(k => [`#${k}`, k]),
      ),
      ExpressionAttributeValues: {
        ...Object.fromEntries(setNames.map(k => [`:${k}`, set[k]])),
        ':expected': version,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    // Most updates keep the domain: one conditional write. One that finds
    // another domain stored moves the domain lock too (moveLob).
    const sameDomainUpdate = {
      ...change,
      ConditionExpression:
        'version = :expected AND accountId = :accountId AND #region = :region AND domainId = :domainId',
    };
    const afterOf = (before: StoredLob) => {
      const after = { ...before, ...withoutUndefined(set) } as StoredLob;
      for (const k of removed) delete after[k];
      return toLob(after);
    };
    try {
      const { Attributes } = await this.calls.write<{ Attributes?: StoredLob }>(
        new UpdateCommand({ ...sameDomainUpdate, ReturnValues: 'ALL_OLD' }),
      );
      const before = Attributes!;
      return { before: toLob(before), after: afterOf(before) };
    } catch (error) {
      const current = failedItem<StoredLob>(error);
      if (current?.writeId === writeId)
        return { before: null, after: toLob(current) };
      if (current?.version === version && !sameDomain(current, fields)) {
        return this.moveLob(lobId, current, fields, change, writeId, afterOf);
      }
      throw current
        ? staleLob(lobId, current)
        : new NotFoundError(`There is no line of business '${lobId}'.`);
    }
  }

  /** An update that moves a LOB to another domain moves its domain lock in the same transaction. */
  private async moveLob(
    lobId: string,
    current: StoredLob,
    domain: DomainRef,
    change: any,
    writeId: string,
    afterOf: (before: StoredLob) => Lob,
  ): Promise<{ before: Lob | null; after: Lob }> {
    if (current.version !== change.ExpressionAttributeValues[':expected']) {
      throw staleLob(lobId, current);
    }
    const { staleOwner } = await this.domainLocks.assertDomainFree(
      domain,
      lobId,
    );
    try {
      await this.transact([
        { Update: change },
        this.domainLocks.lockDelete(current, lobId),
        this.domainLocks.lockPut(domain, lobId, writeId, staleOwner),
      ]);
      return { before: toLob(current), after: afterOf(current) };
    } catch (error) {
      const now = failedItem<StoredLob>(error, 0);
      if (now?.writeId === writeId) return { before: null, after: toLob(now) };
      const lock = failedItem<StoredDomainLock>(error, 2);
      if (lock && lock.writeId !== writeId && lock.ownerLobId !== lobId) {
        throw new DomainTakenError(domain, lock.ownerLobId);
      }
      if (now) throw staleLob(lobId, now);
      throw new ConflictError(
        `Line of business '${lobId}' changed while it was being saved; nothing was saved. Reload and try again.`,
      );
    }
  }

  /**
   * Deletes a LOB if its version is still `version`. With members it is
   * refused, unless `cascade`, which removes them in the same transaction.
   * A member the index did not show yet (or one created at the same moment)
   * is left behind dead: it names the old incarnation, so no read counts it
   * and no LOB created later inherits it; a sweep after the delete removes
   * what it finds of the old incarnation.
   */
  async deleteLob(
    lobId: string,
    version: number,
    cascade: boolean,
  ): Promise<{
    before: Lob;
    removedMembers: MembershipRecord[];
    swept: number;
  }> {
    const { lob: current, live } = await this.allMembersOf(lobId);
    if (!current)
      throw new NotFoundError(`There is no line of business '${lobId}'.`);
    if (current.version !== version) throw staleLob(lobId, current);

    if (live.length > 0 && !cascade) {
      throw new ConflictError(
        `Line of business '${lobId}' still has ${live.length} member${
          live.length === 1 ? '' : 's'
        }; remove them first or delete with cascade=true.`,
      );
    }
    if (live.length > MAX_CASCADE_MEMBERS) {
      throw new ConflictError(
        `Line of business '${lobId}' has more than ${MAX_CASCADE_MEMBERS} members, more than one transaction can remove; remove some members first.`,
      );
    }
    try {
      await this.transact([
        {
          Delete: {
            TableName: this.tables.lobsTable,
            Key: { lobId },
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': version },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...live.map(m => ({
          Delete: {
            TableName: this.tables.membershipsTable,
            Key: { userRef: m.userRef, lobId: m.lobId },
          },
        })),
        this.domainLocks.lockDelete(current, lobId),
      ]);
    } catch (error) {
      const now = failedItem<StoredLob>(error, 0);
      // Gone after more than one attempt: the first one was ours.
      if (!(now === undefined && attemptsOf(error) > 1)) {
        throw now
          ? staleLob(lobId, now)
          : new NotFoundError(`There is no line of business '${lobId}'.`);
      }
    }
    const swept = await this.sweep(lobId, incarnationOf(current));
    return {
      before: toLob(current),
      removedMembers: live.map(toMembership),
      swept,
    };
  }

  /**
   * Creates a membership (no `version`) while its LOB exists, or updates it
   * if its version is still `version`; takes its profile claim and gives up
   * the old one in the same transaction.
   */
  async putMembership(
    lobId: string,
    userRef: string,
    change: { userProfileName?: string; version?: number },
    actor: string,
  ): Promise<MembershipChange> {
    const ref = normalizeUserRef(userRef);
    if (isGroupRef(ref) && change.userProfileName !== undefined) {
      throw new InputError(GROUP_PROFILE_MESSAGE);
    }
    const [lob, items] = await Promise.all([
      this.getLob(lobId),
      this.getMembershipItems<StoredMembership>([{ userRef: ref, lobId }]),
    ]);
    if (!lob)
      throw new NotFoundError(`There is no line of business '${lobId}'.`);
    const found = items.get(itemId({ userRef: ref, lobId }));
    const current = found && isLive(found, lob) ? found : undefined;
    const { version } = change;
    if (version === undefined && current) {
      throw new StaleWriteError(
        `${ref} is already a member of '${lobId}' (version ${current.version}); send that version to change it.`,
        toMembership(current),
      );
    }
    if (version !== undefined && !current)
      throw new NotFoundError(`${ref} is not a member of '${lobId}'.`);
    if (version !== undefined && current && current.version !== version)
      throw staleMembership(current);

    const plan = await this.membershipPlan(
      lob,
      ref,
      change.userProfileName,
      current,
      actor,
    );
    try {
      await this.transact(plan.actions);
    } catch (error) {
      const failure = this.membershipFailure(error, plan, lob, ref);
      if (!isOwnWrite(failure)) throw failure;
    }
    return {
      before: current && toMembership(current),
      after: toMembership(plan.membership),
      claims: plan.claims,
    };
  }

  async deleteMembership(
    lobId: string,
    userRef: string,
    version: number,
  ): Promise<{ before: MembershipRecord; claims: string[] }> {
    const ref = normalizeUserRef(userRef);
    const found = (
      await this.getMembershipItems<StoredMembership>([{ userRef: ref, lobId }])
    ).get(itemId({ userRef: ref, lobId }));
    if (!found)
      throw new NotFoundError(`${ref} is not a member of '${lobId}'.`);
    if (found.version !== version) throw staleMembership(found);
    const group = isGroupRef(ref);
    const profile = profileOf(found);
    const heldClaim =
      !group && (await this.heldClaim(lobId, ref, profile, found.profileClaim));
    try {
      await this.transact([
        {
          Delete: {
            TableName: this.tables.membershipsTable,
            Key: { userRef: ref, lobId },
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': version },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...(heldClaim
          ? [
              {
                Delete: {
                  TableName: this.tables.membershipsTable,
                  Key: claimKey(lobId, profile),
                  ConditionExpression: 'claimedBy = :ref',
                  ExpressionAttributeValues: { ':ref': ref },
                },
              },
            ]
          : []),
      ]);
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons[0]?.Code !== 'ConditionalCheckFailed') {
        throw new ConflictError(
          `The membership of ${ref} in '${lobId}' changed while it was being deleted; nothing was deleted. Reload and try again.`,
        );
      }
      const now = failedItem<StoredMembership>(error, 0);
      // Gone after more than one attempt: the first one was ours.
      const ownEarlierAttempt = now === undefined && attemptsOf(error) > 1;
      if (!ownEarlierAttempt) {
        throw now
          ? staleMembership(now)
          : new NotFoundError(`${ref} is not a member of '${lobId}'.`);
      }
    }
    return { before: toMembership(found), claims: group ? [] : [profile] };
  }

  /**
   * A group member's first launch takes the claim of their derived profile,
   * so that no admin write can later give it to someone else. Answers who
   * holds it: the user, or the other user who held it already.
   */
  async claimForGroupMember(
    lob: StoredLob,
    userRef: string,
    userProfileName: string,
    viaGroup: string,
  ): Promise<{ claimedBy: string }> {
    const ref = normalizeUserRef(userRef);
    const dead = deadCondition(incarnationOf(lob));
    try {
      await this.calls.write(
        new PutCommand({
          TableName: this.tables.membershipsTable,
          Item: {
            ...this.claimItem(lob, userProfileName, ref, ref, this.newId()),
            viaGroup: normalizeUserRef(viaGroup),
          },
          ConditionExpression: `attribute_not_exists(userRef) OR claimedBy = :ref OR ${dead.expression}`,
          ExpressionAttributeValues: { ':ref': ref, ...dead.values },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimedBy: ref };
    } catch (error) {
      const holder = failedItem<StoredClaim>(error);
      return { claimedBy: holder?.claimedBy ?? 'another user' };
    }
  }

  /**
   * The transaction that writes one membership: the LOB's incarnation
   * checked, the row, its claim taken, the old claim given up.
   */
  private async membershipPlan(
    lob: StoredLob,
    ref: string,
    userProfileName: string | undefined,
    current: StoredMembership | undefined,
    actor: string,
  ) {
    const lobId = lob.lobId;
    const incarnation = incarnationOf(lob);
    const writeId = this.newId();
    // A group row names no profile and holds no claim (its members do).
    const group = isGroupRef(ref);
    const profile = profileOf({ userRef: ref, userProfileName });
    const membership: StoredMembership = withoutUndefined({
      userRef: ref,
      lobId,
      userProfileName,
      ...this.stamp((current?.version ?? 0) + 1, actor),
      ...incarnationAttribute(incarnation),
      profileClaim: group ? undefined : profileClaimKey(profile),
      writeId,
    });
    const oldProfile = current && profileOf(current);
    const releases =
      !group &&
      oldProfile &&
      profileClaimKey(oldProfile) !== profileClaimKey(profile) &&
      (await this.heldClaim(lobId, ref, oldProfile, current?.profileClaim))
        ? [oldProfile]
        : [];

    const lobCheck = lobIncarnationCondition(incarnation);
    const dead = deadCondition(incarnation);
    const rowCondition = current
      ? {
          expression: 'version = :version',
          values: { ':version': current.version },
        }
      : {
          expression: `attribute_not_exists(userRef) OR ${dead.expression}`,
          values: dead.values,
        };
    const actions: any[] = [
      {
        ConditionCheck: {
          TableName: this.tables.lobsTable,
          Key: { lobId },
          ConditionExpression: lobCheck.expression,
          ...values(lobCheck.values),
        },
      },
      {
        Put: {
          TableName: this.tables.membershipsTable,
          Item: membership,
          ConditionExpression: rowCondition.expression,
          ...values(rowCondition.values),
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...(group
        ? []
        : [
            {
              Put: {
                TableName: this.tables.membershipsTable,
                Item: this.claimItem(lob, profile, ref, actor, writeId),
                ConditionExpression: `attribute_not_exists(userRef) OR claimedBy = :ref OR ${dead.expression}`,
                ExpressionAttributeValues: { ':ref': ref, ...dead.values },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ]),
      ...releases.map(name => ({
        Delete: {
          TableName: this.tables.membershipsTable,
          Key: claimKey(lobId, name),
          ConditionExpression: 'claimedBy = :ref',
          ExpressionAttributeValues: { ':ref': ref },
        },
      })),
    ];
    return {
      actions,
      membership,
      writeId,
      profile,
      claims: group ? [] : [profile, ...releases],
    };
  }

  /** The claim item that says `ref` opens `profile` in the LOB. */
  claimItem(
    lob: StoredLob,
    profile: string,
    ref: string,
    actor: string,
    writeId: string,
  ): StoredClaim {
    return withoutUndefined({
      ...claimKey(lob.lobId, profile),
      claimLobId: lob.lobId,
      userProfileName: profile,
      claimedBy: ref,
      ...incarnationAttribute(incarnationOf(lob)),
      writeId,
      updatedAt: this.now().toISOString(),
      updatedBy: actor,
    });
  }

  /** Whether `ref` holds the claim of `profile` (rows since claims exist say so themselves). */
  private async heldClaim(
    lobId: string,
    ref: string,
    profile: string,
    marker?: string,
  ): Promise<boolean> {
    if (marker === profileClaimKey(profile)) return true;
    const key = claimKey(lobId, profile);
    const claim = (await this.getMembershipItems<StoredClaim>([key])).get(
      itemId(key),
    );
    return claim?.claimedBy === ref;
  }

  private membershipFailure(
    error: unknown,
    plan: { writeId: string; profile: string },
    lob: StoredLob,
    ref: string,
  ): Error {
    if (!isConditionFailure(error)) return error as Error;
    const reasons = cancellationReasons(error);
    const row = reasons[1]?.Item
      ? (unmarshall(reasons[1].Item) as StoredMembership)
      : undefined;
    if (row?.writeId === plan.writeId) return OWN_WRITE;
    if (reasons[0]?.Code === 'ConditionalCheckFailed') {
      return new NotFoundError(
        `There is no line of business '${lob.lobId}' (it was deleted or re-created); reload.`,
      );
    }
    if (reasons[1]?.Code === 'ConditionalCheckFailed') {
      return row && isLive(row, lob)
        ? staleMembership(row)
        : new NotFoundError(`${ref} is not a member of '${lob.lobId}'.`);
    }
    if (reasons[2]?.Code === 'ConditionalCheckFailed') {
      const claim = reasons[2].Item
        ? (unmarshall(reasons[2].Item) as StoredClaim)
        : undefined;
      return new ProfileClaimedError(
        lob.lobId,
        plan.profile,
        claim?.claimedBy ?? 'another user',
      );
    }
    return new ConflictError(
      `The membership of ${ref} in '${lob.lobId}' changed while it was being saved; nothing was saved. Reload and try again.`,
    );
  }

  /** Removes what is left of a deleted LOB's incarnation: members the index showed late, and claims. */
  private async sweep(lobId: string, incarnation: string): Promise<number> {
    // Best effort: the LOB is gone already, and what is left of it is dead
    // (no read counts it), so a failed sweep must not fail the delete.
    try {
      return await this.sweepRows(lobId, incarnation);
    } catch {
      return 0;
    }
  }

  private async sweepRows(lobId: string, incarnation: string): Promise<number> {
    const ofOld = (item: { incarnation?: string }) =>
      incarnationOf(item) === incarnation;
    const rows = [
      ...(await this.allOfPartition<StoredMembership>(lobId)),
      ...(await this.allOfPartition<StoredClaim>(claimsPartition(lobId))),
    ].filter(ofOld);
    const ofIncarnation = lobIncarnationCondition(incarnation);
    // The same test as the LOB's, on a row of the memberships table.
    const condition = ofIncarnation.expression.replace(
      'attribute_exists(lobId)',
      'attribute_exists(userRef)',
    );
    let swept = 0;
    for (const row of rows) {
      try {
        await this.calls.write(
          new DeleteCommand({
            TableName: this.tables.membershipsTable,
            Key: { userRef: row.userRef, lobId: row.lobId },
            // Never a row of a LOB created again meanwhile.
            ConditionExpression: condition,
            ...values(ofIncarnation.values),
          }),
        );
        swept++;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return swept;
  }

  /**
   * One transaction, with a fresh ClientRequestToken: the SDK's retry of a
   * write whose answer was lost gets DynamoDB's first outcome back.
   */
  private transact(
    actions: NonNullable<TransactWriteCommandInput['TransactItems']>,
  ): Promise<unknown> {
    return this.calls.write(
      new TransactWriteCommand({
        ClientRequestToken: this.newId(),
        TransactItems: actions,
      }),
    );
  }

  private stamp(version: number, actor: string) {
    return { version, updatedAt: this.now().toISOString(), updatedBy: actor };
  }
}

function values(v: Record<string, unknown>) {
  return Object.keys(v).length > 0 ? { ExpressionAttributeValues: v } : {};
}

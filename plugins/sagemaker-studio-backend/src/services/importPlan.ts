import { randomUUID } from 'node:crypto';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { InputError } from '@backstage/errors';
import {
  isGroupRef,
  normalizeUserRef,
  profileClaimKey,
  type ImportAppliedRow,
  type ImportResult,
  type LobInput,
  type MembershipInput,
} from '@studio-portal/plugin-sagemaker-studio-common';
import { ImportFailedError } from '../errors';
import {
  claimKey,
  deadCondition,
  domainLockKey,
  DomainTakenError,
  incarnationAttribute,
  incarnationOf,
  isConditionFailure,
  isLive,
  lobIncarnationCondition,
  ProfileClaimedError,
  profileOf,
  sameDomain,
  withoutUndefined,
  type DynamoCalls,
  type MappingEditor,
  type MappingTables,
  type StoredClaim,
  type StoredLob,
  type StoredMembership,
} from '@studio-portal/plugin-sagemaker-studio-node';
import { lobChanges } from './importPreview';

/** DynamoDB's limit of actions in one transaction. */
export const MAX_TRANSACTION_ACTIONS = 100;

export interface MappingDocument {
  lobs: LobInput[];
  memberships: MembershipInput[];
}

/** What an import touched, to drop from the cache whatever its outcome. */
export interface ImportTouched {
  lobs: string[];
  users: string[];
  claims: { lobId: string; userProfileName: string }[];
}

/** Rows one transaction of an import applied, for the audit. */
export type BatchApplied = (
  rows: ImportAppliedRow[],
  transaction: number,
) => Promise<void>;

interface Unit {
  rows: ImportAppliedRow[];
  actions: any[];
  /** LOBs whose incarnation the unit checks (left out when the LOB is written in the same transaction). */
  checks: Map<string, any>;
  /** LOBs the unit writes. */
  writes: Set<string>;
}

/**
 * Applies an import as one DynamoDB transaction: all or nothing. An import
 * of more than 100 writes cannot be one transaction; it is applied in
 * transactions of up to 100 writes, in order (LOBs first), each audited
 * with its rows; if one fails, the answer says exactly which rows the
 * earlier ones applied. A profile that passes from one user to another
 * stays in one transaction with both memberships.
 *
 * Every membership takes its profile claim (also an unchanged one written
 * before claims existed: importing an export once adds the claims).
 */
export class ImportPlanner {
  constructor(
    private readonly editor: MappingEditor,
    private readonly calls: DynamoCalls,
    private readonly tables: MappingTables,
    private readonly now: () => Date = () => new Date(),
    private readonly newId: () => string = randomUUID,
  ) {}

  async apply(
    document: MappingDocument,
    actor: string,
    onBatch: BatchApplied,
    touched: ImportTouched,
  ): Promise<ImportResult> {
    const stamp = (version: number) => ({
      version,
      updatedAt: this.now().toISOString(),
      updatedBy: actor,
    });
    const lobIds = [
      ...new Set([
        ...document.lobs.map(l => l.lobId),
        ...document.memberships.map(m => m.lobId),
      ]),
    ];
    const current = await this.editor.getLobs(lobIds);
    for (const m of document.memberships) {
      if (
        !current.has(m.lobId) &&
        !document.lobs.some(l => l.lobId === m.lobId)
      ) {
        throw new InputError(
          `Invalid import: membership of ${m.userRef} names unknown line of business '${m.lobId}'; nothing was written`,
        );
      }
    }
    const result: ImportResult = {
      lobs: { created: 0, updated: 0, unchanged: 0 },
      memberships: { created: 0, updated: 0, unchanged: 0 },
      transactions: 0,
    };
    const writeId = this.newId();

    // One Studio domain, one LOB: within the import and against the tables.
    const domainOwners = new Map<string, string>();
    for (const lob of document.lobs) {
      const key = `${lob.accountId}/${lob.region}/${lob.domainId}`;
      const other = domainOwners.get(key);
      if (other) {
        throw new InputError(
          `Invalid import: lines of business '${other}' and '${lob.lobId}' have the same Studio domain ${lob.domainId}; one domain belongs to one line of business. Nothing was written`,
        );
      }
      domainOwners.set(key, lob.lobId);
    }
    const moving = document.lobs.filter(lob => {
      const now = current.get(lob.lobId);
      return !now || !sameDomain(now, lob);
    });
    const holders = await this.editor.domainLocks.domainHolders(moving);
    const staleOwners = new Map<string, string | undefined>();
    for (const lob of moving) {
      const held = holders.get(domainLockKey(lob).userRef);
      const other = held?.lobIds.find(id => id !== lob.lobId);
      if (other) throw new DomainTakenError(lob, other);
      staleOwners.set(lob.lobId, held?.staleOwner);
    }

    // LOBs: their state after the import.
    const finalLobs = new Map<string, StoredLob>();
    const units: Unit[] = [];
    for (const lob of document.lobs) {
      const now = current.get(lob.lobId);
      touched.lobs.push(lob.lobId);
      const lockMoves =
        now && sameDomain(now, lob)
          ? []
          : [
              ...(now
                ? [this.editor.domainLocks.lockDelete(now, lob.lobId)]
                : []),
              this.editor.domainLocks.lockPut(
                lob,
                lob.lobId,
                writeId,
                staleOwners.get(lob.lobId),
              ),
            ];
      if (now && sameLob(now, lob)) {
        finalLobs.set(lob.lobId, now);
        result.lobs.unchanged++;
        continue;
      }
      // A new LOB gets its incarnation; a Put of an existing one keeps it
      // (the same LOB, edited) and is conditional on the version read.
      const item = withoutUndefined({
        ...lob,
        ...stamp(now ? now.version + 1 : 1),
        ...(now
          ? incarnationAttribute(incarnationOf(now))
          : { incarnation: this.newId() }),
        writeId,
      }) as StoredLob;
      const change = now ? 'updated' : 'created';
      finalLobs.set(lob.lobId, item);
      units.push(
        this.unit(
          [{ kind: 'lob', lobId: lob.lobId, change }],
          [
            {
              Put: {
                TableName: this.tables.lobsTable,
                Item: item,
                ...(now
                  ? {
                      ConditionExpression: 'version = :version',
                      ExpressionAttributeValues: { ':version': now.version },
                    }
                  : { ConditionExpression: 'attribute_not_exists(lobId)' }),
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
            ...lockMoves,
          ],
          [lob.lobId],
        ),
      );
      result.lobs[change]++;
    }
    for (const id of lobIds)
      if (!finalLobs.has(id)) finalLobs.set(id, current.get(id)!);

    // Memberships and the claims they take and give up.
    const rows = await this.editor.getMembershipItems<StoredMembership>(
      document.memberships.map(m => ({
        userRef: normalizeUserRef(m.userRef),
        lobId: m.lobId,
      })),
    );
    const plans = document.memberships.map(m => {
      const ref = normalizeUserRef(m.userRef);
      // A group row names no profile and holds no claim (its members do).
      const group = isGroupRef(ref);
      if (group && m.userProfileName !== undefined) {
        throw new InputError(
          `Invalid import: the group membership of ${ref} in '${m.lobId}' names a Studio user profile; each member of a group opens their own. Nothing was written`,
        );
      }
      const lob = finalLobs.get(m.lobId)!;
      const existed = current.get(m.lobId);
      const row = rows.get(`${ref}\u0000${m.lobId}`);
      const live = row && existed && isLive(row, existed) ? row : undefined;
      const profile = profileOf({
        userRef: ref,
        userProfileName: m.userProfileName,
      });
      const oldProfile = !group && live ? profileOf(live) : undefined;
      return { m, ref, lob, live, profile, oldProfile, group };
    });
    const claimKeys = plans
      .filter(p => !p.group)
      .flatMap(p => [
        claimKey(p.m.lobId, p.profile),
        ...(p.oldProfile ? [claimKey(p.m.lobId, p.oldProfile)] : []),
      ]);
    const claims = await this.editor.getMembershipItems<StoredClaim>(claimKeys);
    const claimOf = (lobId: string, name: string) => {
      const key = claimKey(lobId, name);
      const claim = claims.get(`${key.userRef}\u0000${key.lobId}`);
      const lob = current.get(lobId);
      return claim && lob && isLive(claim, lob) ? claim : undefined;
    };
    const wanted = new Map(
      plans
        .filter(p => !p.group)
        .map(p => [`${p.m.lobId}/${profileClaimKey(p.profile)}`, p]),
    );
    const giving = new Map<string, (typeof plans)[number]>();
    for (const p of plans) {
      if (
        p.oldProfile &&
        profileClaimKey(p.oldProfile) !== profileClaimKey(p.profile) &&
        claimOf(p.m.lobId, p.oldProfile)?.claimedBy === p.ref
      ) {
        giving.set(`${p.m.lobId}/${profileClaimKey(p.oldProfile)}`, p);
      }
    }

    const unitOf = new Map<(typeof plans)[number], Unit>();
    for (const p of plans) {
      const { m, ref, lob, live, profile, group } = p;
      const incarnation = incarnationOf(lob);
      const dead = deadCondition(incarnation);
      const key = `${m.lobId}/${profileClaimKey(profile)}`;
      const holder = group ? undefined : claimOf(m.lobId, profile);
      const fromOther = giving.get(key);
      touched.users.push(ref);
      if (!group)
        touched.claims.push({ lobId: m.lobId, userProfileName: profile });
      if (
        holder &&
        holder.claimedBy !== ref &&
        fromOther?.ref !== holder.claimedBy
      ) {
        throw new ProfileClaimedError(m.lobId, profile, holder.claimedBy);
      }
      const actions: any[] = [];
      let change: 'created' | 'updated' | undefined;
      if (!live) change = 'created';
      else if (live.userProfileName !== m.userProfileName) change = 'updated';
      if (change) {
        const item = withoutUndefined({
          userRef: ref,
          lobId: m.lobId,
          userProfileName: m.userProfileName,
          ...stamp((live?.version ?? 0) + 1),
          ...incarnationAttribute(incarnation),
          profileClaim: group ? undefined : profileClaimKey(profile),
          writeId,
        });
        const condition = live
          ? {
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': live.version },
            }
          : {
              ConditionExpression: `attribute_not_exists(userRef) OR ${dead.expression}`,
              ...(Object.keys(dead.values).length
                ? { ExpressionAttributeValues: dead.values }
                : {}),
            };
        actions.push({
          Put: {
            TableName: this.tables.membershipsTable,
            Item: item,
            ...condition,
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        });
        result.memberships[change]++;
      } else {
        result.memberships.unchanged++;
      }
      if (!group && (!holder || holder.claimedBy !== ref)) {
        const claim = this.editor.claimItem(lob, profile, ref, actor, writeId);
        actions.push({
          Put: {
            TableName: this.tables.membershipsTable,
            Item: claim,
            ConditionExpression: `attribute_not_exists(userRef) OR claimedBy = :ref OR ${
              dead.expression
            }${fromOther ? ' OR claimedBy = :from' : ''}`,
            ExpressionAttributeValues: {
              ':ref': ref,
              ...dead.values,
              ...(fromOther ? { ':from': fromOther.ref } : {}),
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        });
      }
      const oldKey =
        p.oldProfile && `${m.lobId}/${profileClaimKey(p.oldProfile)}`;
      if (oldKey && giving.get(oldKey) === p && !wanted.has(oldKey)) {
        touched.claims.push({ lobId: m.lobId, userProfileName: p.oldProfile! });
        actions.push({
          Delete: {
            TableName: this.tables.membershipsTable,
            Key: claimKey(m.lobId, p.oldProfile!),
            ConditionExpression: 'claimedBy = :ref',
            ExpressionAttributeValues: { ':ref': ref },
          },
        });
      }
      if (actions.length === 0) continue;
      const check = lobIncarnationCondition(incarnation);
      const unit = this.unit(
        change
          ? [{ kind: 'membership', lobId: m.lobId, userRef: ref, change }]
          : [],
        actions,
        [],
      );
      unit.checks.set(m.lobId, {
        ConditionCheck: {
          TableName: this.tables.lobsTable,
          Key: { lobId: m.lobId },
          ConditionExpression: check.expression,
          ...(Object.keys(check.values).length
            ? { ExpressionAttributeValues: check.values }
            : {}),
        },
      });
      unitOf.set(p, unit);
      units.push(unit);
    }
    // A profile handed from one user to another: both in one transaction.
    for (const [key, from] of giving) {
      const to = wanted.get(key);
      const a = unitOf.get(from);
      const b = to && unitOf.get(to);
      if (a && b && a !== b) merge(a, b, units);
    }

    const transactions = pack(units);
    result.transactions = transactions.length;
    const applied: ImportAppliedRow[] = [];
    for (const [index, transaction] of transactions.entries()) {
      try {
        await this.run(transaction, writeId);
      } catch (error) {
        throw this.failure(error, transaction, applied, index);
      }
      const rowsOf = transaction.flatMap(u => u.rows);
      applied.push(...rowsOf);
      await onBatch(rowsOf, index + 1);
    }
    return result;
  }

  private unit(
    rows: ImportAppliedRow[],
    actions: any[],
    writes: string[],
  ): Unit {
    return { rows, actions, checks: new Map(), writes: new Set(writes) };
  }

  private async run(transaction: Unit[], writeId: string): Promise<void> {
    const written = new Set(transaction.flatMap(u => [...u.writes]));
    const checks = new Map<string, any>();
    for (const u of transaction)
      for (const [id, c] of u.checks) if (!written.has(id)) checks.set(id, c);
    const TransactItems = [
      ...transaction.flatMap(u => u.actions),
      ...checks.values(),
    ];
    try {
      await this.calls.write(
        new TransactWriteCommand({
          ClientRequestToken: this.newId(),
          TransactItems,
        }),
      );
    } catch (error) {
      // The SDK's retry of a transaction that landed finds our own items: applied.
      const own =
        isConditionFailure(error) &&
        (
          (error as { CancellationReasons?: { Item?: Record<string, any> }[] })
            .CancellationReasons ?? []
        ).some(r => r?.Item && unmarshall(r.Item).writeId === writeId);
      if (!own)
        throw Object.assign(error as Error, { transactItems: TransactItems });
    }
  }

  private failure(
    error: unknown,
    transaction: Unit[],
    applied: ImportAppliedRow[],
    index: number,
  ): Error {
    const written =
      applied.length === 0
        ? 'nothing was written'
        : `the ${applied.length} row(s) in "applied" were written by earlier transactions`;
    if (isConditionFailure(error)) {
      const rows = transaction.flatMap(u => u.rows);
      const which = rows.length
        ? ` (${rows
            .map(r => (r.userRef ? `${r.userRef} in ${r.lobId}` : r.lobId))
            .slice(0, 5)
            .join(', ')}${rows.length > 5 ? ', ...' : ''})`
        : '';
      return new ImportFailedError(
        `Invalid import: mappings it reads changed while it was being applied${which}; ${written}. Export again and retry.`,
        applied,
      );
    }
    return index === 0
      ? (error as Error)
      : Object.assign(error as Error, { applied });
  }
}

function merge(a: Unit, b: Unit, units: Unit[]) {
  a.rows.push(...b.rows);
  a.actions.push(...b.actions);
  for (const [k, v] of b.checks) a.checks.set(k, v);
  for (const w of b.writes) a.writes.add(w);
  units.splice(units.indexOf(b), 1);
}

/** Units in order, as few transactions of at most 100 actions as fit. */
function pack(units: Unit[]): Unit[][] {
  const size = (group: Unit[]) => {
    const written = new Set(group.flatMap(u => [...u.writes]));
    const checks = new Set(
      group.flatMap(u => [...u.checks.keys()]).filter(id => !written.has(id)),
    );
    return group.reduce((n, u) => n + u.actions.length, 0) + checks.size;
  };
  const transactions: Unit[][] = [];
  let current: Unit[] = [];
  for (const unit of units) {
    if (size([unit]) > MAX_TRANSACTION_ACTIONS) {
      throw new InputError(
        'Invalid import: too many changes hang together to be saved in one transaction; split the import',
      );
    }
    if (current.length && size([...current, unit]) > MAX_TRANSACTION_ACTIONS) {
      transactions.push(current);
      current = [];
    }
    current.push(unit);
  }
  if (current.length) transactions.push(current);
  return transactions;
}

/** As the dry run compares it (one rule: importPreview.ts). */
function sameLob(current: StoredLob, lob: LobInput): boolean {
  return lobChanges(current, lob).length === 0;
}

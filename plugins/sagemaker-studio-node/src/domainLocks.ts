import {
  domainLockKey,
  itemId,
  sameDomain,
  type StoredDomainLock,
} from './mappingItems';
import { DomainTakenError, type DomainRef } from './mappingErrors';
import type { MappingTables } from './MappingStore';
import type { MappingReads } from './mappingReads';

/**
 * One Studio domain belongs to one LOB: a lock item per domain, written in
 * the same transaction as the LOB that takes, keeps or gives it up (so two
 * LOBs on one domain can never hand out the same user profile). These are
 * the checks before such a write and the transaction actions of the lock.
 *
 * @public
 */
export class DomainLocks {
  constructor(
    private readonly reads: MappingReads,
    private readonly tables: MappingTables,
    private readonly now: () => Date,
  ) {}

  /**
   * Refuses a domain that another LOB maps: by its lock, or (for LOBs
   * written before locks existed) by a scan of the LOBs. A lock whose LOB
   * is gone or moved is stale: the write may take it over.
   */
  async assertDomainFree(
    domain: DomainRef,
    lobId: string,
  ): Promise<{ staleOwner?: string }> {
    const key = domainLockKey(domain);
    const lock = (
      await this.reads.getMembershipItems<StoredDomainLock & { lobId: string }>(
        [key],
      )
    ).get(itemId(key));
    let staleOwner: string | undefined;
    if (lock && lock.ownerLobId !== lobId) {
      const owner = await this.reads.getLob(lock.ownerLobId);
      if (owner && sameDomain(owner, domain)) {
        throw new DomainTakenError(domain, lock.ownerLobId);
      }
      staleOwner = lock.ownerLobId;
    }
    const other = await this.reads.lobOnDomain(domain, lobId);
    if (other) throw new DomainTakenError(domain, other.lobId);
    return { staleOwner };
  }

  /**
   * For many writes at once (an import): of each domain, the LOBs that map
   * it now (one scan of the LOBs table) and the owner of a lock no LOB
   * backs any more (stale, may be taken over).
   */
  async domainHolders(
    domains: DomainRef[],
  ): Promise<Map<string, { lobIds: string[]; staleOwner?: string }>> {
    const keys = domains.map(domainLockKey);
    const [locks, lobs] = await Promise.all([
      this.reads.getMembershipItems<StoredDomainLock & { lobId: string }>(keys),
      this.reads.allLobs(),
    ]);
    const holders = new Map<
      string,
      { lobIds: string[]; staleOwner?: string }
    >();
    for (const domain of domains) {
      const key = domainLockKey(domain);
      const lobIds = lobs
        .filter(lob => sameDomain(lob, domain))
        .map(lob => lob.lobId);
      const lock = locks.get(itemId(key));
      holders.set(key.userRef, {
        lobIds,
        staleOwner:
          lock && !lobIds.includes(lock.ownerLobId)
            ? lock.ownerLobId
            : undefined,
      });
    }
    return holders;
  }

  /** Takes the lock of a domain for a LOB (or keeps it, or takes over a stale one). */
  lockPut(
    domain: DomainRef,
    lobId: string,
    writeId: string,
    staleOwner?: string,
  ) {
    return {
      Put: {
        TableName: this.tables.membershipsTable,
        Item: {
          ...domainLockKey(domain),
          ownerLobId: lobId,
          writeId,
          updatedAt: this.now().toISOString(),
        },
        ConditionExpression: `attribute_not_exists(userRef) OR ownerLobId = :owner${
          staleOwner ? ' OR ownerLobId = :stale' : ''
        }`,
        ExpressionAttributeValues: {
          ':owner': lobId,
          ...(staleOwner ? { ':stale': staleOwner } : {}),
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
      },
    };
  }

  /** Gives up a LOB's lock of a domain (none is fine: LOBs written before locks). */
  lockDelete(domain: DomainRef, lobId: string) {
    return {
      Delete: {
        TableName: this.tables.membershipsTable,
        Key: domainLockKey(domain),
        ConditionExpression:
          'attribute_not_exists(userRef) OR ownerLobId = :owner',
        ExpressionAttributeValues: { ':owner': lobId },
      },
    };
  }
}

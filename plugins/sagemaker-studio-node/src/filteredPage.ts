import { InputError } from '@backstage/errors';
import type { Page } from '@studio-portal/plugin-sagemaker-studio-common';

/** One answer of a DynamoDB Scan or Query. */
export interface StoredPage<T> {
  Items?: T[];
  LastEvaluatedKey?: Record<string, unknown>;
}

/**
 * How many stored rows one filtered listing request reads at most. A search
 * that finds fewer than a page within it answers what it found and a cursor
 * to read on: every request stays bounded, however rare the matches.
 */
export const FILTER_READ_BUDGET = 1000;

/** Rows read per DynamoDB call while filtering. */
const FILTER_READ_BATCH = 100;

/**
 * A page of a listing whose rows are kept or dropped after reading
 * (DynamoDB filters cannot compare case-insensitively, nor know a LOB's
 * incarnation). Reads from `startKey` until `limit` rows are kept or the
 * budget is read; the cursor is the key of the last row read, so the next
 * page starts right after it and paging never skips or repeats a row.
 * Without `search`, one read of `limit` rows (a page may come out short).
 */
export async function filteredPage<T>(options: {
  read: (
    startKey: Record<string, unknown> | undefined,
    limit: number,
  ) => Promise<StoredPage<T>>;
  /** Which rows of one read to keep. */
  select: (rows: T[]) => Promise<boolean[]> | boolean[];
  keyOf: (row: T) => Record<string, unknown>;
  startKey?: Record<string, unknown>;
  limit: number;
  search: boolean;
}): Promise<{ items: T[]; lastKey?: Record<string, unknown> }> {
  const { read, select, keyOf, limit, search } = options;
  const budget = search ? Math.max(FILTER_READ_BUDGET, limit) : limit;
  const kept: T[] = [];
  let startKey = options.startKey;
  let examined = 0;
  // Empty answers with a key (DynamoDB's 1 MB cut) still end the request.
  const maxReads = Math.ceil(budget / FILTER_READ_BATCH) + 1;
  for (let reads = 1; ; reads++) {
    const batch = search
      ? Math.min(FILTER_READ_BATCH, budget - examined)
      : budget - examined;
    const result = await read(startKey, batch);
    const rows = result.Items ?? [];
    const keep = await select(rows);
    for (let i = 0; i < rows.length; i++) {
      examined++;
      if (!keep[i]) continue;
      kept.push(rows[i]);
      if (kept.length === limit) {
        const more = i < rows.length - 1 || result.LastEvaluatedKey;
        return { items: kept, lastKey: more ? keyOf(rows[i]) : undefined };
      }
    }
    startKey = result.LastEvaluatedKey;
    if (!startKey || examined >= budget || reads >= maxReads) {
      return { items: kept, lastKey: startKey };
    }
  }
}

/**
 * Case-insensitive substring search over a row's fields; no text keeps all.
 *
 * @public
 */
export function matchesSearch(
  text: string | undefined,
  fields: (string | undefined)[],
): boolean {
  if (!text) return true;
  const needle = text.toLocaleLowerCase('en-US');
  return fields.some(
    field =>
      field !== undefined && field.toLocaleLowerCase('en-US').includes(needle),
  );
}

/**
 * A page of an admin listing; `filter` keeps only the rows it accepts (a
 * search), reading on within a bound (see filteredPage).
 *
 * @public
 */
export interface ListPage<T> {
  cursor?: string;
  limit: number;
  filter?: (item: T) => boolean;
}

/** The API's page: the items, and the opaque cursor of the next page. */
export function toPage<T>(
  items: T[],
  lastKey?: Record<string, unknown>,
): Page<T> {
  return {
    items,
    nextCursor: lastKey
      ? Buffer.from(JSON.stringify(lastKey)).toString('base64url')
      : undefined,
  };
}

/**
 * Cursors are opaque to clients, and checked here: exactly the key
 * attributes of this query, strings, and the partition this query reads (a
 * cursor of another query is a 400, never a DynamoDB error).
 */
export function decodeCursor(
  cursor: string | undefined,
  expected: Record<string, string | undefined>,
) {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const names = Object.keys(expected);
    const valid =
      key &&
      typeof key === 'object' &&
      !Array.isArray(key) &&
      Object.keys(key).length === names.length &&
      names.every(
        k =>
          typeof key[k] === 'string' &&
          key[k].length > 0 &&
          (expected[k] === undefined || key[k] === expected[k]),
      );
    if (valid) return key as Record<string, string>;
  } catch {
    // fall through
  }
  throw new InputError(
    'Invalid request: cursor is not one this API returned for this query',
  );
}

import {
  FILTER_READ_BUDGET,
  filteredPage,
  matchesSearch,
  type StoredPage,
} from './filteredPage';

/** A table of rows 0..size-1 read in key order, as DynamoDB pages them. */
function table(size: number) {
  const reads: number[] = [];
  const read = async (
    startKey: Record<string, unknown> | undefined,
    limit: number,
  ): Promise<StoredPage<{ id: number }>> => {
    reads.push(limit);
    const from = startKey ? (startKey.id as number) + 1 : 0;
    const to = Math.min(size, from + limit);
    const Items = Array.from({ length: to - from }, (_, i) => ({
      id: from + i,
    }));
    return {
      Items,
      LastEvaluatedKey: to < size ? { id: to - 1 } : undefined,
    };
  };
  return { read, reads };
}

async function everyPage(
  size: number,
  keep: (id: number) => boolean,
  limit: number,
) {
  const { read, reads } = table(size);
  const pages: number[][] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await filteredPage({
      read,
      select: rows => rows.map(row => keep(row.id)),
      keyOf: row => ({ id: row.id }),
      startKey,
      limit,
      search: true,
    });
    pages.push(page.items.map(row => row.id));
    startKey = page.lastKey;
  } while (startKey);
  return { pages, reads };
}

describe('filteredPage', () => {
  it('pages through matches without skipping or repeating one, the cursor at the last row read', async () => {
    const { pages } = await everyPage(250, id => id % 7 === 0, 4);
    const found = pages.flat();
    expect(found).toEqual(
      Array.from({ length: 36 }, (_, i) => i * 7).filter(id => id < 250),
    );
    expect(pages.slice(0, -1).every(page => page.length === 4)).toBe(true);
  });

  it('stops after the read budget with what it found and a cursor, however rare the matches', async () => {
    const size = FILTER_READ_BUDGET * 2 + 10;
    const { pages, reads } = await everyPage(size, id => id === size - 1, 5);
    expect(pages).toEqual([[], [], [size - 1]]);
    // No request read more than the budget.
    expect(reads.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(
      3 * FILTER_READ_BUDGET,
    );
  });

  it('ends the listing without a cursor when the last match is the last row', async () => {
    const { pages } = await everyPage(10, id => id >= 8, 2);
    expect(pages).toEqual([[8, 9]]);
  });

  it('without a search reads one page of the limit', async () => {
    const { read, reads } = table(10);
    const page = await filteredPage({
      read,
      select: rows => rows.map(() => true),
      keyOf: row => ({ id: row.id }),
      limit: 3,
      search: false,
    });
    expect(page.items.map(r => r.id)).toEqual([0, 1, 2]);
    expect(page.lastKey).toEqual({ id: 2 });
    expect(reads).toEqual([3]);
  });
});

describe('matchesSearch', () => {
  it('is a case-insensitive substring match over the given fields', () => {
    expect(matchesSearch('FIN', ['lob-a', 'Finance'])).toBe(true);
    expect(matchesSearch('fin', ['lob-a', undefined])).toBe(false);
    expect(matchesSearch(undefined, ['x'])).toBe(true);
  });
});

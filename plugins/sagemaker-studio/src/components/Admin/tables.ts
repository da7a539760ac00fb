/** Class of the cells that hold names: they wrap, at word boundaries only. */
export const WRAPS = 'wraps';

/**
 * Ids, refs and headers stay whole (never broken mid-word); names wrap
 * between words. On a narrow screen the table scrolls sideways, its first
 * column (what the row is) kept in view, instead of squeezing its columns
 * to a letter.
 */
export const READABLE_TABLE = {
  minWidth: 640,
  '& th, & td': { whiteSpace: 'nowrap', wordBreak: 'keep-all' },
  [`& td.${WRAPS}`]: {
    whiteSpace: 'normal',
    overflowWrap: 'normal',
    minWidth: 140,
  },
  '& th:first-of-type, & td:first-of-type': {
    position: 'sticky',
    left: 0,
    zIndex: 1,
    backgroundColor: 'background.paper',
  },
} as const;

/** A stored ISO timestamp in the reader's locale and time zone. */
export function readableTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short',
      });
}

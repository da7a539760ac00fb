/**
 * Ids and headers stay whole: on a narrow screen the table scrolls
 * sideways instead of squeezing its columns to a letter.
 */
export const READABLE_TABLE = {
  minWidth: 720,
  '& th, & td': { whiteSpace: 'nowrap' },
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

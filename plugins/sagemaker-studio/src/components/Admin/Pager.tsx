import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { CursorPages } from './useCursorPages';

/** Previous / next page controls for a cursor listing. */
export function Pager(props: {
  label: string;
  pages: Pick<
    CursorPages<unknown>,
    'pageNumber' | 'hasPrevious' | 'hasNext' | 'previous' | 'next'
  >;
}) {
  const { label } = props;
  const { pageNumber, hasPrevious, hasNext, previous, next } = props.pages;
  return (
    <Stack
      component="nav"
      aria-label={`${label} pages`}
      direction="row"
      spacing={2}
      alignItems="center"
      justifyContent="flex-end"
      sx={{ mt: 1 }}
    >
      <Button size="small" onClick={previous} disabled={!hasPrevious}>
        Previous page
      </Button>
      <Typography variant="body2" aria-live="polite">
        Page {pageNumber}
      </Typography>
      <Button size="small" onClick={next} disabled={!hasNext}>
        Next page
      </Button>
    </Stack>
  );
}

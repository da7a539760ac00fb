import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';

/** Previous / next page controls for a cursor listing. */
export function Pager(props: {
  label: string;
  pageNumber: number;
  hasPrevious: boolean;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { label, pageNumber, hasPrevious, hasNext, onPrevious, onNext } = props;
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
      <Button size="small" onClick={onPrevious} disabled={!hasPrevious}>
        Previous page
      </Button>
      <Typography variant="body2" aria-live="polite">
        Page {pageNumber}
      </Typography>
      <Button size="small" onClick={onNext} disabled={!hasNext}>
        Next page
      </Button>
    </Stack>
  );
}

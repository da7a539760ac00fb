import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';

/** A section's heading, with its add button for those who may write. */
export function SectionHeading(props: {
  id: string;
  children: ReactNode;
  /** The button's label and action; none hides the button. */
  add?: { label: string; onClick: () => void };
}) {
  const { id, add } = props;
  return (
    <Stack
      direction="row"
      justifyContent="space-between"
      alignItems="center"
      sx={{ mb: 1 }}
    >
      <Typography variant="h5" component="h2" id={id}>
        {props.children}
      </Typography>
      {add && (
        <Button variant="contained" onClick={add.onClick}>
          {add.label}
        </Button>
      )}
    </Stack>
  );
}

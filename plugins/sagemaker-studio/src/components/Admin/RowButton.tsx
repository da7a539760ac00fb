import Button from '@mui/material/Button';
import { ReactNode } from 'react';

/**
 * One of a table row's action buttons. Its accessible name says which row
 * it acts on (`Edit sales`), its text only what it does (`Edit`).
 */
export function RowButton(props: {
  label: string;
  onClick: () => void;
  /** Red, for the actions that delete. */
  danger?: boolean;
  children: ReactNode;
}) {
  const { label, onClick, danger } = props;
  return (
    <Button
      size="small"
      color={danger ? 'error' : undefined}
      aria-label={label}
      onClick={onClick}
    >
      {props.children}
    </Button>
  );
}

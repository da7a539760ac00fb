import Alert from '@mui/material/Alert';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { ReactNode } from 'react';
import { READABLE_TABLE } from './tables';

/**
 * A table of the admin page, named by its section's heading, with a note
 * below it when there are no rows.
 */
export function DataTable(props: {
  /** The id of the heading that names the table. */
  labelledBy: string;
  busy: boolean;
  columns: string[];
  /** Shown below the table when set: why there are no rows. */
  empty?: string | false;
  /** The rows. */
  children: ReactNode;
}) {
  const { labelledBy, busy, columns, empty } = props;
  return (
    <>
      <TableContainer component={Paper}>
        <Table
          size="small"
          aria-labelledby={labelledBy}
          aria-busy={busy}
          sx={READABLE_TABLE}
        >
          <TableHead>
            <TableRow>
              {columns.map(column => (
                <TableCell key={column}>{column}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>{props.children}</TableBody>
        </Table>
      </TableContainer>
      {empty && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {empty}
        </Alert>
      )}
    </>
  );
}

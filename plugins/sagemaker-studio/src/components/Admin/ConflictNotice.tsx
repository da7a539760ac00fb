import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { messageOf } from '../../api/responseErrors';

/** A field of an item as the notice shows it; '—' when unset. */
function text(item: object, key: string) {
  const value = (item as Record<string, unknown>)[key];
  return value === undefined || value === null || value === ''
    ? '—'
    : String(value);
}

/**
 * A 409: someone else wrote first. Shows the admin's edit beside the item
 * as it is now, field by field with the differences marked, and lets them
 * either re-apply their edit on top of the newer version or take the newer
 * data (which drops their edit).
 */
export function ConflictNotice<
  T extends { version?: number; updatedBy?: string; updatedAt?: string },
>(props: {
  error: unknown;
  current: T;
  /** The admin's edit, as in the form (or the item as they read it). */
  mine: object;
  /** What `mine` is; `Your edit` by default. */
  mineLabel?: string;
  fields: { key: string; label: string }[];
  /** Omitted where there is no edit to re-apply (a delete). */
  onReapply?: () => void;
  onUseNewer: () => void;
  useNewerLabel?: string;
}) {
  const {
    error,
    current,
    mine,
    mineLabel = 'Your edit',
    fields,
    onReapply,
    onUseNewer,
    useNewerLabel = 'Use the newer data (drops my edit)',
  } = props;
  const changed = fields.filter(
    ({ key }) => text(mine, key) !== text(current, key),
  );
  return (
    <Alert severity="warning" role="alert" sx={{ mb: 2 }}>
      <AlertTitle>Changed by someone else</AlertTitle>
      <Typography variant="body2">{messageOf(error)}</Typography>
      <Typography variant="body2" sx={{ mt: 1 }}>
        It is now version {text(current, 'version')}
        {current.updatedBy ? `, by ${current.updatedBy}` : ''}
        {current.updatedAt ? ` at ${current.updatedAt}` : ''}.{' '}
        {changed.length === 0
          ? `${mineLabel} and the newer data are the same.`
          : `${
              changed.length
            } field(s) differ: ${mineLabel.toLowerCase()} and the newer data.`}
      </Typography>
      <Table
        size="small"
        aria-label={`${mineLabel} and the newer data`}
        sx={{ my: 1 }}
      >
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              Field
            </TableCell>
            <TableCell component="th" scope="col">
              {mineLabel}
            </TableCell>
            <TableCell component="th" scope="col">
              Saved now
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {fields.map(({ key, label }) => {
            const differs = changed.some(c => c.key === key);
            return (
              <TableRow key={key} data-differs={differs || undefined}>
                <TableCell component="th" scope="row">
                  {label}
                  {differs && (
                    <Typography component="span" variant="caption">
                      {' '}
                      (differs)
                    </Typography>
                  )}
                </TableCell>
                <TableCell sx={{ fontWeight: differs ? 600 : undefined }}>
                  {text(mine, key)}
                </TableCell>
                <TableCell sx={{ fontWeight: differs ? 600 : undefined }}>
                  {text(current, key)}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Stack direction="row" spacing={1} flexWrap="wrap" useFlexGap>
        {onReapply && (
          <Button
            color="inherit"
            size="small"
            variant="outlined"
            onClick={onReapply}
          >
            Re-apply my edit on the newer version
          </Button>
        )}
        <Button color="inherit" size="small" onClick={onUseNewer}>
          {useNewerLabel}
        </Button>
      </Stack>
    </Alert>
  );
}

import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { messageOf } from '../../api/adminErrors';

/**
 * A 409: someone else wrote first. Shows the item as it is now and lets the
 * admin load it into the form to redo the edit on top of it.
 */
export function ConflictNotice(props: {
  error: unknown;
  current: Record<string, unknown> & { version?: number };
  fields: { key: string; label: string }[];
  onRedo?: () => void;
}) {
  const { error, current, fields, onRedo } = props;
  return (
    <Alert
      severity="warning"
      role="alert"
      sx={{ mb: 2 }}
      action={
        onRedo ? (
          <Button color="inherit" size="small" onClick={onRedo}>
            Load the newer data
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>Changed by someone else</AlertTitle>
      <Typography variant="body2">{messageOf(error)}</Typography>
      <Typography variant="body2" sx={{ mt: 1 }}>
        It is now version {String(current.version ?? '?')}
        {current.updatedBy ? `, by ${String(current.updatedBy)}` : ''}
        {current.updatedAt ? ` at ${String(current.updatedAt)}` : ''}:
      </Typography>
      <dl aria-label="Current data" style={{ margin: '4px 0 0' }}>
        {fields.map(({ key, label }) => (
          <div key={key} style={{ display: 'flex', gap: 8 }}>
            <dt style={{ fontWeight: 600 }}>{label}:</dt>
            <dd style={{ margin: 0 }}>{String(current[key] ?? '—')}</dd>
          </div>
        ))}
      </dl>
    </Alert>
  );
}

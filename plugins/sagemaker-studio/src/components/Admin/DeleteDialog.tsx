import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import { ReactNode, useState } from 'react';
import { conflictCurrentOf } from '../../api/responseErrors';
import { ConflictNotice } from './ConflictNotice';
import { ErrorNotice } from './ErrorNotice';

/**
 * Confirms the delete of an item at the version read. When someone changed
 * it since, a 409 shows the item as it is now, and the admin may load it
 * and confirm again.
 */
export function DeleteDialog<T extends { version: number }>(props: {
  /** The dialog title's element id. */
  id: string;
  item: T;
  title: (item: T) => string;
  /** The item's fields, as the conflict notice compares them. */
  fields: { key: string; label: string }[];
  /** The verb of the confirming button: `Delete`, `Remove`. */
  action: string;
  /** Said over the error when it fails. */
  failedTitle: string;
  /** Deletes the item (at its version) and tells the caller. */
  onDelete: (item: T) => Promise<void>;
  onClose: () => void;
  /** What the delete means, for this item. */
  children: (item: T) => ReactNode;
}) {
  const { id, title, fields, action, failedTitle, onDelete, onClose } = props;
  const [item, setItem] = useState(props.item);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const current = conflictCurrentOf<T>(error);
  // A 409 that is not about the version (a LOB with members) is an error.
  const changed = current && current.version !== item.version;

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onDelete(item);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby={id}>
      <DialogTitle id={id}>{title(item)}</DialogTitle>
      <DialogContent>
        {changed ? (
          <ConflictNotice
            error={error}
            current={current}
            fields={fields}
            mine={item}
            mineLabel="What you read"
            useNewerLabel="Load the newer data"
            onUseNewer={() => {
              setItem(current);
              setError(undefined);
            }}
          />
        ) : (
          error !== undefined && (
            <ErrorNotice error={error} title={failedTitle} />
          )
        )}
        {props.children(item)}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          onClick={remove}
          disabled={busy || Boolean(changed)}
        >
          {action}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

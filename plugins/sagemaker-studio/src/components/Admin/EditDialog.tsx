import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import { FormEvent, ReactNode, useState } from 'react';
import type { WriteResult } from '../../api/adminApi';
import { conflictCurrentOf, statusOf } from '../../api/responseErrors';
import { ConflictNotice } from './ConflictNotice';
import { ErrorNotice } from './ErrorNotice';

/** What a section hands its add-or-edit dialog. */
export type EditCallbacks<T> = {
  onClose: () => void;
  onSaved: (item: T, warnings: string[]) => void;
  /** Someone else wrote first: the list behind the dialog is stale. */
  onConflict?: () => void;
};

/**
 * The state of a dialog that adds an item or edits it at the version it
 * was read: the save, its error, and the two ways out of a 409 (take the
 * newer data, or keep the edit and save it on top of the newer version).
 */
export function useVersionedEdit<T extends { version: number }>(
  options: EditCallbacks<T> & {
    /** The item edited; none when adding. */
    item?: T;
    /** Puts an item's values into the form. */
    load: (item: T) => void;
  },
) {
  const { load, onClose, onSaved, onConflict } = options;
  const [editing, setEditing] = useState(options.item);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const conflict = conflictCurrentOf<T>(error);

  /** A form's submit handler that saves and hands on the result. */
  const submit =
    (save: () => Promise<WriteResult<T>>) => async (event: FormEvent) => {
      event.preventDefault();
      setSaving(true);
      setError(undefined);
      try {
        const result = await save();
        onSaved(result.item, result.warnings);
      } catch (e) {
        setError(e);
        if (statusOf(e) === 409) onConflict?.();
      } finally {
        setSaving(false);
      }
    };

  /** Takes the newer data into the form; the admin's edit is dropped. */
  const takeNewer = () => {
    if (!conflict) return;
    setEditing(conflict);
    load(conflict);
    setError(undefined);
  };

  /** Keeps the admin's edit, to save it on top of the newer version. */
  const reapply = () => {
    if (!conflict) return;
    setEditing(conflict);
    setError(undefined);
  };

  return {
    editing,
    error,
    saving,
    conflict,
    submit,
    takeNewer,
    reapply,
    onClose,
  };
}

/** The state `useVersionedEdit` keeps, which `EditDialog` shows. */
type VersionedEdit<T extends { version: number }> = ReturnType<
  typeof useVersionedEdit<T>
>;

/**
 * The frame of an add-or-edit dialog: title, the notice of a failed save
 * (a conflict, field errors or another error), the fields, Cancel and
 * Add / Save.
 */
export function EditDialog<T extends { version: number }>(props: {
  /** The dialog title's element id. */
  id: string;
  title: string;
  /** From `useVersionedEdit`: editing (Save) or adding (Add), the save. */
  edit: VersionedEdit<T>;
  /** Writes the form's values. */
  save: () => Promise<WriteResult<T>>;
  /**
   * When the save met a newer version: the item as saved now and the
   * admin's edit, compared field by field in the conflict notice.
   */
  conflict?: {
    current: object;
    mine: object;
    fields: { key: string; label: string }[];
  };
  /** Field -> message; `_` is about the whole form. */
  fieldErrors: Record<string, string>;
  children: ReactNode;
}) {
  const { id, title, edit, save, conflict, fieldErrors } = props;
  const { editing, saving, error, onClose } = edit;
  let notice: ReactNode = conflict && (
    <ConflictNotice
      error={error}
      current={conflict.current}
      mine={conflict.mine}
      fields={conflict.fields}
      onReapply={edit.reapply}
      onUseNewer={edit.takeNewer}
    />
  );
  if (!notice && error !== undefined) {
    notice =
      Object.keys(fieldErrors).length > 0 ? (
        <Alert severity="error" role="alert" sx={{ mb: 2 }}>
          Please correct the marked fields.
          {fieldErrors._ ? ` ${fieldErrors._}` : ''}
        </Alert>
      ) : (
        <ErrorNotice error={error} title="Not saved" />
      );
  }
  return (
    <Dialog open onClose={onClose} aria-labelledby={id} fullWidth>
      <form onSubmit={edit.submit(save)} noValidate>
        <DialogTitle id={id}>{title}</DialogTitle>
        <DialogContent>
          {notice}
          <Stack spacing={2} sx={{ mt: 1 }}>
            {props.children}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={saving}>
            {editing ? 'Save' : 'Add'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

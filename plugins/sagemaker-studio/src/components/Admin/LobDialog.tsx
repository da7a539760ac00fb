import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { FormEvent, useState } from 'react';
import { Lob, SageMakerStudioAdminApi } from '../../api/adminApi';
import {
  conflictCurrentOf,
  fieldErrorsOf,
  statusOf,
} from '../../api/responseErrors';
import { ConflictNotice } from './ConflictNotice';
import { ErrorNotice } from './ErrorNotice';

type LobFields = Pick<
  Lob,
  'lobId' | 'displayName' | 'accountId' | 'region' | 'domainId'
> & { roleName: string; executionRoleName: string };

/** Text fields that may be left empty. */
const OPTIONAL: (keyof LobFields)[] = ['roleName', 'executionRoleName'];

export const LOB_FIELDS: { key: keyof LobFields; label: string }[] = [
  { key: 'lobId', label: 'LOB id' },
  { key: 'displayName', label: 'Display name' },
  { key: 'accountId', label: 'AWS account id' },
  { key: 'region', label: 'Region' },
  { key: 'domainId', label: 'Studio domain id' },
  { key: 'roleName', label: 'Access role name (optional)' },
  {
    key: 'executionRoleName',
    label: 'Execution role of created profiles (optional)',
  },
];

/** The checkbox, as the conflict notice compares it. */
const PROVISION_FIELD = {
  key: 'provisionProfiles',
  label: 'Creates profiles at first launch',
};

const EMPTY: LobFields = {
  lobId: '',
  displayName: '',
  accountId: '',
  region: '',
  domainId: '',
  roleName: '',
  executionRoleName: '',
};

/** Only the editable fields: the backend refuses unknown ones. */
function fieldsOf(lob: Lob): LobFields {
  return {
    lobId: lob.lobId,
    displayName: lob.displayName,
    accountId: lob.accountId,
    region: lob.region,
    domainId: lob.domainId,
    roleName: lob.roleName ?? '',
    executionRoleName: lob.executionRoleName ?? '',
  };
}

/**
 * Adds a LOB, or edits one at the version it was read. The backend's field
 * errors show at their fields; on a 409 the newer data can be loaded to
 * redo the edit.
 */
export function LobDialog(props: {
  api: SageMakerStudioAdminApi;
  lob?: Lob;
  onClose: () => void;
  onSaved: (lob: Lob, warnings: string[]) => void;
  /** Someone else wrote first: the list behind the dialog is stale. */
  onConflict?: () => void;
}) {
  const { api, onClose, onSaved, onConflict } = props;
  const [editing, setEditing] = useState<Lob | undefined>(props.lob);
  const [values, setValues] = useState<LobFields>(
    props.lob ? fieldsOf(props.lob) : EMPTY,
  );
  const [provision, setProvision] = useState(
    Boolean(props.lob?.provisionProfiles),
  );
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const conflict = conflictCurrentOf<Lob>(error);
  // Adding: a 409 with an item means the id is taken, a field error, not
  // an edit race (loading "the newer data" would edit the other LOB).
  const duplicateId = !editing && conflict !== undefined;
  const current = editing ? conflict : undefined;
  const fieldErrors = duplicateId
    ? {
        lobId: `A LOB with the id '${
          conflict?.lobId ?? values.lobId
        }' exists. Choose another id, or edit that LOB.`,
      }
    : fieldErrorsOf(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const { lobId, roleName, executionRoleName, ...rest } = values;
    const withRole = {
      ...rest,
      ...(roleName ? { roleName } : {}),
      ...(provision ? { provisionProfiles: true } : {}),
      ...(executionRoleName ? { executionRoleName } : {}),
    };
    try {
      const result = editing
        ? await api.updateLob(editing.lobId, {
            ...withRole,
            version: editing.version,
          })
        : await api.createLob({ lobId, ...withRole });
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
    if (!current) return;
    setEditing(current);
    setValues(fieldsOf(current));
    setProvision(Boolean(current.provisionProfiles));
    setError(undefined);
  };

  /** Keeps the admin's edit, to save it on top of the newer version. */
  const reapply = () => {
    if (!current) return;
    setEditing(current);
    setError(undefined);
  };

  const title = editing
    ? `Edit line of business ${editing.lobId}`
    : 'Add a line of business';
  return (
    <Dialog open onClose={onClose} aria-labelledby="lob-dialog-title" fullWidth>
      <form onSubmit={submit} noValidate>
        <DialogTitle id="lob-dialog-title">{title}</DialogTitle>
        <DialogContent>
          {current ? (
            <ConflictNotice
              error={error}
              current={{
                ...fieldsOf(current),
                provisionProfiles: current.provisionProfiles ? 'yes' : 'no',
                version: current.version,
                updatedBy: current.updatedBy,
                updatedAt: current.updatedAt,
              }}
              mine={{ ...values, provisionProfiles: provision ? 'yes' : 'no' }}
              fields={[...LOB_FIELDS, PROVISION_FIELD]}
              onReapply={reapply}
              onUseNewer={takeNewer}
            />
          ) : (
            error !== undefined &&
            (Object.keys(fieldErrors).length > 0 ? (
              <Alert severity="error" role="alert" sx={{ mb: 2 }}>
                Please correct the marked fields.
                {fieldErrors._ ? ` ${fieldErrors._}` : ''}
              </Alert>
            ) : (
              <ErrorNotice error={error} title="Not saved" />
            ))
          )}
          <Stack spacing={2} sx={{ mt: 1 }}>
            {LOB_FIELDS.map(({ key, label }) => (
              <TextField
                key={key}
                id={`lob-${key}`}
                label={label}
                value={values[key]}
                onChange={e => setValues({ ...values, [key]: e.target.value })}
                required={!OPTIONAL.includes(key)}
                disabled={key === 'lobId' && Boolean(editing)}
                error={Boolean(fieldErrors[key])}
                helperText={
                  fieldErrors[key] ??
                  (key === 'executionRoleName'
                    ? "A role name in the LOB's account; empty: the domain's default execution role"
                    : undefined)
                }
              />
            ))}
            <FormControlLabel
              control={
                <Checkbox
                  checked={provision}
                  onChange={e => setProvision(e.target.checked)}
                />
              }
              label="Create a member's Studio user profile at their first launch"
            />
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

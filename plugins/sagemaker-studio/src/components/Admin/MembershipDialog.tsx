import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { FormEvent, useState } from 'react';
import { MembershipRecord, SageMakerStudioAdminApi } from '../../api/adminApi';
import {
  conflictCurrentOf,
  fieldErrorsOf,
  statusOf,
} from '../../api/responseErrors';
import { ConflictNotice } from './ConflictNotice';
import { ErrorNotice } from './ErrorNotice';
import { MemberPicker } from './MemberPicker';
import { toUserRef } from './userRef';

export const MEMBERSHIP_FIELDS = [
  { key: 'userRef', label: 'User or group' },
  { key: 'lobId', label: 'LOB' },
  { key: 'userProfileName', label: 'User profile' },
];

/**
 * Adds a user or a group to a LOB, or changes the Studio user profile of a
 * member. A group names no profile: each of its members opens their own.
 */
export function MembershipDialog(props: {
  api: SageMakerStudioAdminApi;
  lobId: string;
  membership?: MembershipRecord;
  onClose: () => void;
  onSaved: (membership: MembershipRecord, warnings: string[]) => void;
  /** Someone else wrote first: the list behind the dialog is stale. */
  onConflict?: () => void;
}) {
  const { api, lobId, onClose, onSaved, onConflict } = props;
  const [editing, setEditing] = useState(props.membership);
  const [user, setUser] = useState(props.membership?.userRef ?? '');
  const [profile, setProfile] = useState(
    props.membership?.userProfileName ?? '',
  );
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const fieldErrors = fieldErrorsOf(error);
  const current = conflictCurrentOf<MembershipRecord>(error);
  const isGroup = toUserRef(editing ? editing.userRef : user).startsWith(
    'group:',
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const result = await api.putMembership(
        lobId,
        editing ? editing.userRef : toUserRef(user),
        {
          ...(profile.trim() && !isGroup
            ? { userProfileName: profile.trim() }
            : {}),
          ...(editing ? { version: editing.version } : {}),
        },
      );
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
    setUser(current.userRef);
    setProfile(current.userProfileName ?? '');
    setError(undefined);
  };

  /** Keeps the admin's edit, to save it on top of the newer version. */
  const reapply = () => {
    if (!current) return;
    setEditing(current);
    setError(undefined);
  };

  return (
    <Dialog
      open
      onClose={onClose}
      aria-labelledby="membership-dialog-title"
      fullWidth
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id="membership-dialog-title">
          {editing
            ? `Edit membership of ${editing.userRef} in ${lobId}`
            : `Add a member to ${lobId}`}
        </DialogTitle>
        <DialogContent>
          {current ? (
            <ConflictNotice
              error={error}
              current={current as unknown as Record<string, unknown>}
              mine={{
                userRef: editing ? editing.userRef : toUserRef(user),
                lobId,
                userProfileName: profile.trim(),
              }}
              fields={MEMBERSHIP_FIELDS}
              onReapply={reapply}
              onUseNewer={takeNewer}
            />
          ) : (
            error !== undefined &&
            (Object.keys(fieldErrors).length > 0 ? (
              <Alert severity="error" role="alert" sx={{ mb: 2 }}>
                Please correct the marked fields.
              </Alert>
            ) : (
              <ErrorNotice error={error} title="Not saved" />
            ))
          )}
          <Stack spacing={2} sx={{ mt: 1 }}>
            <MemberPicker
              id="membership-user"
              value={user}
              onChange={setUser}
              disabled={Boolean(editing)}
              error={Boolean(fieldErrors.userRef)}
              helperText={fieldErrors.userRef}
            />
            <TextField
              id="membership-profile"
              label="Studio user profile (optional)"
              value={isGroup ? '' : profile}
              onChange={e => setProfile(e.target.value)}
              disabled={isGroup}
              error={Boolean(fieldErrors.userProfileName)}
              helperText={
                fieldErrors.userProfileName ??
                (isGroup
                  ? 'Each member of the group opens their own profile, derived from their user name'
                  : 'Empty: derived from the user name')
              }
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

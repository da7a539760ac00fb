import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { useState } from 'react';
import { MembershipRecord, SageMakerStudioAdminApi } from '../../api/adminApi';
import { conflictCurrentOf } from '../../api/responseErrors';
import { ConflictNotice } from './ConflictNotice';
import { ErrorNotice } from './ErrorNotice';
import { MEMBERSHIP_FIELDS } from './MembershipDialog';

/** Removes a membership at the version read. */
export function DeleteMembershipDialog(props: {
  api: SageMakerStudioAdminApi;
  membership: MembershipRecord;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { api, onClose, onDeleted } = props;
  const [membership, setMembership] = useState(props.membership);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const current = conflictCurrentOf<MembershipRecord>(error);

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.deleteMembership(
        membership.lobId,
        membership.userRef,
        membership.version,
      );
      onDeleted();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="delete-membership-title">
      <DialogTitle id="delete-membership-title">
        Remove {membership.userRef} from {membership.lobId}?
      </DialogTitle>
      <DialogContent>
        {current ? (
          <ConflictNotice
            error={error}
            current={current as unknown as Record<string, unknown>}
            fields={MEMBERSHIP_FIELDS}
            mine={membership as unknown as Record<string, unknown>}
            mineLabel="What you read"
            useNewerLabel="Load the newer data"
            onUseNewer={() => {
              setMembership(current);
              setError(undefined);
            }}
          />
        ) : (
          error !== undefined && (
            <ErrorNotice error={error} title="Not removed" />
          )
        )}
        <DialogContentText>
          They will no longer be able to open Studio in {membership.lobId}.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          onClick={remove}
          disabled={busy || Boolean(current)}
        >
          Remove
        </Button>
      </DialogActions>
    </Dialog>
  );
}

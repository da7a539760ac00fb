import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import { useState } from 'react';
import { Lob, SageMakerStudioAdminApi } from '../../api/adminApi';
import { conflictCurrentOf } from '../../api/responseErrors';
import { ConflictNotice } from './ConflictNotice';
import { ErrorNotice } from './ErrorNotice';
import { LOB_FIELDS } from './LobDialog';

/** Deletes a LOB at the version read; its members only when asked to. */
export function DeleteLobDialog(props: {
  api: SageMakerStudioAdminApi;
  lob: Lob;
  onClose: () => void;
  onDeleted: (removedMembers: number) => void;
}) {
  const { api, onClose, onDeleted } = props;
  const [lob, setLob] = useState(props.lob);
  const [cascade, setCascade] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const current = conflictCurrentOf<Lob>(error);
  const changed = current && current.version !== lob.version;

  const remove = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const result = await api.deleteLob(lob.lobId, {
        version: lob.version,
        cascade,
      });
      onDeleted(result.removedMembers);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="delete-lob-title">
      <DialogTitle id="delete-lob-title">
        Delete line of business {lob.lobId}?
      </DialogTitle>
      <DialogContent>
        {changed ? (
          <ConflictNotice
            error={error}
            current={current as unknown as Record<string, unknown>}
            fields={LOB_FIELDS}
            mine={lob as unknown as Record<string, unknown>}
            mineLabel="What you read"
            useNewerLabel="Load the newer data"
            onUseNewer={() => {
              setLob(current);
              setError(undefined);
            }}
          />
        ) : (
          error !== undefined && (
            <ErrorNotice error={error} title="Not deleted" />
          )
        )}
        <DialogContentText>
          {lob.displayName} ({lob.domainId} in {lob.accountId}, {lob.region})
          will no longer be offered on the Open Studio card.
        </DialogContentText>
        <FormControlLabel
          control={
            <Checkbox
              checked={cascade}
              onChange={e => setCascade(e.target.checked)}
            />
          }
          label="Also remove all its memberships"
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          onClick={remove}
          disabled={busy || Boolean(changed)}
        >
          Delete
        </Button>
      </DialogActions>
    </Dialog>
  );
}

import DialogContentText from '@mui/material/DialogContentText';
import { useApi } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { Lob, sageMakerStudioAdminApiRef } from '../../api/adminApi';
import { CheckboxField } from './CheckboxField';
import { DeleteDialog } from './DeleteDialog';
import { LOB_FIELDS } from './LobDialog';

/** Deletes a LOB at the version read; its members only when asked to. */
export function DeleteLobDialog(props: {
  lob: Lob;
  onClose: () => void;
  onDeleted: (removedMembers: number) => void;
}) {
  const { onClose, onDeleted } = props;
  const api = useApi(sageMakerStudioAdminApiRef);
  const [cascade, setCascade] = useState(false);

  return (
    <DeleteDialog
      id="delete-lob-title"
      item={props.lob}
      title={lob => `Delete line of business ${lob.lobId}?`}
      fields={LOB_FIELDS}
      action="Delete"
      failedTitle="Not deleted"
      onDelete={async lob => {
        const result = await api.deleteLob(lob.lobId, {
          version: lob.version,
          cascade,
        });
        onDeleted(result.removedMembers);
      }}
      onClose={onClose}
    >
      {lob => (
        <>
          <DialogContentText>
            {lob.displayName} ({lob.domainId} in {lob.accountId}, {lob.region})
            will no longer be offered on the Open Studio card.
          </DialogContentText>
          <CheckboxField
            label="Also remove all its memberships"
            checked={cascade}
            onChange={setCascade}
          />
        </>
      )}
    </DeleteDialog>
  );
}

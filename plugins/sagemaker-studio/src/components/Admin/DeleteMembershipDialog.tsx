import DialogContentText from '@mui/material/DialogContentText';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  MembershipRecord,
  sageMakerStudioAdminApiRef,
} from '../../api/adminApi';
import { DeleteDialog } from './DeleteDialog';
import { MEMBERSHIP_FIELDS } from './MembershipDialog';

/** Removes a membership at the version read. */
export function DeleteMembershipDialog(props: {
  membership: MembershipRecord;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const { onClose, onDeleted } = props;
  const api = useApi(sageMakerStudioAdminApiRef);

  return (
    <DeleteDialog
      id="delete-membership-title"
      item={props.membership}
      title={m => `Remove ${m.userRef} from ${m.lobId}?`}
      fields={MEMBERSHIP_FIELDS}
      action="Remove"
      failedTitle="Not removed"
      onDelete={async m => {
        await api.deleteMembership(m.lobId, m.userRef, m.version);
        onDeleted();
      }}
      onClose={onClose}
    >
      {m => (
        <DialogContentText>
          They will no longer be able to open Studio in {m.lobId}.
        </DialogContentText>
      )}
    </DeleteDialog>
  );
}

import TextField from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import {
  MembershipRecord,
  sageMakerStudioAdminApiRef,
} from '../../api/adminApi';
import { fieldErrorsOf } from '../../api/responseErrors';
import { EditCallbacks, EditDialog, useVersionedEdit } from './EditDialog';
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
export function MembershipDialog(
  props: EditCallbacks<MembershipRecord> & {
    lobId: string;
    membership?: MembershipRecord;
  },
) {
  const { lobId } = props;
  const api = useApi(sageMakerStudioAdminApiRef);
  const [user, setUser] = useState(props.membership?.userRef ?? '');
  const [profile, setProfile] = useState(
    props.membership?.userProfileName ?? '',
  );
  const edit = useVersionedEdit<MembershipRecord>({
    ...props,
    item: props.membership,
    load: membership => {
      setUser(membership.userRef);
      setProfile(membership.userProfileName ?? '');
    },
  });
  const { editing, conflict: current } = edit;
  const fieldErrors = fieldErrorsOf(edit.error);
  const userRef = editing ? editing.userRef : toUserRef(user);
  const isGroup = userRef.startsWith('group:');

  const save = () =>
    api.putMembership(lobId, userRef, {
      ...(profile.trim() && !isGroup
        ? { userProfileName: profile.trim() }
        : {}),
      ...(editing ? { version: editing.version } : {}),
    });

  return (
    <EditDialog
      id="membership-dialog-title"
      title={
        editing
          ? `Edit membership of ${editing.userRef} in ${lobId}`
          : `Add a member to ${lobId}`
      }
      edit={edit}
      save={save}
      fieldErrors={fieldErrors}
      conflict={
        current && {
          current,
          mine: { userRef, lobId, userProfileName: profile.trim() },
          fields: MEMBERSHIP_FIELDS,
        }
      }
    >
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
    </EditDialog>
  );
}

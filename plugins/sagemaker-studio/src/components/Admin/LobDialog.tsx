import TextField from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { Lob, sageMakerStudioAdminApiRef } from '../../api/adminApi';
import { fieldErrorsOf } from '../../api/responseErrors';
import { CheckboxField } from './CheckboxField';
import { EditCallbacks, EditDialog, useVersionedEdit } from './EditDialog';

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
export function LobDialog(props: EditCallbacks<Lob> & { lob?: Lob }) {
  const api = useApi(sageMakerStudioAdminApiRef);
  const [values, setValues] = useState<LobFields>(
    props.lob ? fieldsOf(props.lob) : EMPTY,
  );
  const [provision, setProvision] = useState(
    Boolean(props.lob?.provisionProfiles),
  );
  const edit = useVersionedEdit<Lob>({
    ...props,
    item: props.lob,
    load: lob => {
      setValues(fieldsOf(lob));
      setProvision(Boolean(lob.provisionProfiles));
    },
  });
  const { editing, conflict } = edit;
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
    : fieldErrorsOf(edit.error);

  const save = () => {
    const { lobId, roleName, executionRoleName, ...rest } = values;
    const withRole = {
      ...rest,
      ...(roleName ? { roleName } : {}),
      ...(provision ? { provisionProfiles: true } : {}),
      ...(executionRoleName ? { executionRoleName } : {}),
    };
    return editing
      ? api.updateLob(editing.lobId, { ...withRole, version: editing.version })
      : api.createLob({ lobId, ...withRole });
  };

  return (
    <EditDialog
      id="lob-dialog-title"
      title={
        editing
          ? `Edit line of business ${editing.lobId}`
          : 'Add a line of business'
      }
      edit={edit}
      save={save}
      fieldErrors={fieldErrors}
      conflict={
        current && {
          current: {
            ...fieldsOf(current),
            provisionProfiles: current.provisionProfiles ? 'yes' : 'no',
            version: current.version,
            updatedBy: current.updatedBy,
            updatedAt: current.updatedAt,
          },
          mine: { ...values, provisionProfiles: provision ? 'yes' : 'no' },
          fields: [...LOB_FIELDS, PROVISION_FIELD],
        }
      }
    >
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
      <CheckboxField
        label="Create a member's Studio user profile at their first launch"
        checked={provision}
        onChange={setProvision}
      />
    </EditDialog>
  );
}

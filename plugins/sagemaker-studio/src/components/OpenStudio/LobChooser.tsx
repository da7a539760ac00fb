import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { Membership } from '../../api';

/** Lets a member of several lines of business pick where to open Studio. */
export function LobChooser(props: {
  memberships: Membership[];
  value: string;
  onChange: (lobId: string) => void;
  disabled?: boolean;
}) {
  const { memberships, value, onChange, disabled } = props;
  return (
    <TextField
      select
      fullWidth
      size="small"
      id="sagemaker-studio-lob"
      label="Line of business"
      value={value}
      disabled={disabled}
      onChange={event => onChange(event.target.value)}
    >
      {memberships.map(membership => (
        <MenuItem key={membership.lobId} value={membership.lobId}>
          {membership.displayName}
        </MenuItem>
      ))}
    </TextField>
  );
}

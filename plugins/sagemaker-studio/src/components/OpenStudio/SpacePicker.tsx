import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useApi } from '@backstage/frontend-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { sageMakerStudioApiRef, StudioSpace } from '../../api';

/** Value of the picker's first option: open Studio's home, no space. */
export const STUDIO_HOME = '';

const APP_TYPE_LABELS: Record<string, string> = {
  JupyterLab: 'JupyterLab',
  CodeEditor: 'Code Editor',
};

/**
 * ListSpaces' Status is the space's own state, not whether its app runs
 * (that is ListApps): an InService space opens, and says nothing more; the
 * others are told, and those that cannot open are not offered.
 */
const SPACE_STATES: Record<string, { label: string; opens: boolean }> = {
  Pending: { label: 'being created', opens: true },
  Updating: { label: 'being updated', opens: true },
  Update_Failed: { label: 'update failed', opens: true },
  Deleting: { label: 'being deleted', opens: false },
  Failed: { label: 'failed', opens: false },
  Delete_Failed: { label: 'deletion failed', opens: false },
};

/** Whether Studio can open into the space, by its status. */
export function spaceOpens(space: StudioSpace): boolean {
  return space.status ? SPACE_STATES[space.status]?.opens ?? true : true;
}

export function describeSpace(space: StudioSpace): string {
  const app = space.appType
    ? APP_TYPE_LABELS[space.appType] ?? space.appType
    : 'Space';
  const sharing =
    space.sharingType === 'Shared'
      ? `shared${
          space.ownerUserProfileName ? ` by ${space.ownerUserProfileName}` : ''
        }`
      : 'private';
  const state = space.status ? SPACE_STATES[space.status]?.label : undefined;
  return `${space.spaceName} (${app}, ${sharing}${state ? `, ${state}` : ''})`;
}

/**
 * Marks a space whose app runs (ListApps: InService): opening it is quick,
 * and it is using its instance. The word says it; the green dot only helps.
 */
function RunningChip() {
  return (
    <Chip
      size="small"
      variant="outlined"
      label="Running"
      sx={{ ml: 1 }}
      icon={
        <Box
          component="span"
          aria-hidden
          sx={{
            width: 8,
            height: 8,
            borderRadius: '50%',
            bgcolor: 'success.main',
          }}
        />
      }
    />
  );
}

/** Optional choice of the space or app Studio opens into. */
export function SpacePicker(props: {
  lobId: string;
  value: string;
  onChange: (spaceName: string) => void;
  disabled?: boolean;
}) {
  const { lobId, value, onChange, disabled } = props;
  const api = useApi(sageMakerStudioApiRef);
  const spaces = useAsync(() => api.listSpaces(lobId), [api, lobId]);

  let helperText = 'Optional: open a space directly, or Studio home.';
  if (spaces.loading) {
    helperText = 'Loading your spaces…';
  } else if (spaces.error) {
    // Spaces only refine the launch, so a failure here must not block it;
    // the reason is for the administrators (the log), not for this hint.
    helperText =
      'Your spaces could not be loaded just now. You can still open Studio home.';
  } else if (spaces.value?.spaces.length === 0) {
    helperText = 'You have no spaces yet: Studio home will open.';
  }

  return (
    <TextField
      select
      fullWidth
      size="small"
      id="sagemaker-studio-space"
      label="Open in"
      value={value}
      disabled={disabled}
      helperText={helperText}
      // "Studio home" is the empty value: show it, and keep the label above it.
      SelectProps={{ displayEmpty: true }}
      InputLabelProps={{ shrink: true }}
      onChange={event => onChange(event.target.value)}
    >
      <MenuItem value={STUDIO_HOME}>Studio home</MenuItem>
      {(spaces.value?.spaces ?? []).map(space => (
        <MenuItem
          key={space.spaceName}
          value={space.spaceName}
          disabled={!spaceOpens(space)}
        >
          {describeSpace(space)}
          {/* The space keeps the option's name readable: "… private) Running". */}
          {space.running && (
            <>
              {' '}
              <RunningChip />
            </>
          )}
        </MenuItem>
      ))}
    </TextField>
  );
}

import { useApi } from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import TextField from '@mui/material/TextField';
import { FormEvent, useState } from 'react';
import {
  CheckResult,
  CheckStep,
  Lob,
  sageMakerStudioAdminApiRef,
} from '../../api/adminApi';
import { fieldErrorsOf } from '../../api/responseErrors';
import { ErrorNotice } from './ErrorNotice';
import { toUserRef } from './userRef';

const STEP_LABELS: Record<CheckStep['step'], string> = {
  mappings: 'Check the memberships',
  'assume-role': 'Assume the access role',
  'describe-domain': 'Find the Studio domain',
  'describe-user-profile': 'Find the user profile',
};

/** The steps a check runs, in order; the profile only when a user is named. */
function notRun(
  result: CheckResult & { checkedUser: boolean },
): CheckStep['step'][] {
  const expected: CheckStep['step'][] = ['assume-role', 'describe-domain'];
  if (result.checkedUser) expected.push('describe-user-profile');
  return expected.filter(step => !result.steps.some(s => s.step === step));
}

/**
 * Runs the per-LOB check (role, domain, optionally a user's profile).
 * `initialResult`: a check already run (after a save), shown at once.
 */
export function CheckDialog(props: {
  lob: Lob;
  initialResult?: CheckResult;
  onClose: () => void;
}) {
  const { lob, onClose, initialResult } = props;
  const api = useApi(sageMakerStudioAdminApiRef);
  const [user, setUser] = useState('');
  const [result, setResult] = useState<
    (CheckResult & { checkedUser: boolean }) | undefined
  >(initialResult && { ...initialResult, checkedUser: false });
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const fieldErrors = fieldErrorsOf(error);

  const run = async (event: FormEvent) => {
    event.preventDefault();
    setRunning(true);
    setError(undefined);
    setResult(undefined);
    try {
      const userRef = user.trim() ? toUserRef(user) : undefined;
      setResult({
        ...(await api.checkLob(lob.lobId, { userRef })),
        checkedUser: userRef !== undefined,
      });
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };

  return (
    <Dialog open onClose={onClose} aria-labelledby="check-lob-title" fullWidth>
      <form onSubmit={run} noValidate>
        <DialogTitle id="check-lob-title">Check {lob.lobId}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Tries the access role in account {lob.accountId}, the domain{' '}
            {lob.domainId} and, if you name a user, their user profile.
          </DialogContentText>
          <TextField
            id="check-user"
            label="User to check (optional)"
            placeholder="user:default/jane"
            value={user}
            onChange={e => setUser(e.target.value)}
            error={Boolean(fieldErrors.userRef)}
            helperText={fieldErrors.userRef}
            fullWidth
            sx={{ mt: 2 }}
          />
          {error !== undefined && (
            <ErrorNotice error={error} title="The check could not run" />
          )}
          {running && (
            <Alert severity="info" role="status" sx={{ mt: 2 }}>
              Checking…
            </Alert>
          )}
          {result && (
            <section aria-label="Check results">
              <Alert
                severity={result.ok ? 'success' : 'error'}
                role="status"
                sx={{ mt: 2 }}
              >
                {result.ok ? 'All checks passed.' : 'A check failed.'}
              </Alert>
              <List dense>
                {result.steps.map(step => (
                  <ListItem key={step.step} data-step={step.step}>
                    <ListItemText
                      primary={`${step.ok ? '✓ Passed' : '✗ Failed'}: ${
                        STEP_LABELS[step.step] ?? step.step
                      }`}
                      secondary={
                        step.awsError
                          ? `${step.detail} (AWS error: ${step.awsError})`
                          : step.detail
                      }
                      // The whole explanation, wrapped: it says what to fix.
                      secondaryTypographyProps={{
                        sx: { overflowWrap: 'anywhere', whiteSpace: 'normal' },
                      }}
                    />
                  </ListItem>
                ))}
                {notRun(result).map(step => (
                  <ListItem key={step} data-step={step}>
                    <ListItemText
                      primary={`– Not run: ${STEP_LABELS[step]}`}
                      secondary="An earlier step failed; fix it and run the check again."
                    />
                  </ListItem>
                ))}
              </List>
            </section>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
          <Button type="submit" variant="contained" disabled={running}>
            Run check
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

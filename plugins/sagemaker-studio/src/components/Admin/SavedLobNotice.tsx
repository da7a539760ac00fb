import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import { CheckResult, CheckStep, Lob } from '../../api/adminApi';
import { messageOf } from '../../api/responseErrors';

/**
 * A saved LOB and what the check right after the save found. The check is
 * the same POST /lobs/:lobId/check the Check dialog runs: one code path.
 */
export type SavedLob = {
  lob: Lob;
  warnings: string[];
  check?: CheckResult;
  /** The check itself could not run (the save stands). */
  checkError?: unknown;
};

/** What a failed step means for the LOB's users, in plain words. */
const PROBLEMS: Record<CheckStep['step'], string> = {
  mappings: 'some of its members would open the same Studio user profile',
  'assume-role': 'the access role cannot be assumed',
  'describe-domain': 'the Studio domain cannot be reached',
  'describe-user-profile': 'the user profile cannot be found',
};

/** The explanation says what to fix: whole, wrapped. */
const NOTICE = { mb: 1, '& .MuiAlert-message': { overflowWrap: 'anywhere' } };

/** The first failed step of a check, if any. */
function failedStepOf(check: CheckResult): CheckStep | undefined {
  return check.steps.find(step => !step.ok);
}

/**
 * "Saved" is not the whole story: a LOB whose role cannot be assumed is
 * saved but useless, so the notice says what the check found and offers its
 * details.
 */
export function SavedLobNotice(props: {
  saved: SavedLob;
  onDetails: () => void;
  onClose: () => void;
}) {
  const { saved, onDetails, onClose } = props;
  const { lob, warnings, check, checkError } = saved;
  const prefix = `Saved line of business ${lob.lobId}`;
  const extra = warnings.length > 0 ? ` ${warnings.join(' ')}` : '';
  const details = (
    <Button color="inherit" size="small" onClick={onDetails}>
      Check details
    </Button>
  );

  if (checkError !== undefined) {
    return (
      <Alert severity="warning" onClose={onClose} action={details} sx={NOTICE}>
        {`${prefix}. Studio access could not be checked: ${messageOf(
          checkError,
        )}${extra}`}
      </Alert>
    );
  }
  if (!check) {
    return (
      <Alert severity="info" onClose={onClose} sx={NOTICE}>
        {`${prefix}. Checking Studio access…${extra}`}
      </Alert>
    );
  }
  const failed = failedStepOf(check);
  if (!failed) {
    return (
      <Alert severity="success" onClose={onClose} sx={NOTICE}>
        {`${prefix}. Studio access works.${extra}`}
      </Alert>
    );
  }
  return (
    <Alert severity="warning" onClose={onClose} action={details} sx={NOTICE}>
      {`${prefix}. Studio access does not work: ${
        PROBLEMS[failed.step] ?? 'a check failed'
      }. ${failed.detail}${extra}`}
    </Alert>
  );
}

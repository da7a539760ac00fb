import Alert, { AlertColor } from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { Problem, ProblemKind } from './launchProblem';

const SEVERITY: Record<ProblemKind, AlertColor> = {
  'not-mapped': 'info',
  'profile-missing': 'warning',
  forbidden: 'warning',
  'invalid-request': 'warning',
  aws: 'error',
  'popup-blocked': 'warning',
  unknown: 'error',
};

/** Explains a problem, names the id to quote, and offers a retry when it can help. */
export function ProblemMessage(props: {
  problem: Problem;
  onRetry?: () => void;
  children?: ReactNode;
}) {
  const { problem, onRetry, children } = props;
  return (
    <Alert
      severity={SEVERITY[problem.kind]}
      role="alert"
      data-problem={problem.kind}
      action={
        problem.retryable && onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{problem.title}</AlertTitle>
      <Typography variant="body2">{problem.message}</Typography>
      {problem.correlationId && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          Correlation id (quote it when you ask for help):{' '}
          <code>{problem.correlationId}</code>
        </Typography>
      )}
      {children}
    </Alert>
  );
}

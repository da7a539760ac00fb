import Alert, { AlertColor } from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { CopyButton } from './CopyButton';
import { Problem, ProblemKind } from './launchProblem';

const SEVERITY: Record<ProblemKind, AlertColor> = {
  'not-mapped': 'info',
  'profile-missing': 'warning',
  'space-missing': 'warning',
  forbidden: 'warning',
  'invalid-request': 'warning',
  aws: 'error',
  'aws-unreachable': 'error',
  'portal-unreachable': 'error',
  'popup-blocked': 'warning',
  unknown: 'error',
};

/**
 * Explains a problem in plain words, keeps the technical detail behind a
 * "Details" toggle, shows the id to quote in full with a copy button, and
 * offers a retry when it can help. Long words and ids wrap instead of being
 * cut off by the card.
 */
export function ProblemMessage(props: {
  problem: Problem;
  onRetry?: () => void;
  /** What the retry button says; `Retry` by default. */
  retryLabel?: string;
  children?: ReactNode;
}) {
  const { problem, onRetry, retryLabel = 'Retry', children } = props;
  return (
    <Alert
      severity={SEVERITY[problem.kind]}
      role="alert"
      data-problem={problem.kind}
      sx={{
        overflowWrap: 'anywhere',
        // The message takes the width the retry button leaves.
        '& .MuiAlert-message': { minWidth: 0, flex: 1 },
      }}
      action={
        problem.retryable && onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            {retryLabel}
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{problem.title}</AlertTitle>
      <Typography variant="body2">{problem.message}</Typography>
      {problem.correlationId && (
        <Typography variant="body2" component="div" sx={{ mt: 1 }}>
          Correlation id (quote it when you ask for help):{' '}
          <Box
            component="code"
            sx={{ wordBreak: 'break-all', userSelect: 'all' }}
          >
            {problem.correlationId}
          </Box>
          <CopyButton
            text={problem.correlationId}
            label="Copy the correlation id"
          />
        </Typography>
      )}
      {problem.detail && (
        <Box component="details" sx={{ mt: 1 }}>
          <Box
            component="summary"
            sx={{ cursor: 'pointer', typography: 'body2' }}
          >
            Details for your portal administrators
          </Box>
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            {problem.detail}
          </Typography>
        </Box>
      )}
      {children}
    </Alert>
  );
}

import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Typography from '@mui/material/Typography';
import { ReactNode } from 'react';
import { correlationIdOf, messageOf } from '../../api/responseErrors';

/** The backend's message for a failed call, with the id to quote. */
export function ErrorNotice(props: {
  error: unknown;
  title?: string;
  children?: ReactNode;
}) {
  const { error, title, children } = props;
  const correlationId = correlationIdOf(error);
  return (
    <Alert severity="error" role="alert" sx={{ mb: 2 }}>
      {title && <AlertTitle>{title}</AlertTitle>}
      <Typography variant="body2">{messageOf(error)}</Typography>
      {correlationId && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          Correlation id: <code>{correlationId}</code>
        </Typography>
      )}
      {children}
    </Alert>
  );
}

import { Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import Typography from '@mui/material/Typography';

/** Where data scientists get help (`sagemakerStudio.support`); empty when not configured. */
export interface StudioSupport {
  docsUrl?: string;
  contact?: string;
}

export function useStudioSupport(): StudioSupport {
  const config = useApi(configApiRef);
  const support = config.getOptionalConfig('sagemakerStudio.support');
  return {
    docsUrl: support?.getOptionalString('docsUrl'),
    contact: support?.getOptionalString('contact'),
  };
}

/** "Studio guide" and whom to ask, as configured; nothing when neither is. */
export function StudioSupportLine(props: { support: StudioSupport }) {
  const { docsUrl, contact } = props.support;
  if (!docsUrl && !contact) return null;
  return (
    <Typography
      variant="body2"
      color="text.secondary"
      data-testid="studio-support"
      sx={{ overflowWrap: 'anywhere' }}
    >
      {docsUrl && <Link to={docsUrl}>Studio guide</Link>}
      {docsUrl && contact && ' · '}
      {contact && <>Questions: {contact}</>}
    </Typography>
  );
}

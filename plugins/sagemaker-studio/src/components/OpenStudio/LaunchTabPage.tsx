import createCache from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ReactNode, useEffect, useMemo } from 'react';
import { createPortal } from 'react-dom';
import { StudioIcon } from '../StudioIcon';
import { ProblemMessage } from './ProblemMessage';
import { ProvisioningProgress } from './ProvisioningProgress';
import { LaunchState, TAB_TITLE } from './useStudioLauncher';

/**
 * Draws into the tab opened for a launch. A portal keeps the card's theme
 * (light or dark) and APIs; the styles go into the tab's own head.
 */
export function LaunchTabPortal(props: {
  tab: Window;
  title: string;
  children: ReactNode;
}) {
  const { tab, title, children } = props;
  const doc = documentOf(tab);
  const cache = useMemo(
    () =>
      doc && createCache({ key: 'sagemaker-studio-tab', container: doc.head }),
    [doc],
  );
  useEffect(() => {
    if (!doc) return;
    doc.title = title;
    doc.documentElement.lang = 'en';
  }, [doc, title]);
  if (!doc || !cache) return null;
  return createPortal(
    <CacheProvider value={cache}>
      <CssBaseline enableColorScheme />
      {children}
    </CacheProvider>,
    doc.body,
  );
}

/** The tab's document; none once the user closed the tab. */
function documentOf(tab: Window): Document | undefined {
  try {
    return tab.closed ? undefined : tab.document;
  } catch {
    return undefined;
  }
}

/** What the tab title says in each state. */
export function tabTitleOf(state: LaunchState): string {
  if (state.status === 'failed') return 'SageMaker Studio could not open';
  if (state.status === 'provisioning') return 'Creating your Studio profile…';
  return TAB_TITLE;
}

/**
 * The launch page in the new tab: the progress, then Studio replaces it;
 * a failure stays here, explained as in the card, with the id to quote.
 */
export function LaunchTabPage(props: {
  state: LaunchState;
  lobName: string;
  onRetry: () => void;
}) {
  const { state, lobName, onRetry } = props;
  return (
    <Box
      component="main"
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        p: 2,
      }}
    >
      <Paper sx={{ p: { xs: 2, sm: 4 }, width: '100%', maxWidth: 600 }}>
        <Stack direction="row" spacing={1.5} alignItems="center">
          <Box sx={{ color: 'primary.main', display: 'flex' }}>
            <StudioIcon fontSize="large" />
          </Box>
          <Box>
            <Typography variant="h5" component="h1">
              SageMaker Studio
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {lobName}
            </Typography>
          </Box>
        </Stack>
        <Box role="status" aria-live="polite" sx={{ mt: 3 }}>
          {(state.status === 'launching' || state.status === 'opened') && (
            <>
              <Typography variant="body1">
                Preparing your Studio link…
              </Typography>
              <LinearProgress
                aria-label="Preparing your Studio link"
                sx={{ my: 1 }}
              />
              <Typography variant="body2" color="text.secondary">
                Studio opens in this tab in a moment.
              </Typography>
            </>
          )}
          {state.status === 'provisioning' && (
            <ProvisioningProgress profile={state.profile} opensIn="this tab" />
          )}
        </Box>
        {state.status === 'failed' && (
          <ProblemMessage problem={state.problem} onRetry={onRetry}>
            <Typography variant="body2" sx={{ mt: 1 }}>
              You can close this tab; the portal's card says the same.
            </Typography>
          </ProblemMessage>
        )}
      </Paper>
    </Box>
  );
}

import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Membership, ProfileStatus, sageMakerStudioApiRef } from '../../api';
import { describeMeError, Problem } from './launchProblem';
import { LobChooser } from './LobChooser';
import { ProblemMessage } from './ProblemMessage';
import { SpacePicker, STUDIO_HOME } from './SpacePicker';
import { useStudioLauncher } from './useStudioLauncher';

const NO_MEMBERSHIPS: Problem = {
  kind: 'not-mapped',
  title: 'You are not set up for SageMaker Studio yet',
  message:
    'You are not a member of any line of business. Ask your line of business administrator to add you.',
  retryable: false,
};

/**
 * The "Open Studio" card body: the user's line(s) of business, an optional
 * space, and one button that opens Studio in a new tab.
 *
 * @public
 */
export function OpenStudioContent() {
  const api = useApi(sageMakerStudioApiRef);
  const me = useAsyncRetry(() => api.getMe(), [api]);

  if (me.loading) {
    return (
      <Box role="status" aria-live="polite" sx={{ display: 'flex', gap: 1 }}>
        <CircularProgress size={20} aria-hidden />
        <Typography variant="body2">Loading your Studio access…</Typography>
      </Box>
    );
  }
  if (me.error) {
    return (
      <ProblemMessage problem={describeMeError(me.error)} onRetry={me.retry} />
    );
  }
  const memberships = me.value?.memberships ?? [];
  if (memberships.length === 0) {
    return <ProblemMessage problem={NO_MEMBERSHIPS} />;
  }
  return <LaunchPanel memberships={memberships} />;
}

function LaunchPanel(props: { memberships: Membership[] }) {
  const { memberships } = props;
  const api = useApi(sageMakerStudioApiRef);
  const { state, launch, reset } = useStudioLauncher(api);
  const [lobId, setLobId] = useState(memberships[0].lobId);
  const [spaceName, setSpaceName] = useState(STUDIO_HOME);
  const membership = memberships.find(m => m.lobId === lobId) ?? memberships[0];
  const launching =
    state.status === 'launching' || state.status === 'provisioning';
  const request = {
    lobId: membership.lobId,
    spaceName: spaceName === STUDIO_HOME ? undefined : spaceName,
  };

  return (
    <Stack spacing={2}>
      {memberships.length > 1 ? (
        <LobChooser
          memberships={memberships}
          value={membership.lobId}
          disabled={launching}
          onChange={next => {
            setLobId(next);
            setSpaceName(STUDIO_HOME);
            reset();
          }}
        />
      ) : (
        <Typography variant="subtitle1" component="p">
          {membership.displayName}
        </Typography>
      )}
      <MembershipDetails membership={membership} />
      <SpacePicker
        lobId={membership.lobId}
        value={spaceName}
        disabled={launching}
        onChange={setSpaceName}
      />
      <Box>
        <Button
          variant="contained"
          onClick={() => launch(request)}
          disabled={launching}
          aria-busy={launching}
          aria-label={`Open Studio for ${membership.displayName} in a new tab`}
          startIcon={
            launching ? (
              <CircularProgress size={16} color="inherit" aria-hidden />
            ) : undefined
          }
        >
          Open Studio
        </Button>
      </Box>
      <Box role="status" aria-live="polite">
        {state.status === 'launching' && (
          <Typography variant="body2">Preparing your Studio link…</Typography>
        )}
        {state.status === 'provisioning' && (
          <ProvisioningProgress profile={state.profile} />
        )}
        {state.status === 'opened' && (
          <Typography variant="body2">Studio opened in a new tab.</Typography>
        )}
      </Box>
      {state.status === 'failed' && (
        <ProblemMessage problem={state.problem} onRetry={() => launch(request)}>
          {state.problem.kind === 'popup-blocked' && (
            <LaunchLink request={request} />
          )}
        </ProblemMessage>
      )}
    </Stack>
  );
}

/** The first launch in a LOB that creates profiles: what is happening, and for how long. */
function ProvisioningProgress(props: { profile: ProfileStatus }) {
  const { profile } = props;
  const detail = [
    profile.awsStatus && `SageMaker status: ${profile.awsStatus}`,
    profile.elapsedSeconds !== undefined && `${profile.elapsedSeconds} s`,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Box>
      <Typography variant="body2" sx={{ fontWeight: 500 }}>
        Creating your Studio profile — first launch only
      </Typography>
      <LinearProgress
        aria-label={`Creating Studio user profile ${profile.userProfileName}`}
        sx={{ my: 1 }}
      />
      <Typography variant="body2" color="text.secondary">
        {detail
          ? `Profile ${profile.userProfileName}. ${detail}.`
          : `Profile ${profile.userProfileName}.`}{' '}
        Studio opens in the new tab when it is ready.
      </Typography>
    </Box>
  );
}

function MembershipDetails(props: { membership: Membership }) {
  const { membership } = props;
  const rows: Array<[string, string]> = [
    ['Domain', membership.domainId],
    ['Region', membership.region],
    ['AWS account', membership.accountId],
    ['User profile', membership.userProfileName],
  ];
  if (membership.viaGroup) {
    rows.push(['Access', `through group ${groupName(membership.viaGroup)}`]);
  }
  return (
    <Box
      component="dl"
      aria-label={`Studio details for ${membership.displayName}`}
      sx={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        columnGap: 2,
        rowGap: 0.5,
        m: 0,
      }}
    >
      {rows.map(([term, value]) => (
        <Box key={term} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {term}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0 }}>
            {value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}

/** A plain link to the redirecting route, for browsers that block the tab. */
function LaunchLink(props: {
  request: { lobId?: string; spaceName?: string };
}) {
  const api = useApi(sageMakerStudioApiRef);
  const { lobId, spaceName } = props.request;
  const link = useAsync(
    () => api.getLaunchLink({ lobId, spaceName }),
    [api, lobId, spaceName],
  );
  if (!link.value) {
    return null;
  }
  return (
    <Typography variant="body2" sx={{ mt: 1 }}>
      {/* The origin as Referer: the backend accepts cookie launches from the portal only. */}
      <Link href={link.value} referrerPolicy="origin">
        Open Studio in this tab
      </Link>
    </Typography>
  );
}

/** `group:default/data-scientists` -> `data-scientists`; other namespaces stay in. */
function groupName(ref: string): string {
  const match = /^group:([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  return match[1] === 'default' ? match[2] : `${match[1]}/${match[2]}`;
}

import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { EmptyState } from '@backstage/core-components';
import {
  Membership,
  sageMakerStudioApiRef,
  StudioDomainSummary,
} from '../../api';
import { describeMeError, Problem } from './launchProblem';
import { LaunchTabPage, LaunchTabPortal, tabTitleOf } from './LaunchTabPage';
import { LobChooser } from './LobChooser';
import { ProblemMessage } from './ProblemMessage';
import { ProvisioningProgress } from './ProvisioningProgress';
import { SpacePicker, STUDIO_HOME } from './SpacePicker';
import {
  StudioSupport,
  StudioSupportLine,
  useStudioSupport,
} from './StudioSupport';
import { useStudioLauncher } from './useStudioLauncher';

const NOT_SET_UP = 'You are not set up for SageMaker Studio yet';
const NO_MEMBERSHIPS =
  'You are not a member of any line of business. Ask your line of business administrator to add you.';

/** SageMaker's domain states, in words; unknown ones are shown as SageMaker says. */
const DOMAIN_STATES: Record<string, string> = {
  InService: 'Ready',
  Pending: 'Being created: Studio opens once it is ready',
  Updating: 'Being updated',
  Deleting: 'Being deleted',
  Failed: 'Failed: ask your portal administrators',
  Update_Failed: 'Update failed: ask your portal administrators',
  Delete_Failed: 'Deletion failed: ask your portal administrators',
};

/**
 * The "Open Studio" card body: the user's line(s) of business, an optional
 * space, and one button that opens Studio in a new tab.
 *
 * @public
 */
export function OpenStudioContent() {
  // The card's own root, e.g. for accessibility checks of the plugin's parts.
  return (
    <Box data-sagemaker-studio="card">
      <StudioAccess />
    </Box>
  );
}

function StudioAccess() {
  const api = useApi(sageMakerStudioApiRef);
  const support = useStudioSupport();
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
    const problem = describeMeError(me.error);
    if (problem.kind === 'not-mapped') {
      return <NotSetUp message={problem.message} support={support} />;
    }
    return <ProblemMessage problem={problem} onRetry={me.retry} />;
  }
  const memberships = me.value?.memberships ?? [];
  if (memberships.length === 0) {
    return <NotSetUp message={NO_MEMBERSHIPS} support={support} />;
  }
  return <LaunchPanel memberships={memberships} support={support} />;
}

/** Not an error, nothing to quote: who to ask (the backend's configured words) and where to read. */
function NotSetUp(props: { message: string; support: StudioSupport }) {
  return (
    <Box data-testid="studio-not-set-up">
      <EmptyState
        missing="info"
        title={NOT_SET_UP}
        description={props.message}
        action={<StudioSupportLine support={props.support} />}
      />
    </Box>
  );
}

function LaunchPanel(props: {
  memberships: Membership[];
  support: StudioSupport;
}) {
  const { memberships, support } = props;
  const api = useApi(sageMakerStudioApiRef);
  const { state, tab, launch, launchHere, retryInTab, reset } =
    useStudioLauncher(api);
  const [lobId, setLobId] = useState(memberships[0].lobId);
  const [spaceName, setSpaceName] = useState(STUDIO_HOME);
  const [inThisTab, setInThisTab] = useState(false);
  const membership = memberships.find(m => m.lobId === lobId) ?? memberships[0];
  const profile = useProfileCheck(membership);
  const launching =
    state.status === 'launching' || state.status === 'provisioning';
  const request = {
    lobId: membership.lobId,
    spaceName: spaceName === STUDIO_HOME ? undefined : spaceName,
  };
  const openHere = () => {
    setInThisTab(true);
    launchHere(request);
  };
  const openInNewTab = () => {
    setInThisTab(false);
    launch(request);
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
      <MembershipDetails membership={membership} domain={profile.domain} />
      {profile.problem ? (
        <ProblemMessage
          problem={profile.problem}
          onRetry={profile.recheck}
          retryLabel="Check again"
        />
      ) : (
        <>
          {profile.createdAtFirstLaunch && (
            <Typography variant="body2" color="text.secondary">
              Your first launch creates your Studio user profile{' '}
              {membership.userProfileName}; that takes a minute or two.
            </Typography>
          )}
          <SpacePicker
            lobId={membership.lobId}
            value={spaceName}
            disabled={launching}
            onChange={setSpaceName}
          />
        </>
      )}
      <Box>
        <Button
          variant="contained"
          onClick={openInNewTab}
          disabled={launching || Boolean(profile.problem)}
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
          <ProvisioningProgress
            profile={state.profile}
            opensIn={inThisTab ? 'this tab' : 'the new tab'}
          />
        )}
        {state.status === 'opened' && (
          <Typography variant="body2">
            {inThisTab ? 'Opening Studio…' : 'Studio opened in a new tab.'}
          </Typography>
        )}
      </Box>
      {state.status === 'failed' && (
        <ProblemMessage
          problem={state.problem}
          onRetry={inThisTab ? openHere : openInNewTab}
        >
          {state.problem.kind === 'popup-blocked' && (
            <Button
              variant="outlined"
              color="inherit"
              size="small"
              sx={{ mt: 1 }}
              onClick={openHere}
            >
              Open Studio in this tab
            </Button>
          )}
        </ProblemMessage>
      )}
      <StudioSupportLine support={support} />
      {tab && (
        <LaunchTabPortal tab={tab} title={tabTitleOf(state)}>
          <LaunchTabPage
            state={state}
            lobName={membership.displayName}
            onRetry={retryInTab}
          />
        </LaunchTabPortal>
      )}
    </Stack>
  );
}

/**
 * Before the click: whether the user's Studio user profile exists in the
 * LOB. Missing in a LOB that does not create profiles, Studio cannot open,
 * so the card says so instead of letting a launch fail. A failed check
 * says nothing: the launch itself explains what is wrong.
 */
function useProfileCheck(membership: Membership) {
  const api = useApi(sageMakerStudioApiRef);
  const { lobId, userProfileName, displayName, provisionProfiles } = membership;
  const status = useAsyncRetry(() => api.getProfileStatus(lobId), [api, lobId]);
  const missing = status.value?.state === 'missing';
  const problem: Problem | undefined =
    missing && !provisionProfiles
      ? {
          kind: 'profile-missing',
          title: 'Your Studio user profile was not found',
          message:
            `Studio cannot open yet: your user profile ${userProfileName} does not exist in the ` +
            `Studio domain of ${displayName}. Ask your portal administrators to create it, then check again.`,
          retryable: true,
        }
      : undefined;
  return {
    problem,
    createdAtFirstLaunch: missing && Boolean(provisionProfiles),
    recheck: status.retry,
    // The same answer names the domain and its state, when SageMaker told.
    domain: status.value?.domain,
  };
}

function MembershipDetails(props: {
  membership: Membership;
  domain?: StudioDomainSummary;
}) {
  const { membership, domain } = props;
  const rows: Array<[string, string]> = [
    [
      'Domain',
      domain?.domainName
        ? `${domain.domainName} (${membership.domainId})`
        : membership.domainId,
    ],
  ];
  if (domain?.status) {
    rows.push(['Domain status', DOMAIN_STATES[domain.status] ?? domain.status]);
  }
  rows.push(
    ['Region', membership.region],
    ['AWS account', membership.accountId],
    ['User profile', membership.userProfileName],
  );
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

/** `group:default/data-scientists` -> `data-scientists`; other namespaces stay in. */
function groupName(ref: string): string {
  const match = /^group:([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  return match[1] === 'default' ? match[2] : `${match[1]}/${match[2]}`;
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { LaunchRequest, ProfileStatus, SageMakerStudioApi } from '../../api';
import {
  describeLaunchError,
  popupBlockedProblem,
  Problem,
} from './launchProblem';

export type LaunchState =
  | { status: 'idle' }
  | { status: 'launching' }
  /** The portal creates the user's Studio profile (first launch only). */
  | { status: 'provisioning'; profile: ProfileStatus }
  | { status: 'opened' }
  | { status: 'failed'; problem: Problem };

/** How often the card asks about a profile being created. */
const PROFILE_POLL_MS = 2000;

/** How long "Studio opened in a new tab." stays before the card is idle again. */
const OPENED_NOTICE_MS = 30_000;

/** Where Studio opens: the new tab opened in the click, or this tab. */
type Destination = { tab: Window } | { here: true };

export const TAB_TITLE = 'Opening SageMaker Studio…';

/**
 * Opens Studio in a new tab in one click.
 *
 * The tab is opened blank while still inside the click handler, because
 * browsers only allow `window.open` during a user gesture and the presigned
 * URL arrives later. The card draws its launch page into that tab (see
 * LaunchTabPage): the progress, then Studio; a failure stays explained in
 * the tab. The URL goes straight into the tab and is never kept.
 *
 * In a LOB that creates profiles, the first launch answers that the
 * profile is being created: the card polls the profile's status and shows
 * the progress (in the card and the tab), then launches again.
 *
 * When the browser blocks the tab, `launchHere` opens Studio in this tab
 * instead, with the same progress and explanations in the card.
 */
export function useStudioLauncher(
  api: Pick<SageMakerStudioApi, 'launch' | 'getProfileStatus'>,
  options: {
    pollMs?: number;
    openedNoticeMs?: number;
    navigate?: (url: string) => void;
  } = {},
) {
  const { pollMs = PROFILE_POLL_MS, openedNoticeMs = OPENED_NOTICE_MS } =
    options;
  const navigate = options.navigate ?? assignLocation;
  const [state, setState] = useState<LaunchState>({ status: 'idle' });
  // The tab the card draws into while a launch runs or explains its failure.
  const [tab, setTab] = useState<Window>();
  const tabRef = useRef<Window>();
  const lastRequest = useRef<LaunchRequest>();
  // A launch left behind (the user chose another LOB, the card went away) stops polling.
  const current = useRef(0);

  /** Closes the launch tab unless Studio is in it by now. */
  const closeTab = useCallback(() => {
    tabRef.current?.close();
    tabRef.current = undefined;
    setTab(undefined);
  }, []);

  useEffect(
    () => () => {
      current.current++;
      tabRef.current?.close();
    },
    [],
  );

  const run = useCallback(
    (request: LaunchRequest, destination: Destination) => {
      lastRequest.current = request;
      setState({ status: 'launching' });
      const runId = ++current.current;
      // False once the user moved on: the waiting tab is closed then.
      const live = () => {
        if (current.current === runId) return true;
        if ('tab' in destination) destination.tab.close();
        return false;
      };

      const attempt = async (): Promise<void> => {
        const result = await api.launch(request);
        if (!live()) return;
        if ('url' in result) {
          if ('tab' in destination) {
            destination.tab.location.replace(result.url);
            // Studio's now: never close it. The launch page stays drawn until
            // Studio replaces it, so the tab does not flash blank.
            if (tabRef.current === destination.tab) tabRef.current = undefined;
          } else {
            navigate(result.url);
          }
          setState({ status: 'opened' });
          // The notice is news, not a state: it goes once read.
          setTimeout(() => {
            if (current.current === runId) setState({ status: 'idle' });
          }, openedNoticeMs);
          return;
        }
        let profile = result.provisioning;
        do {
          setState({ status: 'provisioning', profile });
          await new Promise(resolve => setTimeout(resolve, pollMs));
          if (!live()) return;
          profile = await api.getProfileStatus(request.lobId);
          if (!live()) return;
        } while (profile.state === 'creating');
        // Ready: this launch gets the URL. Missing (another replica lost its
        // job, say): it starts the profile again.
        await attempt();
      };
      attempt().catch(error => {
        // The tab stays open: it explains the failure where the user looks.
        if (live()) {
          setState({ status: 'failed', problem: describeLaunchError(error) });
        }
      });
    },
    [api, pollMs, openedNoticeMs, navigate],
  );

  const launch = useCallback(
    (request: LaunchRequest) => {
      // A tab still explaining an earlier failure gives way to the new one.
      closeTab();
      const opened = window.open('', '_blank');
      if (!opened) {
        current.current++;
        setState({ status: 'failed', problem: popupBlockedProblem });
        return;
      }
      // The new tab must not be able to reach back into the portal.
      opened.opener = null;
      nameTab(opened);
      tabRef.current = opened;
      setTab(opened);
      run(request, { tab: opened });
    },
    [run, closeTab],
  );

  /** Opens Studio in this tab: for browsers that block the new one. */
  const launchHere = useCallback(
    (request: LaunchRequest) => {
      closeTab();
      run(request, { here: true });
    },
    [run, closeTab],
  );

  /** Tries the last launch again in the tab that explains its failure. */
  const retryInTab = useCallback(() => {
    const opened = tabRef.current;
    if (opened && lastRequest.current) {
      run(lastRequest.current, { tab: opened });
    }
  }, [run]);

  const reset = useCallback(() => {
    current.current++;
    closeTab();
    setState({ status: 'idle' });
  }, [closeTab]);

  return { state, tab, launch, launchHere, retryInTab, reset };
}

/** Names the blank tab at once, before the card draws into it. */
function nameTab(tab: Window) {
  try {
    tab.document.title = TAB_TITLE;
  } catch {
    // Cosmetic only: a tab we cannot write to still gets the URL.
  }
}

function assignLocation(url: string) {
  window.location.assign(url);
}

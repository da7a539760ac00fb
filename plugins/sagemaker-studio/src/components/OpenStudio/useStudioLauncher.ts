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
export const PROFILE_POLL_MS = 2000;

/**
 * Opens Studio in a new tab in one click.
 *
 * The tab is opened blank while still inside the click handler, because
 * browsers only allow `window.open` during a user gesture and the presigned
 * URL arrives later. The URL goes straight into the tab and is never kept.
 *
 * In a LOB that creates profiles, the first launch answers that the
 * profile is being created: the tab waits (saying so) while the card polls
 * the profile's status and shows the progress, then launches again.
 */
export function useStudioLauncher(
  api: Pick<SageMakerStudioApi, 'launch' | 'getProfileStatus'>,
  pollMs: number = PROFILE_POLL_MS,
) {
  const [state, setState] = useState<LaunchState>({ status: 'idle' });
  // A launch left behind (the user chose another LOB, the card went away) stops polling.
  const current = useRef(0);
  useEffect(
    () => () => {
      current.current++;
    },
    [],
  );

  const launch = useCallback(
    (request: LaunchRequest) => {
      const tab = window.open('', '_blank');
      if (!tab) {
        setState({ status: 'failed', problem: popupBlockedProblem });
        return;
      }
      // The new tab must not be able to reach back into the portal.
      tab.opener = null;
      showPlaceholder(tab, 'Opening SageMaker Studio…');
      setState({ status: 'launching' });
      const run = ++current.current;
      // False once the user moved on: the waiting tab is closed then.
      const live = () => {
        if (current.current === run) return true;
        tab.close();
        return false;
      };

      const attempt = async (): Promise<void> => {
        const result = await api.launch(request);
        if (!live()) return;
        if ('url' in result) {
          tab.location.replace(result.url);
          setState({ status: 'opened' });
          return;
        }
        showPlaceholder(
          tab,
          'Creating your SageMaker Studio profile — first launch only…',
        );
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
        tab.close();
        if (live()) {
          setState({ status: 'failed', problem: describeLaunchError(error) });
        }
      });
    },
    [api, pollMs],
  );

  const reset = useCallback(() => {
    current.current++;
    setState({ status: 'idle' });
  }, []);

  return { state, launch, reset };
}

/** Tells the user what the blank tab is for while the URL is being made. */
function showPlaceholder(tab: Window, text: string) {
  try {
    tab.document.title = text;
    tab.document.body.textContent = text;
  } catch {
    // Cosmetic only: a tab we cannot write to still gets the URL.
  }
}

import { useCallback, useState } from 'react';
import { LaunchRequest, SageMakerStudioApi } from '../../api';
import {
  describeLaunchError,
  popupBlockedProblem,
  Problem,
} from './launchProblem';

export type LaunchState =
  | { status: 'idle' }
  | { status: 'launching' }
  | { status: 'opened' }
  | { status: 'failed'; problem: Problem };

/**
 * Opens Studio in a new tab in one click.
 *
 * The tab is opened blank while still inside the click handler, because
 * browsers only allow `window.open` during a user gesture and the presigned
 * URL arrives later. The URL goes straight into the tab and is never kept.
 */
export function useStudioLauncher(api: Pick<SageMakerStudioApi, 'launch'>) {
  const [state, setState] = useState<LaunchState>({ status: 'idle' });

  const launch = useCallback(
    (request: LaunchRequest) => {
      const tab = window.open('', '_blank');
      if (!tab) {
        setState({ status: 'failed', problem: popupBlockedProblem });
        return;
      }
      // The new tab must not be able to reach back into the portal.
      tab.opener = null;
      showPlaceholder(tab);
      setState({ status: 'launching' });
      api.launch(request).then(
        ({ url }) => {
          tab.location.replace(url);
          setState({ status: 'opened' });
        },
        error => {
          tab.close();
          setState({ status: 'failed', problem: describeLaunchError(error) });
        },
      );
    },
    [api],
  );

  const reset = useCallback(() => setState({ status: 'idle' }), []);

  return { state, launch, reset };
}

/** Tells the user what the blank tab is for while the URL is being made. */
function showPlaceholder(tab: Window) {
  try {
    tab.document.title = 'Opening SageMaker Studio…';
    tab.document.body.textContent = 'Opening SageMaker Studio…';
  } catch {
    // Cosmetic only: a tab we cannot write to still gets the URL.
  }
}

import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import type { Page } from '@studio-portal/plugin-sagemaker-studio-common';

/**
 * Pages through a listing with opaque cursors. The cursors seen so far are
 * kept so that "previous" works; a new `key` (other query) starts again at
 * the first page. The page is read again when the tab becomes visible.
 */
export function useCursorPages<T>(
  key: string,
  load: (cursor: string | undefined) => Promise<Page<T>>,
) {
  const [position, setPosition] = useState<{
    key: string;
    cursors: (string | undefined)[];
  }>({ key, cursors: [undefined] });
  const [reloads, setReloads] = useState(0);
  const cursors = position.key === key ? position.cursors : [undefined];
  const cursor = cursors[cursors.length - 1];
  // Back from another tab (where the admin may have saved): read again.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') setReloads(n => n + 1);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const page = useAsync(() => load(cursor), [key, cursor, reloads]);
  const nextCursor = page.value?.nextCursor;

  return {
    loading: page.loading,
    error: page.error,
    items: page.value?.items ?? [],
    pageNumber: cursors.length,
    hasPrevious: cursors.length > 1,
    hasNext: Boolean(nextCursor) && !page.loading,
    next: () => {
      if (nextCursor) setPosition({ key, cursors: [...cursors, nextCursor] });
    },
    previous: () => setPosition({ key, cursors: cursors.slice(0, -1) }),
    reload: () => setReloads(n => n + 1),
  };
}

export type CursorPages<T> = ReturnType<typeof useCursorPages<T>>;

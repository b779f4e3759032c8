import { useCallback, useEffect, useState } from 'react';
import { DEFAULT_PAGE, isPageId, type PageId } from '../pages';

function pageFromHash(): PageId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return isPageId(id) ? id : DEFAULT_PAGE;
}

/**
 * The current page, kept in the URL hash so a reload (or a bookmarked browser-host URL) returns
 * to the same screen. Hash routing needs no server support and keeps the token in the query.
 */
export function useHashRoute(): [PageId, (page: PageId) => void] {
  const [page, setPage] = useState<PageId>(pageFromHash);
  useEffect(() => {
    const onChange = (): void => setPage(pageFromHash());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((next: PageId) => {
    window.location.hash = `/${next}`;
  }, []);
  return [page, navigate];
}

import { useEffect, type RefObject } from 'react';
import { useLocation, useNavigationType } from 'react-router';

/** How long a page may take to show its heading (its chunk and first data) before we give up. */
const WAIT_MS = 5000;

/** The history entry of the first page the layout showed since the document loaded. */
let firstKey: string | null = null;

/**
 * After a navigation inside the app (not the first load), moves the focus to the new page's main
 * heading, so that a screen-reader or keyboard user starts reading the page that opened rather than
 * staying on the link they used. The heading appears once the page's chunk and data have loaded.
 */
export function useFocusHeadingOnNavigation(main: RefObject<HTMLElement | null>): void {
  const { pathname, key } = useLocation();
  const navigationType = useNavigationType();
  useEffect(() => {
    // The page the document opened on (typed, bookmarked, reloaded) keeps the browser's own start,
    // with the skip link first in order; the page opened after signing in gets the focus.
    firstKey ??= key;
    if (key === firstKey && navigationType === 'POP') return;
    const root = main.current;
    if (!root) return;
    const focus = (): boolean => {
      const heading = root.querySelector<HTMLElement>('h1');
      if (!heading) return false;
      if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
      heading.focus();
      return true;
    };
    if (focus()) return;
    const observer = new MutationObserver(() => {
      if (focus()) stop();
    });
    const timer = window.setTimeout(() => stop(), WAIT_MS);
    const stop = () => {
      observer.disconnect();
      window.clearTimeout(timer);
    };
    observer.observe(root, { childList: true, subtree: true });
    return stop;
    // A new search in the same page (query string only) keeps the focus where it is.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a new page moves the focus
  }, [pathname, key, main]);
}

import { useLayoutEffect, useRef, type ReactNode } from 'react';
import './live-notices.css';

/**
 * A region above the statement text that stays in view (sticky under the app's header) while
 * the person scrolls and types: the lock countdown, and the notice of edits the server did
 * not take. It never takes focus; its notices announce themselves (status / alert roles).
 *
 * The editor's toolbar is sticky too: while this region holds something, the toolbar sticks
 * below it instead of under it. The region sets the `--app-shell-header-offset` the toolbar
 * reads, on its parent (the text column), to the header's offset plus its own height.
 *
 * Contract for tests: `data-testid="live-notices"`.
 */
export function LiveNotices({ children }: { children: ReactNode }) {
  const region = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const element = region.current;
    const column = element?.parentElement;
    if (!element || !column) return;
    const base = getComputedStyle(column).getPropertyValue('--app-shell-header-offset').trim() || '60px';
    element.style.top = base;
    const place = () => {
      const height = element.offsetHeight;
      if (height > 0) column.style.setProperty('--app-shell-header-offset', `calc(${base} + ${height}px)`);
      else column.style.removeProperty('--app-shell-header-offset');
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(element);
    return () => {
      observer.disconnect();
      column.style.removeProperty('--app-shell-header-offset');
    };
  }, []);

  return (
    <div ref={region} className="live-notices" data-testid="live-notices">
      {children}
    </div>
  );
}

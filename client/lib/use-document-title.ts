import { useEffect } from 'react';

/** Sets the browser tab's title to "<title> · Jointly" while the component is mounted. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    const previous = document.title;
    document.title = title ? `${title} · Jointly` : 'Jointly';
    return () => {
      document.title = previous;
    };
  }, [title]);
}

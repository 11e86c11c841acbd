import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

/** What a page shows while data loads: exactly one of loading, ready or error. */
export type Resource<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; error: unknown };

export interface ResourceHandle<T> {
  resource: Resource<T>;
  /**
   * Runs `load` again. Data already shown stays on screen until the new result arrives
   * (a refresh, not a reload flash); a failed refresh of shown data keeps the data.
   */
  reload: () => void;
  /** Replaces the data with a fresher copy the caller already has (e.g. a mutation's answer). */
  replace: (data: T) => void;
}

/**
 * Runs `load` when the component mounts and whenever `deps` change (showing `loading`),
 * aborting the previous run. A result that arrives after unmount is dropped.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): ResourceHandle<T> {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const refreshing = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    const refresh = refreshing.current;
    refreshing.current = false;
    setResource((current) => (refresh && current.state === 'ready' ? current : { state: 'loading' }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ state: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResource((current) => (refresh && current.state === 'ready' ? current : { state: 'error', error }));
      },
    );
    return () => controller.abort();
    // `load` changes with `deps` by contract; listing it would refetch on every render.
  }, [...deps, attempt]);

  const reload = useCallback(() => {
    refreshing.current = true;
    setAttempt((n) => n + 1);
  }, []);
  const replace = useCallback((data: T) => setResource({ state: 'ready', data }), []);
  return { resource, reload, replace };
}

import { useCallback, useEffect, useState, type DependencyList } from 'react';

/** What a page shows while data loads: exactly one of loading, ready or error. */
export type Resource<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; error: unknown };

/**
 * Runs `load` when the component mounts and whenever `deps` change, aborting the previous
 * run. `reload()` runs it again. A result that arrives after unmount is dropped.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): { resource: Resource<T>; reload: () => void } {
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setResource({ state: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ state: 'ready', data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResource({ state: 'error', error });
      },
    );
    return () => controller.abort();
    // `load` changes with `deps` by contract; listing it would refetch on every render.
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { resource, reload };
}

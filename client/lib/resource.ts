import type { UseQueryResult } from '@tanstack/react-query';

/** What a page shows while data loads: exactly one of loading, ready or error. */
export type Resource<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; error: unknown };

/**
 * A TanStack query as a Resource. Data already shown stays `ready` while it refetches and
 * when a refetch fails (a refresh never blanks the page); `error` only when nothing was loaded.
 */
export function toResource<T>(query: UseQueryResult<T>): Resource<T> {
  if (query.data !== undefined) return { state: 'ready', data: query.data };
  if (query.isError) return { state: 'error', error: query.error };
  return { state: 'loading' };
}

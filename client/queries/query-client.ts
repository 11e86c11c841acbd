import { QueryClient } from '@tanstack/react-query';
import { ApiRequestError } from '../api/http.ts';

/** How long a fetched answer counts as fresh; live collab messages invalidate sooner. */
const STALE_TIME_MS = 10_000;
const MAX_RETRIES = 2;

/**
 * The one TanStack Query cache of the app. Contracts:
 * - Only transient failures (no answer, 5xx, 429) are retried; a 4xx answer is final and
 *   shown at once (a retry cannot turn FORBIDDEN into a yes).
 * - Mutations are never retried: signing twice must be the person's decision.
 * - networkMode 'always': requests go out even when the browser says it is offline, so a
 *   person offline sees "Could not reach the server" (NETWORK) at once rather than a
 *   button that spins until the connection is back.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: STALE_TIME_MS,
        retry: (failures, error) => failures < MAX_RETRIES && (!(error instanceof ApiRequestError) || error.transient),
        refetchOnWindowFocus: true,
        networkMode: 'always',
      },
      mutations: { retry: false, networkMode: 'always' },
    },
  });
}

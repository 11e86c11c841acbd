import { useQueryClient } from '@tanstack/react-query';
import { invalidateStatementList } from '../queries/statements.ts';
import { useLiveEvents } from './use-live-events.ts';

const STATEMENT_SIGNALS = ['statements'] as const;

/**
 * Keeps the statement list current while the dashboard is open: a `statements` signal on
 * GET /api/live invalidates the list, which refetches at once; so does the tab's stream
 * opening again after a drop (signals sent meanwhile were lost). The signal carries no content:
 * the refetch is authorized like any read. The stream is the tab's shared one
 * (./use-live-events.ts), also used by the notification bell.
 */
export function useStatementListLive(): void {
  const client = useQueryClient();
  useLiveEvents(STATEMENT_SIGNALS, () => invalidateStatementList(client), { onOpen: () => invalidateStatementList(client) });
}

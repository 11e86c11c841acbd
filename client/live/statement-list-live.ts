import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { LiveEvent } from '../../shared/api/live.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { invalidateStatementList } from '../queries/statements.ts';

/**
 * Keeps the statement list current while the dashboard is open: a `statements` signal on
 * GET /api/live (server-sent events) invalidates the list, which refetches at once; so does
 * the stream coming back after a drop (signals sent meanwhile are lost). The signal carries no
 * content: the refetch is authorized like any read. EventSource reconnects by itself (the
 * server asks for 3 s); a refused stream (401 once the session ended) stays closed, and the
 * session provider handles the sign-out.
 *
 * A minimal stream of the dashboard's own: the app-wide one (client/live/use-live-events.ts)
 * did not exist when this was written.
 */
export function useStatementListLive(): void {
  const client = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_PREFIX}/live`, { withCredentials: true });
    let dropped = false;
    source.onmessage = (message: MessageEvent<string>) => {
      const event = parseEvent(message.data);
      if (event?.type === 'statements') invalidateStatementList(client);
    };
    source.onerror = () => {
      dropped = true;
    };
    source.onopen = () => {
      if (dropped) invalidateStatementList(client);
      dropped = false;
    };
    return () => source.close();
  }, [client]);
}

function parseEvent(data: string): LiveEvent | null {
  try {
    const parsed = LiveEvent.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

import type { AuditEvent } from '../api/workflow.ts';
import { HashText } from '../lib/content-hash.tsx';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';
import { activitySentence } from './activity-text.ts';

/**
 * "Activity": every workflow action on the statement, newest first — who, for which
 * organization, what, on which text, when. The log is append-only on the server.
 *
 * Contract for tests: `<ol data-testid="activity-list">`, each `<li data-action="<server
 * action>">` (signed, withdrew sign-off, locked, unlocked, published, created, …).
 */
export function ActivityList({ events }: { events: AuditEvent[] }) {
  if (events.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  const newestFirst = [...events].sort((a, b) => b.id - a.id);
  return (
    <ol className="history-list" data-testid="activity-list">
      {newestFirst.map((event) => (
        <li key={event.id} className="history-list__item" data-action={event.action}>
          <span className="history-list__what">{activitySentence(event)}</span>
          <span className="history-list__meta">
            {event.contentHash && (
              <>
                text <HashText hash={event.contentHash} /> ·{' '}
              </>
            )}
            <time dateTime={event.at} title={formatAbsolute(event.at)}>
              {formatUpdated(event.at)}
            </time>
          </span>
        </li>
      ))}
    </ol>
  );
}

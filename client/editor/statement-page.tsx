import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { StatementId, type StatementDetail } from '../../shared/api/statements.ts';
import { ApiRequestError } from '../api/http.ts';
import { getStatement } from '../api/statements.ts';
import { useSignedIn } from '../auth/session.tsx';
import { localPresence } from '../collab/presence.ts';
import { useCollabSession, useCollabSnapshot } from '../collab/use-collab-session.ts';
import type { CollabSession } from '../collab/session.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useResource, type Resource } from '../lib/use-resource.ts';
import { HistorySection } from '../history/history-section.tsx';
import { StatusBadge } from '../workflow/status-badge.tsx';
import { CollabFailureNotice } from './collab-failure-notice.tsx';
import { ReadOnlyNote } from './read-only-note.tsx';
import { RefusedEditsNotice } from './refused-edits-notice.tsx';
import { readOnlyReason, signBlockedReason } from './read-only.ts';
import { StatementAside } from './statement-aside.tsx';
import { StatementEditor } from './statement-editor.tsx';
import { SyncIndicator } from './sync-indicator.tsx';

/**
 * After a `workflow` or `content` message, wait this long for more before refetching the
 * record: one sign-off, lock or publish often arrives together with other messages.
 */
const RECORD_REFETCH_DELAY_MS = 150;

/**
 * `/statements/:id`: one statement, co-edited live, with its status (lock, publish), the
 * organizations taking part and their sign-offs, the signatory list, exports and history.
 * Sign-offs, staleness, lock and publish made anywhere show up here without reloading:
 * the server's stateless messages make the page refetch the record.
 */
export function StatementPage() {
  const { id = '' } = useParams();
  if (!StatementId.safeParse(id).success) return <StatementUnavailable />;
  // Keyed by id: moving to another statement starts from a clean page and session.
  return <StatementView key={id} statementId={id} />;
}

/** The REST record and how to refresh it. */
interface RecordHandle {
  record: Resource<StatementDetail>;
  reload: () => void;
  replace: (statement: StatementDetail) => void;
}

function StatementView({ statementId }: { statementId: string }) {
  // The REST record confirms the statement exists and says what the reader may do. When it
  // cannot be fetched (offline), the page still opens: this device's copy and the websocket
  // decide what can be shown.
  const { resource, reload, replace } = useResource((signal) => getStatement(statementId, signal), [statementId]);
  if (resource.state === 'error' && resource.error instanceof ApiRequestError && resource.error.status === 404) {
    return <StatementUnavailable />;
  }
  return <StatementWorkspace statementId={statementId} handle={{ record: resource, reload, replace }} />;
}

function StatementWorkspace({ statementId, handle }: { statementId: string; handle: RecordHandle }) {
  const session = useCollabSession(statementId);
  const [liveTitle, setLiveTitle] = useState('');
  const recordTitle = handle.record.state === 'ready' ? handle.record.data.title : '';
  useDocumentTitle(liveTitle || recordTitle || 'Statement');

  if (!session) {
    return (
      <StatementFrame sync={<SyncIndicator state="connecting" />}>
        <p className="muted">Opening statement…</p>
      </StatementFrame>
    );
  }
  return <LiveStatement session={session} handle={handle} onTitleChange={setLiveTitle} />;
}

interface FrameProps {
  sync: ReactNode;
  status?: ReactNode;
  children: ReactNode;
  aside?: ReactNode;
  below?: ReactNode;
}

function StatementFrame({ sync, status, children, aside, below }: FrameProps) {
  return (
    <div className="page statement-page">
      <div className="statement-page__bar">
        <Link to="/" className="back-link">
          ← All statements
        </Link>
        {status}
        {sync}
      </div>
      <div className="statement-page__layout">
        <div className="statement-page__main">{children}</div>
        {aside && (
          <aside className="statement-page__aside" aria-label="Sign-off and publishing">
            {aside}
          </aside>
        )}
      </div>
      {below}
    </div>
  );
}

function ready(record: Resource<StatementDetail>): StatementDetail | null {
  return record.state === 'ready' ? record.data : null;
}

function LiveStatement({ session, handle, onTitleChange }: { session: CollabSession; handle: RecordHandle; onTitleChange: (title: string) => void }) {
  const snapshot = useCollabSnapshot(session);
  const { user } = useSignedIn();
  const presence = useMemo(() => localPresence(user), [user]);
  const { record, reload } = handle;

  // The server changed this person's rights on the open connection: the record is stale.
  useEffect(() => {
    if (snapshot.accessChanges > 0) reload();
  }, [snapshot.accessChanges, reload]);

  // Sign-offs, status, participants or the text's hash changed: refetch once the burst is over.
  useEffect(() => {
    if (snapshot.recordChanges === 0) return;
    const timer = setTimeout(reload, RECORD_REFETCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [snapshot.recordChanges, reload]);

  const lostAccess = snapshot.failure?.kind === 'forbidden';
  const stopped = snapshot.failure !== null && !snapshot.failure.retrying;
  const statement = ready(record);
  const whyReadOnly = readOnlyReason(record, snapshot.readOnly);
  const readOnly = whyReadOnly !== null;

  const reconnect = () => {
    session.reconnect();
    reload();
  };

  const discardRefusedEdits = async () => {
    await session.discardLocalCopy();
    window.location.reload();
  };

  const shown = statement && !lostAccess ? statement : null;
  const aside = shown ? (
    <StatementAside
      statement={shown}
      onChanged={handle.replace}
      onStale={reload}
      signBlockedReason={signBlockedReason({
        readOnly,
        syncState: snapshot.syncState,
        hashPending: snapshot.hashPending,
        liveContentHash: snapshot.liveContentHash,
        recordContentHash: shown.contentHash,
        refusedEdits: snapshot.refusedEdits,
      })}
    />
  ) : undefined;

  return (
    <StatementFrame
      sync={lostAccess ? null : <SyncIndicator state={snapshot.syncState} />}
      status={shown ? <StatusBadge status={shown.status} publishedAt={shown.publishedAt} /> : null}
      aside={aside}
      below={shown ? <HistorySection statement={shown} /> : null}
    >
      {snapshot.failure && <CollabFailureNotice failure={snapshot.failure} onReconnect={reconnect} />}
      {whyReadOnly && !stopped && <ReadOnlyNote reason={whyReadOnly} statement={statement} />}
      {snapshot.refusedEdits && <RefusedEditsNotice reason={whyReadOnly} onDiscard={discardRefusedEdits} />}
      {lostAccess ? null : snapshot.contentReady ? (
        <StatementEditor session={session} presence={presence} editable={!readOnly && !stopped} readOnly={readOnly} onTitleChange={onTitleChange} />
      ) : snapshot.localLoaded && snapshot.connectionLost && !stopped ? (
        <p className="notice notice--info" role="status">
          This statement has not been opened on this device before, and the server cannot be reached right now. It opens as soon as the
          connection is back.
        </p>
      ) : stopped ? null : (
        <p className="muted" role="status">
          Loading statement…
        </p>
      )}
    </StatementFrame>
  );
}

function StatementUnavailable() {
  useDocumentTitle('Statement not found');
  return (
    <section className="page page--narrow">
      <h1>Statement not found</h1>
      <p>This statement does not exist, or you cannot see it.</p>
      <p>
        <Link to="/">Go to all statements</Link>
      </p>
    </section>
  );
}

import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { StatementId, type StatementDetail } from '../../shared/api/statements.ts';
import { hasRole } from '../../shared/roles.ts';
import { ApiRequestError } from '../api/http.ts';
import { getStatement } from '../api/statements.ts';
import { useSignedIn } from '../auth/session.tsx';
import { localPresence } from '../collab/presence.ts';
import { useCollabSession, useCollabSnapshot } from '../collab/use-collab-session.ts';
import type { CollabSession } from '../collab/session.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useResource, type Resource } from '../lib/use-resource.ts';
import { ParticipantsPanel } from '../participants/participants-panel.tsx';
import { CollabFailureNotice } from './collab-failure-notice.tsx';
import { StatementEditor } from './statement-editor.tsx';
import { SyncIndicator } from './sync-indicator.tsx';

/** `/statements/:id`: one statement, co-edited live, with the organizations taking part. */
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

function StatementFrame({ sync, children, aside }: { sync: ReactNode; children: ReactNode; aside?: ReactNode }) {
  return (
    <div className="page statement-page">
      <div className="statement-page__bar">
        <Link to="/" className="back-link">
          ← All statements
        </Link>
        {sync}
      </div>
      <div className="statement-page__layout">
        <div className="statement-page__main">{children}</div>
        {aside && <aside className="statement-page__aside">{aside}</aside>}
      </div>
    </div>
  );
}

/**
 * What the person may do here. Read-only when the server holds the connection read-only
 * (from the handshake or a later `access` message) or when the record says they are a
 * viewer; the record decides before the connection is up, so a viewer never sees an
 * editable text even for a moment.
 */
function accessOf(record: Resource<StatementDetail>, readOnlyConnection: boolean): { readOnly: boolean } {
  const viewer = record.state === 'ready' && !hasRole(record.data.myRole, 'editor');
  return { readOnly: readOnlyConnection || viewer };
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

  const lostAccess = snapshot.failure?.kind === 'forbidden';
  const stopped = snapshot.failure !== null && !snapshot.failure.retrying;
  const { readOnly } = accessOf(record, snapshot.readOnly);

  const reconnect = () => {
    session.reconnect();
    reload();
  };

  const aside =
    record.state === 'ready' && !lostAccess ? <ParticipantsPanel statement={record.data} onChanged={handle.replace} onStale={reload} /> : undefined;

  return (
    <StatementFrame sync={lostAccess ? null : <SyncIndicator state={snapshot.syncState} />} aside={aside}>
      {snapshot.failure && <CollabFailureNotice failure={snapshot.failure} onReconnect={reconnect} />}
      {readOnly && !stopped && (
        <p className="notice notice--info" role="status" data-testid="read-only-note">
          You can read this statement; editing needs the editor role.
        </p>
      )}
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

import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { StatementId, type StatementSummary } from '../../shared/api/statements.ts';
import { ApiRequestError } from '../api/http.ts';
import { getStatement } from '../api/statements.ts';
import { useSession } from '../auth/session.tsx';
import { useCollabSession, useCollabSnapshot } from '../collab/use-collab-session.ts';
import type { CollabSession } from '../collab/session.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useResource, type Resource } from '../lib/use-resource.ts';
import { CollabFailureNotice } from './collab-failure-notice.tsx';
import { IdentityField } from './identity-field.tsx';
import { StatementEditor } from './statement-editor.tsx';
import { SyncIndicator } from './sync-indicator.tsx';

/** `/statements/:id`: one statement, co-edited live. */
export function StatementPage() {
  const { id = '' } = useParams();
  if (!StatementId.safeParse(id).success) return <StatementUnavailable />;
  // Keyed by id: moving to another statement starts from a clean page and session.
  return <StatementView key={id} statementId={id} />;
}

function StatementView({ statementId }: { statementId: string }) {
  // The REST record confirms the statement exists. When it cannot be fetched (offline), the
  // page still opens: this device's copy and the websocket decide what can be shown.
  const { resource } = useResource((signal) => getStatement(statementId, signal), [statementId]);
  if (resource.state === 'error' && resource.error instanceof ApiRequestError && resource.error.status === 404) {
    return <StatementUnavailable />;
  }
  return <StatementWorkspace statementId={statementId} record={resource} />;
}

function StatementWorkspace({ statementId, record }: { statementId: string; record: Resource<StatementSummary> }) {
  const session = useCollabSession(statementId);
  const [liveTitle, setLiveTitle] = useState('');
  const recordTitle = record.state === 'ready' ? record.data.title : '';
  useDocumentTitle(liveTitle || recordTitle || 'Statement');

  return (
    <div className="page statement-page">
      <div className="statement-page__bar">
        <Link to="/" className="back-link">
          ← All statements
        </Link>
        {session ? <SessionStatus session={session} /> : <SyncIndicatorPlaceholder />}
        <IdentityField />
      </div>
      {session ? <SessionBody session={session} onTitleChange={setLiveTitle} /> : <p className="muted">Opening statement…</p>}
    </div>
  );
}

function SyncIndicatorPlaceholder() {
  return <SyncIndicator state="connecting" />;
}

function SessionStatus({ session }: { session: CollabSession }) {
  const snapshot = useCollabSnapshot(session);
  return <SyncIndicator state={snapshot.syncState} />;
}

function SessionBody({ session, onTitleChange }: { session: CollabSession; onTitleChange: (title: string) => void }) {
  const snapshot = useCollabSnapshot(session);
  const { identity } = useSession();
  const stopped = snapshot.failure !== null && !snapshot.failure.retrying;

  return (
    <>
      {snapshot.failure && <CollabFailureNotice failure={snapshot.failure} onReconnect={session.reconnect} />}
      {snapshot.readOnly && !stopped && (
        <p className="notice notice--info" role="status">
          You can read this statement but not edit it.
        </p>
      )}
      {snapshot.contentReady ? (
        <StatementEditor session={session} identity={identity} editable={!snapshot.readOnly && !stopped} onTitleChange={onTitleChange} />
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
    </>
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

import { Alert, Anchor, Center, Group, Loader, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { StatementId } from '../../shared/api/statements.ts';
import { hasErrorCode } from '../api/http.ts';
import { useSignedIn } from '../auth/session.tsx';
import { localPresence } from '../collab/presence.ts';
import type { CollabSession } from '../collab/session.ts';
import { useCollabSession, useCollabSnapshot } from '../collab/use-collab-session.ts';
import { usePresence } from '../collab/use-presence.ts';
import { HistorySection } from '../history/history-section.tsx';
import { toResource } from '../lib/resource.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { refreshStatement, useStatement, useStatementCache } from '../queries/statements.ts';
import { DeadEndPage } from '../layout/error-pages.tsx';
import { statementJSONFromYDoc } from '../../shared/schema/ydoc.ts';
import { SignoffBar } from '../signoffs/signoff-bar.tsx';
import { useKeepEditorFocus } from '../workflow/keep-editor-focus.ts';
import { LiveNotices } from '../workflow/live-notices.tsx';
import { LockCountdownBanner } from '../workflow/lock-countdown-banner.tsx';
import { StatusBadge } from '../workflow/status-badge.tsx';
import { CollabFailureNotice } from './collab-failure-notice.tsx';
import { PresenceAvatars } from './presence-avatars.tsx';
import { ReadOnlyNote } from './read-only-note.tsx';
import { RefusedChangeDialog } from './refused-change-dialog.tsx';
import { readOnlyReason, signBlockedReason } from './read-only.ts';
import { RefusedEditsNotice } from './refused-edits-notice.tsx';
import { StatementAside } from './statement-aside.tsx';
import { StatementEditor } from './statement-editor.tsx';
import { SyncIndicator } from './sync-indicator.tsx';

/**
 * After a `workflow`, `content` or `access` message, wait this long for more before
 * refetching: one sign-off, lock or publish often arrives together with other messages.
 */
const RECORD_REFETCH_DELAY_MS = 150;

/**
 * `/statements/:id`: one statement, co-edited live, with who else is here, its status
 * (lock, publish), the organizations taking part and their sign-offs, the signatory list,
 * exports and history. Sign-offs, staleness, lock and publish made anywhere show up here
 * without reloading: the server's stateless messages invalidate the statement's queries.
 */
export function StatementPage() {
  const { id = '' } = useParams();
  if (!StatementId.safeParse(id).success) return <StatementUnavailable />;
  // Keyed by id: moving to another statement starts from a clean page and session.
  return <StatementView key={id} statementId={id} />;
}

function StatementView({ statementId }: { statementId: string }) {
  // The REST record confirms the statement exists and says what the reader may do. When it
  // cannot be fetched (offline), the page still opens: this device's copy and the websocket
  // decide what can be shown.
  const query = useStatement(statementId);
  if (query.data === undefined && hasErrorCode(query.error, 'STATEMENT_NOT_FOUND', 'NOT_FOUND')) return <StatementUnavailable />;
  return <StatementWorkspace statementId={statementId} />;
}

function StatementWorkspace({ statementId }: { statementId: string }) {
  const { user } = useSignedIn();
  const session = useCollabSession(statementId, user.id);
  const [liveTitle, setLiveTitle] = useState('');
  const record = useStatement(statementId).data;
  useDocumentTitle(liveTitle || record?.title || 'Statement');

  if (!session) {
    return (
      <StatementFrame bar={<SyncIndicator state="connecting" />}>
        <LoadingText>Opening statement…</LoadingText>
      </StatementFrame>
    );
  }
  return <LiveStatement session={session} statementId={statementId} onTitleChange={setLiveTitle} />;
}

interface FrameProps {
  bar: ReactNode;
  children: ReactNode;
  aside?: ReactNode;
  below?: ReactNode;
  /** The phone's sign-off bar, stuck to the bottom of the screen (it hides itself on wider screens). */
  footer?: ReactNode;
}

/**
 * Top bar (back link, status, presence, sync), then the text with its history beside the
 * sign-off column. On narrow screens the column comes between the text and the history,
 * so signing is never below the fold of a long history (grid areas in styles.css); on a
 * phone the sign-off bar (`footer`) keeps status and the Sign button on screen throughout.
 */
function StatementFrame({ bar, children, aside, below, footer }: FrameProps) {
  return (
    <div className="page page--wide statement-page">
      <Group justify="space-between" mb="md" gap="sm">
        <Anchor component={Link} to="/" size="sm">
          ← All statements
        </Anchor>
        <Group gap="sm">{bar}</Group>
      </Group>
      <div className={`statement-layout${aside ? '' : ' statement-layout--single'}`}>
        <div className="statement-layout__text">{children}</div>
        {aside && (
          <aside className="statement-layout__aside" aria-label="Sign-off and publishing">
            {aside}
          </aside>
        )}
        {below && <div className="statement-layout__below">{below}</div>}
      </div>
      {footer}
    </div>
  );
}

function LoadingText({ children }: { children: ReactNode }) {
  return (
    <Center py="xl" role="status">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{children}</Text>
      </Group>
    </Center>
  );
}

function LiveStatement({ session, statementId, onTitleChange }: { session: CollabSession; statementId: string; onTitleChange: (title: string) => void }) {
  const snapshot = useCollabSnapshot(session);
  const people = usePresence(session);
  const { user } = useSignedIn();
  const presence = useMemo(() => localPresence(user), [user]);
  const queryClient = useQueryClient();
  const query = useStatement(statementId);
  const cache = useStatementCache(statementId);

  // Rights, sign-offs, status, participants or the text's hash changed: refetch once the burst is over.
  const changes = snapshot.accessChanges + snapshot.recordChanges;
  useEffect(() => {
    if (changes === 0) return;
    const timer = setTimeout(() => refreshStatement(queryClient, statementId), RECORD_REFETCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [changes, queryClient, statementId]);

  const record = toResource(query);
  const lostAccess = snapshot.failure?.kind === 'forbidden';
  const stopped = snapshot.failure !== null && !snapshot.failure.retrying;
  const statement = record.state === 'ready' ? record.data : null;
  const whyReadOnly = readOnlyReason(record, snapshot.readOnly);
  const readOnly = whyReadOnly !== null;
  const editable = !readOnly && !stopped && !snapshot.restoring;
  useKeepEditorFocus(editable);

  const reconnect = () => {
    session.reconnect();
    cache.refresh();
  };

  const discardRefusedEdits = async () => {
    await session.discardLocalCopy();
    window.location.reload();
  };

  const shown = statement && !lostAccess ? statement : null;
  const whySignWaits = shown
    ? signBlockedReason({
        readOnly,
        syncState: snapshot.syncState,
        hashPending: snapshot.hashPending,
        liveContentHash: snapshot.liveContentHash,
        recordContentHash: shown.contentHash,
        refusedEdits: snapshot.refusedEdits,
      })
    : null;
  const aside = shown ? (
    <StatementAside statement={shown} onChanged={cache.replace} onStale={cache.refresh} signBlockedReason={whySignWaits} />
  ) : record.state === 'error' && !lostAccess ? (
    <Alert color="orange" title="Sign-off details are unavailable" role="status">
      The text is shown from this device; sign-offs, status and exports appear once the server answers.
    </Alert>
  ) : undefined;

  const bar = (
    <>
      {shown && <StatusBadge status={shown.status} publishedAt={shown.publishedAt} />}
      {!lostAccess && <PresenceAvatars people={people} />}
      {!lostAccess && <SyncIndicator state={snapshot.syncState} />}
    </>
  );

  return (
    <StatementFrame
      bar={bar}
      aside={aside}
      below={shown ? <HistorySection statement={shown} /> : null}
      footer={shown ? <SignoffBar statement={shown} signBlockedReason={whySignWaits} onChanged={cache.replace} onStale={cache.refresh} /> : null}
    >
      <LiveNotices>
        {shown && <LockCountdownBanner statement={shown} onChanged={cache.replace} onStale={cache.refresh} />}
        {snapshot.refusedEdits && (
          <RefusedEditsNotice
            statementId={statementId}
            reason={whyReadOnly}
            localDocument={() => statementJSONFromYDoc(session.ydoc)}
            onDiscard={discardRefusedEdits}
          />
        )}
      </LiveNotices>
      {snapshot.failure && <CollabFailureNotice failure={snapshot.failure} onReconnect={reconnect} />}
      {whyReadOnly && !stopped && <ReadOnlyNote reason={whyReadOnly} statement={statement} />}
      {snapshot.restoring && (
        <Alert color="orange" role="status" mb="sm">
          The server did not save your last change. Loading the saved text…
        </Alert>
      )}
      {snapshot.refusedChange && <RefusedChangeDialog change={snapshot.refusedChange} onClose={session.dismissRefusedChange} />}
      {lostAccess ? null : snapshot.contentReady ? (
        <StatementEditor session={session} presence={presence} editable={editable} readOnly={readOnly} onTitleChange={onTitleChange} />
      ) : snapshot.localLoaded && snapshot.connectionLost && !stopped ? (
        <Alert color="indigo" role="status">
          This statement has not been opened on this device before, and the server cannot be reached right now. It opens as soon as the connection is back.
        </Alert>
      ) : stopped ? null : (
        <LoadingText>Loading statement…</LoadingText>
      )}
    </StatementFrame>
  );
}

function StatementUnavailable() {
  return <DeadEndPage title="Statement not found">This statement does not exist, or you cannot see it.</DeadEndPage>;
}

import { useEffect, useRef, useState } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { listAudit, listVersions } from '../api/workflow.ts';
import { useResource } from '../lib/use-resource.ts';
import { ActivityList } from './activity-list.tsx';
import { VersionsList } from './versions-list.tsx';

/**
 * What changes the history: sign-offs, withdrawals, status and participants. Typing does
 * not (it keeps no version and writes no audit event), so the content hash is left out.
 */
function historyRevision(statement: StatementDetail): string {
  const participants = statement.participants.map((p) => `${p.orgId}:${p.required}:${p.signoff?.contentHash ?? ''}:${p.signoff?.signedAt ?? ''}`);
  return [statement.status, statement.publishedAt ?? '', ...participants].join('|');
}

/**
 * "History", folded away by default so the page stays calm: the versions kept (each
 * downloadable) and the activity log. Fetched when opened, and again whenever the
 * statement's workflow changes while it is open.
 *
 * Contract for tests: `<details data-testid="history">` with summary "History"; inside,
 * sections "Versions" (`versions-list`) and "Activity" (`activity-list`).
 */
export function HistorySection({ statement }: { statement: StatementDetail }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="history" data-testid="history" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="history__summary">
        History <span className="history__hint">· versions and activity</span>
      </summary>
      {open && <HistoryContent statement={statement} revision={historyRevision(statement)} />}
    </details>
  );
}

function HistoryContent({ statement, revision }: { statement: StatementDetail; revision: string }) {
  const versions = useResource((signal) => listVersions(statement.id, signal), [statement.id]);
  const audit = useResource((signal) => listAudit(statement.id, signal), [statement.id]);
  const reloadVersions = versions.reload;
  const reloadAudit = audit.reload;

  const shown = useRef(revision);
  useEffect(() => {
    if (shown.current === revision) return;
    shown.current = revision;
    reloadVersions();
    reloadAudit();
  }, [revision, reloadVersions, reloadAudit]);

  return (
    <div className="history__body">
      <section aria-labelledby="versions-heading">
        <h3 id="versions-heading">Versions</h3>
        {versions.resource.state === 'loading' && <p className="muted">Loading versions…</p>}
        {versions.resource.state === 'error' && <LoadError error={versions.resource.error} onRetry={reloadVersions} />}
        {versions.resource.state === 'ready' && (
          <VersionsList statementId={statement.id} versions={versions.resource.data} currentHash={statement.contentHash} />
        )}
      </section>
      <section aria-labelledby="activity-heading">
        <h3 id="activity-heading">Activity</h3>
        {audit.resource.state === 'loading' && <p className="muted">Loading activity…</p>}
        {audit.resource.state === 'error' && <LoadError error={audit.resource.error} onRetry={reloadAudit} />}
        {audit.resource.state === 'ready' && <ActivityList events={audit.resource.data} />}
      </section>
    </div>
  );
}

function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <div className="notice notice--error" role="alert">
      <p>{errorMessage(error)}</p>
      <button type="button" className="button button--small" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}

import { Link } from 'react-router';
import type { Membership } from '../../shared/api/auth.ts';
import type { StatementSummary } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { listStatements } from '../api/statements.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FlashNotice } from '../layout/flash-notice.tsx';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useResource } from '../lib/use-resource.ts';
import { StatusBadge } from '../workflow/status-badge.tsx';
import { FirstRun } from './first-run.tsx';
import { NewStatementForm } from './new-statement-form.tsx';
import { YourOrgsCard } from './your-orgs-card.tsx';

/**
 * `/`: the statements the person may see (the server filters), most recently updated
 * first, beside the new-statement form and their organizations. Without any organization
 * it shows the first-run prompt instead.
 */
export function StatementListPage() {
  useDocumentTitle('Statements');
  const { user, memberships } = useSignedIn();
  if (memberships.length === 0) return <FirstRun name={user.name} />;
  return <StatementsOverview memberships={memberships} />;
}

function StatementsOverview({ memberships }: { memberships: Membership[] }) {
  // Joining or leaving an organization changes what may be seen: list again.
  const membershipKey = memberships.map((m) => `${m.orgId}:${m.role}`).join(',');
  const { resource, reload } = useResource((signal) => listStatements(signal), [membershipKey]);
  const orgNames = new Map(memberships.map((m) => [m.orgId, m.orgName]));

  return (
    <div className="page statement-list-page">
      <section className="statement-list" aria-labelledby="statements-heading">
        <FlashNotice />
        <h1 id="statements-heading">Statements</h1>
        {resource.state === 'loading' && (
          <p className="muted" role="status">
            Loading statements…
          </p>
        )}
        {resource.state === 'error' && (
          <div className="notice notice--error" role="alert">
            <p>{errorMessage(resource.error)}</p>
            <button type="button" className="button" onClick={reload}>
              Try again
            </button>
          </div>
        )}
        {resource.state === 'ready' && <StatementList statements={resource.data} orgNames={orgNames} />}
      </section>
      <div className="statement-list-page__side">
        <NewStatementForm memberships={memberships} />
        <YourOrgsCard memberships={memberships} />
      </div>
    </div>
  );
}

function StatementList({ statements, orgNames }: { statements: StatementSummary[]; orgNames: Map<string, string> }) {
  if (statements.length === 0) {
    return (
      <p className="empty-state">
        No statements yet. Start one with “New statement”, or wait for a partner organization to add yours to theirs.
      </p>
    );
  }
  const sorted = [...statements].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  return (
    <ul className="statement-list__items">
      {sorted.map((statement) => {
        const lead = orgNames.get(statement.leadOrgId);
        return (
          <li key={statement.id} className="statement-list__item">
            <span className="statement-list__title">
              <Link to={`/statements/${statement.id}`} className="statement-list__link">
                {statement.title.trim() || 'Untitled statement'}
              </Link>
              {statement.status !== 'drafting' && <StatusBadge status={statement.status} testId={null} />}
            </span>
            <span className="statement-list__meta">
              {lead && <span className="statement-list__lead">Led by {lead} · </span>}
              Updated{' '}
              <time dateTime={statement.updatedAt} title={formatAbsolute(statement.updatedAt)}>
                {formatUpdated(statement.updatedAt)}
              </time>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

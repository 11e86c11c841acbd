import { Link } from 'react-router';
import type { StatementSummary } from '../../shared/api/statements.ts';
import { listStatements } from '../api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';
import { useResource } from '../lib/use-resource.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { NewStatementForm } from './new-statement-form.tsx';

/** `/`: every statement, most recently updated first, and the form to start a new one. */
export function StatementListPage() {
  useDocumentTitle('Statements');
  const { resource, reload } = useResource((signal) => listStatements(signal), []);

  return (
    <div className="page statement-list-page">
      <section className="statement-list" aria-labelledby="statements-heading">
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
        {resource.state === 'ready' && <StatementList statements={resource.data} />}
      </section>
      <NewStatementForm />
    </div>
  );
}

function StatementList({ statements }: { statements: StatementSummary[] }) {
  if (statements.length === 0) {
    return <p className="empty-state">No statements yet. Start the first one with “New statement”.</p>;
  }
  const sorted = [...statements].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));
  return (
    <ul className="statement-list__items">
      {sorted.map((statement) => (
        <li key={statement.id} className="statement-list__item">
          <Link to={`/statements/${statement.id}`} className="statement-list__link">
            {statement.title.trim() || 'Untitled statement'}
          </Link>
          <span className="statement-list__meta">
            Updated{' '}
            <time dateTime={statement.updatedAt} title={formatAbsolute(statement.updatedAt)}>
              {formatUpdated(statement.updatedAt)}
            </time>
          </span>
        </li>
      ))}
    </ul>
  );
}

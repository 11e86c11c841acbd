import { Link } from 'react-router';
import type { CollabFailure } from '../collab/failures.ts';

/**
 * A visible explanation when the server refuses or drops the connection. Retrying failures
 * only inform (role="status"); stopped ones are alerts and offer a way to try again.
 * `data-collab-failure` is the failure's kind (see ../collab/failures.ts), for tests.
 */
export function CollabFailureNotice({ failure, onReconnect }: { failure: CollabFailure; onReconnect: () => void }) {
  const stopped = !failure.retrying;
  return (
    <div className={`notice ${stopped ? 'notice--error' : 'notice--warning'}`} role={stopped ? 'alert' : 'status'} data-collab-failure={failure.kind}>
      <p>{failure.message}</p>
      {stopped && (
        <button type="button" className="button" onClick={onReconnect}>
          Try again
        </button>
      )}
      {failure.kind === 'forbidden' && <Link to="/">All statements</Link>}
      {failure.kind === 'invalid-update' && (
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload page
        </button>
      )}
    </div>
  );
}

import type { CollabFailure } from '../collab/failures.ts';

/**
 * A visible explanation when the server refuses or drops the connection. Retrying failures
 * only inform; stopped ones offer a way to try again.
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
      {failure.kind === 'invalid-update' && (
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload page
        </button>
      )}
    </div>
  );
}

import { SYNC_LABELS, type SyncState } from '../collab/sync-state.ts';

/**
 * Says whether the server has every edit made here (see ../collab/sync-state.ts for the rules).
 * Contract for tests and assistive technology: role="status", aria-live="polite", and
 * `data-sync-state` is one of connecting | saving | saved | offline.
 */
export function SyncIndicator({ state }: { state: SyncState }) {
  return (
    <p className={`sync-indicator sync-indicator--${state}`} role="status" aria-live="polite" data-sync-state={state}>
      <span className="sync-indicator__dot" aria-hidden="true" />
      {SYNC_LABELS[state]}
    </p>
  );
}

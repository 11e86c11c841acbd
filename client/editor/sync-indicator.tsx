import { Badge } from '@mantine/core';
import { SYNC_LABELS, type SyncState } from '../collab/sync-state.ts';

const COLORS: Record<SyncState, string> = { connecting: 'gray', saving: 'indigo', saved: 'teal', offline: 'orange' };

/**
 * Says whether the server has every edit made here (see ../collab/sync-state.ts for the rules).
 * Contract for tests and assistive technology: role="status", aria-live="polite", and
 * `data-sync-state` is one of connecting | saving | saved | offline.
 */
export function SyncIndicator({ state }: { state: SyncState }) {
  return (
    <Badge
      variant="dot"
      color={COLORS[state]}
      size="lg"
      radius="sm"
      tt="none"
      fw={500}
      className="sync-indicator"
      role="status"
      aria-live="polite"
      data-sync-state={state}
    >
      {SYNC_LABELS[state]}
    </Badge>
  );
}

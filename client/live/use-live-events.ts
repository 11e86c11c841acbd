import { useEffect, useRef } from 'react';
import type { LiveEvent } from '../../shared/api/live.ts';
import { liveConnection, type LiveEventType } from './live-connection.ts';

/**
 * Calls `onEvent` for each live signal of `types` (see shared/api/live.ts) while the component
 * is mounted and `enabled` (mount it only for a signed-in person: the stream is theirs), and
 * `onOpen` when the tab's stream opens, at first or after a drop (signals sent before it were
 * missed: refetch). A component that subscribes while the stream is already open gets no `onOpen`:
 * whatever it fetched on mount is covered by the stream.
 * Every component of the tab shares one EventSource (./live-connection.ts). The callbacks may
 * change on every render; only `types` and `enabled` resubscribe.
 */
export function useLiveEvents(
  types: readonly LiveEventType[],
  onEvent: (event: LiveEvent) => void,
  options: { enabled?: boolean; onOpen?: () => void } = {},
): void {
  const enabled = options.enabled ?? true;
  const callbacks = useRef({ onEvent, onOpen: options.onOpen });
  callbacks.current = { onEvent, onOpen: options.onOpen };
  const typeKey = types.join(',');
  useEffect(() => {
    if (!enabled) return;
    return liveConnection.subscribe({
      types: typeKey.split(',') as LiveEventType[],
      onEvent: (event) => callbacks.current.onEvent(event),
      onOpen: () => callbacks.current.onOpen?.(),
    });
  }, [typeKey, enabled]);
}

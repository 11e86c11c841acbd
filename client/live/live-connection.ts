import { LiveEvent } from '../../shared/api/live.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';

export type LiveEventType = LiveEvent['type'];

export interface LiveSubscriber {
  /** The signal types wanted; every type when omitted. */
  types?: readonly LiveEventType[];
  onEvent(event: LiveEvent): void;
  /**
   * The stream opened: at first, or again after a drop. Signals sent before it are lost (also
   * those between a subscriber's first fetch and the first open), so refetch what they would have said.
   */
  onOpen?(): void;
}

const FIRST_RETRY_MS = 1_000;
const LAST_RETRY_MS = 30_000;

/**
 * The tab's one stream of GET /api/live (server-sent events), shared by every subscriber:
 * opened with the first subscriber, closed with the last. A dropped stream reconnects by
 * itself (EventSource waits the 3 s the server asks for); a stream the server refused (a 503
 * while it restarts, a 401) is opened again after 1 s, 2 s, 4 s … up to 30 s while anyone
 * still listens. Signals are checked against the shared schema; unknown ones are ignored.
 */
class LiveConnection {
  private readonly subscribers = new Set<LiveSubscriber>();
  private source: EventSource | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = FIRST_RETRY_MS;

  subscribe(subscriber: LiveSubscriber): () => void {
    this.subscribers.add(subscriber);
    if (!this.source && !this.retryTimer) this.open();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.close();
    };
  }

  private open(): void {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`${API_PREFIX}/live`, { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.retryMs = FIRST_RETRY_MS;
      for (const subscriber of [...this.subscribers]) subscriber.onOpen?.();
    };
    source.onmessage = (message: MessageEvent<string>) => {
      const event = parseEvent(message.data);
      if (!event) return;
      for (const subscriber of [...this.subscribers]) {
        if (!subscriber.types || subscriber.types.includes(event.type)) subscriber.onEvent(event);
      }
    };
    source.onerror = () => {
      // CONNECTING: the browser retries by itself. CLOSED: it gave up; so do we, for a while.
      if (source.readyState !== EventSource.CLOSED || this.source !== source) return;
      this.source = null;
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (this.subscribers.size > 0) this.open();
      }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, LAST_RETRY_MS);
    };
  }

  private close(): void {
    this.source?.close();
    this.source = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retryMs = FIRST_RETRY_MS;
  }
}

function parseEvent(data: string): LiveEvent | null {
  try {
    const parsed = LiveEvent.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const liveConnection = new LiveConnection();

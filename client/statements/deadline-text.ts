/**
 * How a deadline or a scheduled time reads: in UTC (the contract's time, the same for every
 * partner) and in the reader's own time zone, and how far away it is. Pure functions of the
 * instant and `now`, so a clock tick re-renders them.
 */

// Explicit fields: `dateStyle`/`timeStyle` cannot be combined with `timeZoneName` (a TypeError).
const DATE_TIME = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const TIME = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const utcFormat = new Intl.DateTimeFormat(undefined, { ...DATE_TIME, timeZone: 'UTC' });
const localFormat = new Intl.DateTimeFormat(undefined, { ...DATE_TIME, timeZoneName: 'short' });
const localTimeOnly = new Intl.DateTimeFormat(undefined, TIME);
const utcTimeOnly = new Intl.DateTimeFormat(undefined, { ...TIME, timeZone: 'UTC' });

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "9 Dec 2026, 14:00 UTC"; '' for an unreadable timestamp. */
export function formatUtc(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : `${utcFormat.format(time)} UTC`;
}

/** "9 Dec 2026, 15:00 CET": the reader's own time zone, named. */
export function formatLocal(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : localFormat.format(time);
}

/** True when the reader's time zone is at UTC at that instant (then one time is enough). */
export function localIsUtc(iso: string): boolean {
  const time = Date.parse(iso);
  return !Number.isNaN(time) && new Date(time).getTimezoneOffset() === 0;
}

/** "14:05" in the reader's time, for something happening soon (a scheduled lock). */
export function formatClock(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : localTimeOnly.format(time);
}

/** "14:05 UTC". */
export function formatUtcClock(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : `${utcTimeOnly.format(time)} UTC`;
}

/**
 * How far away `iso` is: "in 40 min", "in 3 h", "in 2 days", or "overdue" once passed
 * (a deadline does not stop anything; it says who is late).
 */
export function formatDueIn(iso: string, now: number = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';
  const left = time - now;
  if (left <= 0) return 'overdue';
  if (left < HOUR_MS) return `in ${Math.max(1, Math.round(left / MINUTE_MS))} min`;
  if (left < 2 * DAY_MS) return `in ${Math.round(left / HOUR_MS)} h`;
  return `in ${Math.round(left / DAY_MS)} days`;
}

/** True once the instant has passed. */
export function isOverdue(iso: string, now: number = Date.now()): boolean {
  const time = Date.parse(iso);
  return !Number.isNaN(time) && time <= now;
}

/** True within a day of the instant (and not passed): shown as urgent. */
export function isDueSoon(iso: string, now: number = Date.now()): boolean {
  const time = Date.parse(iso);
  return !Number.isNaN(time) && time > now && time - now < DAY_MS;
}

/**
 * The value of a `datetime-local` input that shows `iso` in UTC ("2026-12-09T14:00"), and
 * back: the input holds UTC wall time (so every partner types the same), never the browser's.
 */
export function toUtcInputValue(iso: string | null): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Date(time).toISOString().slice(0, 16);
}

/** `"2026-12-09T14:00"` read as UTC → ISO 8601 with Z; null when it is not a complete date and time. */
export function fromUtcInputValue(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const time = Date.parse(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

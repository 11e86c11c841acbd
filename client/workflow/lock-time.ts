const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** "14:05:30" in the reader's time zone; '' for an unreadable timestamp. */
export function formatClockTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : clock.format(time);
}

/** Whole seconds from `now` until `iso`, never below 0 (rounded up: "in 1 s" until it fires). Pure. */
export function secondsUntil(iso: string, now: number): number {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return 0;
  return Math.max(0, Math.ceil((time - now) / 1000));
}

/** "30 seconds", "1 minute", "2 minutes 30 seconds". Pure. */
export function formatDelay(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  const parts = [];
  if (minutes > 0) parts.push(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`);
  if (rest > 0 || minutes === 0) parts.push(`${rest} ${rest === 1 ? 'second' : 'seconds'}`);
  return parts.join(' ');
}

import { useEffect, useState } from 'react';

/**
 * The current time, re-read every `intervalMs` while `active` (relative times such as "in 3 h",
 * or a countdown at 1 s, stay true while the page is open).
 */
export function useNow(intervalMs = 30_000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}

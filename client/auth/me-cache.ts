import { MeResponse } from '../../shared/api/auth.ts';

/**
 * The last `GET /api/me` answer, kept in this browser so a signed-in person can still open
 * statements kept on this device while the server cannot be reached. It is only a fallback
 * for NETWORK failures: a server answer always wins, and it is cleared on logout and on
 * any 401. Storage failures are ignored (the fallback is then just unavailable).
 */
const STORAGE_KEY = 'jointly:me';

export function loadCachedMe(): MeResponse | null {
  try {
    const parsed = MeResponse.safeParse(JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveCachedMe(me: MeResponse): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(me));
  } catch {
    // Private mode or full storage: no offline fallback.
  }
}

export function clearCachedMe(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to clear.
  }
}

/**
 * How long a failed e-mail waits before its next attempt: after the first failure 1 s, then
 * 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h. After the 10th failed attempt (about 8 h
 * of trying) it is given up, its last error kept.
 */
export const MAIL_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000];

/** The wait after `failedAttempts` failures (1 = the first), or null: give up. */
export function retryDelayMs(failedAttempts: number): number | null {
  return MAIL_RETRY_DELAYS_MS[failedAttempts - 1] ?? null;
}

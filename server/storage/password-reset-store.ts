/**
 * Password reset links: single use, short-lived; only the SHA-256 of a link's secret is
 * stored, so a database leak opens no account.
 */
export interface PasswordResetStore {
  /** Stores a new link for the user, valid until `expiresAt`. Links long expired (of anyone) may be forgotten meanwhile. */
  create(input: { tokenHash: string; userId: string; expiresAt: Date }): Promise<void>;
  /** The user a link would reset, while it is unused and unexpired at `now`; null otherwise. Changes nothing. */
  findUsable(tokenHash: string, now: Date): Promise<string | null>;
  /**
   * Atomically, all or nothing: if the link is unused and unexpired at `now`, marks it used,
   * sets the user's password hash, marks every other open link of the user used, and ends
   * every session of the user; returns the user and the ended sessions' hashes (so their
   * sockets can be closed). Otherwise changes nothing and returns null: a link works once,
   * even when two requests race with it.
   */
  redeem(tokenHash: string, passwordHash: string, now: Date): Promise<{ userId: string; endedSessions: string[] } | null>;
}

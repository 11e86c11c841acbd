/**
 * Password reset links (single use, short-lived; only their hash is stored).
 * Filled in by the accounts work.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PasswordResetStore {}

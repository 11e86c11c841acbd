import { createHash, randomBytes } from 'node:crypto';

/** A fresh secret for a session cookie or an invitation link: 32 random bytes, base64url. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a secret token: its SHA-256, so a database leak opens no session. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Ids for users, organizations and statements: 12 url-safe characters. */
export function newId(): string {
  return randomBytes(9).toString('base64url');
}

import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.ts';
import type { Store, UserRow } from '../storage/store.ts';
import { hashToken, newSecretToken } from './tokens.ts';

export const SESSION_COOKIE = 'jointly_session';
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, resolved from the session cookie before any handler runs; null when anonymous. */
    user: UserRow | null;
    /** The stored hash of that session (what collab tokens are bound to); null when anonymous. */
    sessionHash: string | null;
  }
}

/**
 * Session cookies: an opaque random token (HttpOnly, SameSite=Lax, Secure under https)
 * whose SHA-256 is stored in the database, so every instance sharing the database knows
 * every session.
 */
export async function registerSessions(app: FastifyInstance, store: Store, config: Config): Promise<void> {
  await app.register(cookie);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionHash', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    const tokenHash = token ? hashToken(token) : null;
    request.user = tokenHash ? await store.accounts.findSessionUser(tokenHash, new Date()) : null;
    request.sessionHash = request.user ? tokenHash : null;
  });
  app.decorate('sessionCookieSecure', new URL(config.publicUrl).protocol === 'https:');
}

declare module 'fastify' {
  interface FastifyInstance {
    sessionCookieSecure: boolean;
  }
}

export async function startSession(app: FastifyInstance, store: Store, reply: FastifyReply, userId: string): Promise<void> {
  const token = newSecretToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await store.accounts.createSession({ tokenHash: hashToken(token), userId, expiresAt });
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: app.sessionCookieSecure,
    path: '/',
    expires: expiresAt,
  });
}

/** Deletes the session and clears its cookie; returns the session's hash (null without one) so its sockets can be closed. */
export async function endSession(store: Store, reply: FastifyReply, token: string | undefined): Promise<string | null> {
  const tokenHash = token ? hashToken(token) : null;
  if (tokenHash) await store.accounts.deleteSession(tokenHash);
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  return tokenHash;
}

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
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    request.user = token ? await store.accounts.findSessionUser(hashToken(token), new Date()) : null;
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

export async function endSession(store: Store, reply: FastifyReply, token: string | undefined): Promise<void> {
  if (token) await store.accounts.deleteSession(hashToken(token));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

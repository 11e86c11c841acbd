import type { FastifyInstance } from 'fastify';
import { LoginRequest, type MeResponse, MeResponse as MeResponseSchema, SignupRequest, UserResponse } from '../../shared/api/auth.ts';
import { ApiError } from '../../shared/errors.ts';
import { DECOY_HASH, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { endSession, SESSION_COOKIE, startSession } from '../auth/sessions.ts';
import { newId } from '../auth/tokens.ts';
import { defineRoute } from '../http/route.ts';
import type { UserRow } from '../storage/store.ts';

/**
 * Login attempts allowed in each 15-minute window: per e-mail address (guessing one
 * password), and a looser one per client address (one office behind one NAT).
 */
export const LOGIN_LIMITS = {
  perEmail: { attempts: 10, windowMs: 15 * 60 * 1000 },
  perAddress: { attempts: 100, windowMs: 15 * 60 * 1000 },
} as const;

function publicUser(user: UserRow) {
  return { id: user.id, email: user.email, name: user.name };
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.jointly;

  defineRoute(
    app,
    { method: 'POST', url: '/api/auth/signup', tag: 'auth', summary: 'Create an account and start a session', auth: 'public', body: SignupRequest, response: UserResponse, status: 201, errors: ['EMAIL_TAKEN'] },
    async ({ body, reply }) => {
      const user = await store.accounts.createUser({ id: newId(), email: body.email, name: body.name, passwordHash: await hashPassword(body.password) });
      if (!user) throw new ApiError('EMAIL_TAKEN');
      await startSession(app, store, reply, user.id);
      return { user: publicUser(user) };
    },
  );

  defineRoute(
    app,
    { method: 'POST', url: '/api/auth/login', tag: 'auth', summary: 'Start a session', auth: 'public', body: LoginRequest, response: UserResponse, errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'] },
    async ({ body, request, reply }) => {
      const limits = [
        { key: `login:email:${body.email}`, ...LOGIN_LIMITS.perEmail },
        { key: `login:ip:${request.ip}`, ...LOGIN_LIMITS.perAddress },
      ];
      for (const { key, attempts, windowMs } of limits) {
        const { allowed, retryAfterMs } = await store.rateLimits.hit(key, windowMs, attempts, Date.now());
        if (!allowed) {
          reply.header('retry-after', Math.ceil(retryAfterMs / 1000));
          throw new ApiError('RATE_LIMITED', 'Too many login attempts. Try again in a few minutes.');
        }
      }
      const found = await store.accounts.findCredentials(body.email);
      const valid = await verifyPassword(body.password, found?.passwordHash ?? DECOY_HASH);
      if (!found || !valid) throw new ApiError('INVALID_CREDENTIALS');
      await store.rateLimits.reset(`login:email:${body.email}`);
      await startSession(app, store, reply, found.user.id);
      return { user: publicUser(found.user) };
    },
  );

  defineRoute(
    app,
    { method: 'POST', url: '/api/auth/logout', tag: 'auth', summary: "End the current session; its open websockets close and its collab tokens stop working", auth: 'public', status: 204 },
    async ({ request, reply }) => {
      const ended = await endSession(store, reply, request.cookies[SESSION_COOKIE]);
      if (ended) app.jointly.collaboration.endSession(ended);
      return undefined;
    },
  );

  defineRoute(
    app,
    { method: 'GET', url: '/api/me', tag: 'auth', summary: 'The signed-in user and their memberships', auth: 'session', response: MeResponseSchema },
    async ({ user }): Promise<MeResponse> => {
      const memberships = await store.orgs.membershipsOf(user.id);
      return {
        user: publicUser(user),
        memberships: memberships.map(({ org, role }) => ({ orgId: org.id, orgName: org.name, role })),
      };
    },
  );
}

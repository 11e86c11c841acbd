import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  ChangePasswordRequest,
  EndedSessionsResponse,
  LoginRequest,
  type MeResponse,
  MeResponse as MeResponseSchema,
  SessionResponse,
  SignupRequest,
  UserResponse,
} from '../../shared/api/auth.ts';
import { ApiError } from '../../shared/errors.ts';
import { LoginThrottle, type LoginVerdict } from '../auth/login-throttle.ts';
import { endSession, SESSION_COOKIE, startSession } from '../auth/sessions.ts';
import { newId } from '../auth/tokens.ts';
import { defineRoute } from '../http/route.ts';
import type { UserRow } from '../storage/store.ts';

function publicUser(user: UserRow) {
  return { id: user.id, email: user.email, name: user.name };
}

/** Answers 429 with Retry-After when the throttle says wait (the password is not checked then). */
function refuseIfThrottled(verdict: LoginVerdict, reply: FastifyReply): void {
  if (verdict.allowed) return;
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  reply.header('retry-after', seconds);
  throw new ApiError('RATE_LIMITED', `Too many wrong passwords. Try again in ${seconds} s.`, { retryAfterMs: verdict.retryAfterMs });
}

export async function authRoutes(app: FastifyInstance): Promise<void> {
  const { store, passwords, config, collaboration } = app.jointly;
  const throttle = new LoginThrottle(store.rateLimits, config.accountLimits);

  async function describeMe(user: UserRow): Promise<MeResponse> {
    const memberships = await store.orgs.membershipsOf(user.id);
    return { user: publicUser(user), memberships: memberships.map(({ org, role }) => ({ orgId: org.id, orgName: org.name, role })) };
  }

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/auth/signup',
      tag: 'auth',
      summary: 'Create an account and start a session',
      auth: 'public',
      body: SignupRequest,
      response: UserResponse,
      status: 201,
      errors: ['EMAIL_TAKEN', 'RATE_LIMITED'],
    },
    async ({ body, request, reply }) => {
      const { signupsPerAddress, signupWindowMs } = config.accountLimits;
      const { allowed, retryAfterMs } = await store.rateLimits.hit(`signup:address:${request.ip}`, signupWindowMs, signupsPerAddress, Date.now());
      if (!allowed) {
        reply.header('retry-after', Math.ceil(retryAfterMs / 1000));
        throw new ApiError('RATE_LIMITED', 'Too many accounts were created from this address. Try again in a few minutes.');
      }
      const user = await store.accounts.createUser({ id: newId(), email: body.email, name: body.name, passwordHash: await passwords.hash(body.password) });
      if (!user) throw new ApiError('EMAIL_TAKEN');
      await startSession(app, store, reply, user.id);
      return { user: publicUser(user) };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/auth/login',
      tag: 'auth',
      summary: 'Start a session (wrong passwords slow further attempts down; they never lock the account)',
      auth: 'public',
      body: LoginRequest,
      response: UserResponse,
      errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
    },
    async ({ body, request, reply }) => {
      refuseIfThrottled(await throttle.check(body.email, request.ip), reply);
      const found = await store.accounts.findCredentials(body.email);
      const check = await passwords.verify(body.password, found?.passwordHash ?? passwords.decoyHash);
      if (!found || !check.valid) {
        await throttle.recordFailure(body.email, request.ip);
        throw new ApiError('INVALID_CREDENTIALS');
      }
      await throttle.recordSuccess(body.email, request.ip);
      if (check.needsRehash) await store.accounts.setPasswordHash(found.user.id, await passwords.hash(body.password));
      await startSession(app, store, reply, found.user.id);
      return { user: publicUser(found.user) };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/auth/logout',
      tag: 'auth',
      summary: 'End the current session; its open websockets close and its collab tokens stop working',
      auth: 'public',
      status: 204,
    },
    async ({ request, reply }) => {
      const ended = await endSession(store, reply, request.cookies[SESSION_COOKIE]);
      if (ended) {
        collaboration.endSessions([ended]);
        app.jointly.live.endSessions([ended]);
      }
      return undefined;
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/auth/logout-everywhere',
      tag: 'auth',
      summary: 'End every other session of the signed-in user (this one stays); their websockets close and their collab tokens stop working',
      auth: 'session',
      response: EndedSessionsResponse,
    },
    async ({ user, request }) => {
      const ended = await store.accounts.deleteSessionsOf(user.id, request.sessionHash ?? undefined);
      collaboration.endSessions(ended);
      app.jointly.live.endSessions(ended);
      return { endedSessions: ended.length };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/me/password',
      tag: 'auth',
      summary: 'Change the password (the current one is required); every other session ends',
      auth: 'session',
      body: ChangePasswordRequest,
      response: EndedSessionsResponse,
      errors: ['INVALID_CREDENTIALS', 'RATE_LIMITED'],
    },
    async ({ user, body, request, reply }) => {
      refuseIfThrottled(await throttle.check(user.email, request.ip), reply);
      const check = await passwords.verify(body.currentPassword, (await store.accounts.passwordHashOf(user.id)) ?? passwords.decoyHash);
      if (!check.valid) {
        await throttle.recordFailure(user.email, request.ip);
        throw new ApiError('INVALID_CREDENTIALS', 'The current password is not correct.');
      }
      await store.accounts.setPasswordHash(user.id, await passwords.hash(body.newPassword));
      const ended = await store.accounts.deleteSessionsOf(user.id, request.sessionHash ?? undefined);
      collaboration.endSessions(ended);
      app.jointly.live.endSessions(ended);
      return { endedSessions: ended.length };
    },
  );
  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/session',
      tag: 'auth',
      summary: 'Who is signed in on this browser: the user and their memberships, or `user: null` (never 401)',
      auth: 'public',
      response: SessionResponse,
    },
    async ({ user }): Promise<SessionResponse> => (user ? describeMe(user) : { user: null, memberships: [] }),
  );
  defineRoute(
    app,
    { method: 'GET', url: '/api/me', tag: 'auth', summary: 'The signed-in user and their memberships', auth: 'session', response: MeResponseSchema },
    async ({ user }): Promise<MeResponse> => describeMe(user),
  );
}

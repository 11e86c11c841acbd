import type { FastifyInstance, FastifyReply } from 'fastify';
import {
  CompletePasswordResetRequest,
  PasswordResetAccepted,
  PasswordResetParams,
  PasswordResetRequest,
  RESET_TOKEN_TTL_MS,
  UpdateMeRequest,
} from '../../shared/api/account.ts';
import { UserResponse } from '../../shared/api/auth.ts';
import { escapeHtml } from '../../shared/export/export-meta.ts';
import { ApiError } from '../../shared/errors.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { hashToken, newSecretToken } from '../auth/tokens.ts';
import { defineRoute } from '../http/route.ts';
import type { OutgoingMail } from '../mail/mailer.ts';
import type { RateLimitStore, UserRow } from '../storage/store.ts';

/**
 * Reset requests: per client address, a 429 past the limit; per e-mail address, further
 * requests within the window are answered as usual (202) but send nothing, so nobody can
 * flood someone's inbox and the answer still says nothing about the address.
 */
export const RESET_LIMITS = {
  requestsPerAddress: 20,
  requestsPerEmail: 3,
  redeemsPerAddress: 30,
  windowMs: 15 * 60 * 1000,
} as const;

/** Account e-mails are sent at once (never delayed or digested); a refused delivery is tried again this many times. */
const MAIL_ATTEMPTS = 3;
const MAIL_RETRY_DELAY_MS = 2_000;

function publicUser(user: UserRow) {
  return { id: user.id, email: user.email, name: user.name };
}

async function refuseOverLimit(limits: RateLimitStore, key: string, limit: number, reply: FastifyReply): Promise<void> {
  const { allowed, retryAfterMs } = await limits.hit(key, RESET_LIMITS.windowMs, limit, Date.now());
  if (allowed) return;
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  reply.header('retry-after', String(seconds));
  throw new ApiError('RATE_LIMITED', `Too many password reset requests from this address. Try again in ${seconds} s.`);
}

function resetMail(to: string, link: string): OutgoingMail {
  const minutes = RESET_TOKEN_TTL_MS / 60_000;
  return {
    to,
    subject: 'Reset your Jointly password',
    text: [
      `Someone, hopefully you, asked to reset the password of the Jointly account for ${to}.`,
      '',
      `Choose a new password here (the link works once, for ${minutes} minutes):`,
      link,
      '',
      'If you did not ask for this, ignore this e-mail: your password stays as it is.',
    ].join('\n'),
    html: `<p>Someone, hopefully you, asked to reset the password of the Jointly account for ${escapeHtml(to)}.</p>
<p><a href="${escapeHtml(link)}">Choose a new password</a> (the link works once, for ${minutes} minutes).</p>
<p>If you did not ask for this, ignore this e-mail: your password stays as it is.</p>`,
  };
}

function addressChangedMail(to: string, newEmail: string): OutgoingMail {
  return {
    to,
    subject: 'Your Jointly e-mail address was changed',
    text: `The Jointly account that used ${to} now uses ${newEmail}.\n\nIf you did not do this, reply to your coalition's Jointly administrator at once.`,
    html: `<p>The Jointly account that used ${escapeHtml(to)} now uses ${escapeHtml(newEmail)}.</p>
<p>If you did not do this, reply to your coalition's Jointly administrator at once.</p>`,
  };
}

/**
 * Account settings (`PATCH /api/me`) and password reset by e-mail.
 *
 * - A reset request answers 202 `{ ok: true }` whatever the address, and takes about as long
 *   either way: the token is drawn for every request and the e-mail is sent after the answer,
 *   never awaited by it. Without SMTP every address gets 503 MAIL_UNAVAILABLE.
 * - A link works once, for 30 minutes; using it sets the password, ends every session of the
 *   person (their sockets and live streams close) and spends their other open links.
 */
export async function accountRoutes(app: FastifyInstance): Promise<void> {
  const { store, passwords, config, collaboration, live, mailer } = app.jointly;
  const throttle = new LoginThrottle(store.rateLimits, config.accountLimits);
  const publicUrl = config.publicUrl.replace(/\/+$/, '');

  const sending = new Set<Promise<void>>();
  let closing = false;
  /** Sends now, in the background; a refused delivery is retried a few times, then logged. */
  function sendSoon(mail: OutgoingMail, what: string): void {
    const attempt = async () => {
      for (let tries = 1; ; tries++) {
        try {
          await mailer.send(mail);
          return;
        } catch (error) {
          if (tries >= MAIL_ATTEMPTS || closing) {
            app.log.error({ err: error, what }, 'an account e-mail could not be delivered');
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, MAIL_RETRY_DELAY_MS * tries));
        }
      }
    };
    // Started after the answer has gone out: the answer's timing does not depend on SMTP.
    const pending = new Promise<void>((resolve) => setImmediate(resolve)).then(attempt);
    sending.add(pending);
    void pending.finally(() => sending.delete(pending));
  }
  app.addHook('preClose', async () => {
    closing = true;
    await Promise.all(sending);
  });

  defineRoute(
    app,
    {
      method: 'PATCH',
      url: '/api/me',
      tag: 'auth',
      summary: 'Change the name and/or e-mail address (a new e-mail address needs the current password)',
      auth: 'session',
      body: UpdateMeRequest,
      response: UserResponse,
      errors: ['EMAIL_TAKEN', 'INVALID_CREDENTIALS', 'RATE_LIMITED'],
    },
    async ({ user, body, request, reply }) => {
      if (body.email !== undefined) {
        const verdict = await throttle.check(user.email, request.ip);
        if (!verdict.allowed) {
          const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
          reply.header('retry-after', seconds);
          throw new ApiError('RATE_LIMITED', `Too many wrong passwords. Try again in ${seconds} s.`, { retryAfterMs: verdict.retryAfterMs });
        }
        const check = await passwords.verify(body.currentPassword ?? '', (await store.accounts.passwordHashOf(user.id)) ?? passwords.decoyHash);
        if (!check.valid) {
          await throttle.recordFailure(user.email, request.ip);
          throw new ApiError('INVALID_CREDENTIALS', 'The current password is not correct.', [
            { path: 'currentPassword', message: 'the current password is not correct' },
          ]);
        }
      }
      const updated = await store.accounts.updateProfile(user.id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.email !== undefined ? { email: body.email } : {}),
      });
      if (updated === 'email-taken')
        throw new ApiError('EMAIL_TAKEN', 'Another account already uses this e-mail address.', [
          { path: 'email', message: 'another account already uses this e-mail address' },
        ]);
      if (!updated) throw new ApiError('UNAUTHENTICATED');
      if (mailer.enabled && updated.email !== user.email) sendSoon(addressChangedMail(user.email, updated.email), 'address changed');
      return { user: publicUser(updated) };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/auth/password-reset',
      tag: 'auth',
      summary: 'E-mail a single-use link (30 minutes) to reset the password; the same answer whether or not an account has the address',
      auth: 'public',
      body: PasswordResetRequest,
      response: PasswordResetAccepted,
      status: 202,
      errors: ['MAIL_UNAVAILABLE', 'RATE_LIMITED'],
    },
    async ({ body, request, reply }) => {
      if (!mailer.enabled) throw new ApiError('MAIL_UNAVAILABLE');
      await refuseOverLimit(store.rateLimits, `password-reset:address:${request.ip}`, RESET_LIMITS.requestsPerAddress, reply);
      // Keyed by a hash: the table does not collect the addresses people typed.
      const perEmail = await store.rateLimits.hit(
        `password-reset:email:${hashToken(body.email)}`,
        RESET_LIMITS.windowMs,
        RESET_LIMITS.requestsPerEmail,
        Date.now(),
      );
      // The same work on both paths up to the lookup; the e-mail goes out after the answer.
      const token = newSecretToken();
      const tokenHash = hashToken(token);
      const found = await store.accounts.findCredentials(body.email);
      if (found && perEmail.allowed) {
        await store.passwordResets.create({ tokenHash, userId: found.user.id, expiresAt: new Date(Date.now() + RESET_TOKEN_TTL_MS) });
        sendSoon(resetMail(found.user.email, `${publicUrl}/reset-password/${token}`), 'password reset');
      }
      return { ok: true as const };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/auth/password-reset/:token',
      tag: 'auth',
      summary: 'Set a new password with an e-mailed reset link (once); every session of the person ends',
      auth: 'public',
      params: PasswordResetParams,
      body: CompletePasswordResetRequest,
      status: 204,
      errors: ['RESET_TOKEN_INVALID', 'RATE_LIMITED'],
    },
    async ({ params, body, request, reply }) => {
      await refuseOverLimit(store.rateLimits, `password-reset:redeem:${request.ip}`, RESET_LIMITS.redeemsPerAddress, reply);
      const tokenHash = hashToken(params.token);
      // A cheap look first, so that a spent link does not cost a password hash; `redeem` decides.
      if (!(await store.passwordResets.findUsable(tokenHash, new Date()))) throw new ApiError('RESET_TOKEN_INVALID');
      const redeemed = await store.passwordResets.redeem(tokenHash, await passwords.hash(body.newPassword), new Date());
      if (!redeemed) throw new ApiError('RESET_TOKEN_INVALID');
      collaboration.endSessions(redeemed.endedSessions);
      live.endSessions(redeemed.endedSessions);
      if (request.sessionHash && redeemed.endedSessions.includes(request.sessionHash)) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      // Wrong guesses before the reset must not hold the owner back from logging in with the new password.
      const owner = await store.accounts.getUser(redeemed.userId);
      if (owner) await throttle.recordSuccess(owner.email, request.ip);
      return undefined;
    },
  );
}

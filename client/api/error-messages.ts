import type { ErrorCode } from '../../shared/errors.ts';

/**
 * Codes the client adds for failures that never produced an API error body:
 * NETWORK — the request did not reach the server (offline, server down);
 * BAD_RESPONSE — the server answered something that is not the agreed shape.
 */
export type ClientOnlyCode = 'NETWORK' | 'BAD_RESPONSE';
export type ClientErrorCode = ErrorCode | ClientOnlyCode;

/**
 * The one place where every error code (shared/errors.ts plus the client's own) becomes a
 * sentence for coalition staff: what happened, and what to do next. Typed as a complete
 * Record, so a code added to shared/errors.ts does not compile until it has a message here.
 * A server message that is more specific than the shared default (which field is wrong,
 * which role is needed) is shown instead; see `messageFor` in ./http.ts.
 */
export const ERROR_MESSAGES: Record<ClientErrorCode, string> = {
  VALIDATION_FAILED: 'Something in the form is not right. Check the fields and try again.',
  UNAUTHENTICATED: 'Your session has ended. Please log in again.',
  INVALID_CREDENTIALS: 'The e-mail address or password is not correct.',
  FORBIDDEN: 'Your role does not allow this. Ask an admin of your organization for a stronger role.',
  CROSS_ORIGIN: 'This request came from another website and was blocked. Open Jointly directly and try again.',
  NOT_FOUND: 'We could not find what you were looking for.',
  STATEMENT_NOT_FOUND: 'This statement does not exist, or you do not have access to it.',
  ORG_NOT_FOUND: 'This organization does not exist, or you do not have access to it.',
  MEMBER_NOT_FOUND: 'This person is no longer a member of the organization.',
  INVITE_INVALID: 'This invitation link is not valid. Check that you copied all of it, or ask for a new one.',
  INVITE_EXPIRED: 'This invitation link has expired. Ask an admin of the organization for a new one.',
  INVITE_USED: 'This invitation link has already been used. Ask an admin of the organization for a new one.',
  INVITE_REVOKED: 'This invitation link was withdrawn by the organization. Ask one of its admins for a new one.',
  INVITE_NOT_FOUND: 'That invitation is no longer open: it was used, withdrawn or has expired.',
  EMAIL_TAKEN: 'An account with this e-mail address already exists. Log in instead.',
  ORG_NAME_TAKEN:
    'An organization with this name, or one that reads the same, is already on Jointly. If it is yours, ask its admin to invite you; otherwise add what tells yours apart (a city, a country).',
  LAST_ADMIN: 'An organization needs at least one admin. Make someone else admin first.',
  LEAD_ORG_REQUIRED: 'The lead organization always takes part in its statement and cannot be removed.',
  STALE_CONTENT: 'The text changed while you were signing, so nothing was signed. Review the current text and sign again.',
  NOT_ALL_SIGNED: 'Some required organizations have not signed the current text yet.',
  STATEMENT_LOCKED: 'The statement is locked: its text cannot change until the lead organization unlocks it.',
  STATEMENT_NOT_LOCKED: 'The statement is not locked any more. Reload to see its current state.',
  STATEMENT_PUBLISHED: 'The statement is published and frozen for good; nothing about it can change.',
  EMPTY_STATEMENT: 'The statement has no text yet. Write the body before locking or publishing it.',
  LOCK_PENDING: 'A lock is already scheduled. Cancel it first if you want to change it.',
  ALREADY_A_PARTICIPANT: 'Your organization already takes part in this statement.',
  RESET_TOKEN_INVALID: 'This password reset link has been used or has expired. Ask for a new one.',
  MAIL_UNAVAILABLE: 'This server cannot send e-mail yet. Ask its administrator to set it up (SMTP_URL).',
  NOT_A_PARTICIPANT: 'This organization does not take part in the statement.',
  PAYLOAD_TOO_LARGE: 'This is too large to send. Try a shorter text or a smaller file.',
  RATE_LIMITED: 'Too many attempts in a short time. Wait a moment and try again.',
  INTERNAL: 'Something went wrong on our side. Try again in a moment.',
  STORAGE_UNAVAILABLE: 'Jointly cannot save right now. Try again in a moment; nothing you typed is lost.',
  NETWORK: 'Could not reach the server. Check your connection and try again.',
  BAD_RESPONSE: 'The server sent an answer this page does not understand. Reload the page.',
};

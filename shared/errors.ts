/**
 * Every error the API answers with: a stable code, its HTTP status and a default message
 * a person can read. Responses always have the shape `{ error: { code, message } }`.
 */
export const ErrorCodes = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  UNAUTHENTICATED: { status: 401, message: 'Please log in.' },
  INVALID_CREDENTIALS: { status: 401, message: 'The e-mail address or password is not correct.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  CROSS_ORIGIN: { status: 403, message: 'Requests from another site are not allowed.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  STATEMENT_NOT_FOUND: { status: 404, message: 'This statement does not exist or you cannot see it.' },
  ORG_NOT_FOUND: { status: 404, message: 'This organization does not exist or you cannot see it.' },
  MEMBER_NOT_FOUND: { status: 404, message: 'This person is not a member of the organization.' },
  INVITE_INVALID: { status: 404, message: 'This invitation link is not valid.' },
  INVITE_EXPIRED: { status: 410, message: 'This invitation link has expired. Ask for a new one.' },
  INVITE_USED: { status: 409, message: 'This invitation link has already been used. Ask for a new one.' },
  INVITE_REVOKED: { status: 410, message: 'This invitation link was withdrawn. Ask for a new one.' },
  INVITE_NOT_FOUND: { status: 404, message: 'There is no open invitation with that id in this organization.' },
  EMAIL_TAKEN: { status: 409, message: 'An account with this e-mail address already exists. Log in instead.' },
  ORG_NAME_TAKEN: {
    status: 409,
    message: 'An organization with this name, or one that reads the same, already exists. Add what tells yours apart (a city, a country).',
  },
  LAST_ADMIN: { status: 409, message: 'An organization needs at least one admin. Make someone else admin first.' },
  LEAD_ORG_REQUIRED: { status: 409, message: 'The lead organization always takes part in its statement.' },
  STALE_CONTENT: { status: 409, message: 'The text changed since you loaded it. Review the current text and sign again.' },
  NOT_ALL_SIGNED: { status: 409, message: 'Some required organizations have not signed the current text yet.' },
  STATEMENT_LOCKED: { status: 409, message: 'The statement is locked: its text cannot change until the lead unlocks it.' },
  STATEMENT_NOT_LOCKED: { status: 409, message: 'The statement is not locked.' },
  STATEMENT_PUBLISHED: { status: 409, message: 'The statement is published and frozen for good.' },
  EMPTY_STATEMENT: { status: 409, message: 'The statement has no text yet: write the body before locking or publishing it.' },
  LOCK_PENDING: { status: 409, message: 'A lock is already scheduled. Cancel it (unlock) to change it.' },
  ALREADY_A_PARTICIPANT: { status: 409, message: 'This organization already takes part in the statement.' },
  RESET_TOKEN_INVALID: { status: 410, message: 'This password reset link is not valid any more. Ask for a new one.' },
  MAIL_UNAVAILABLE: { status: 503, message: 'E-mail is not configured on this server. Ask its administrator to set SMTP_URL.' },
  NOT_A_PARTICIPANT: { status: 409, message: 'This organization does not take part in the statement.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is too large.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests. Try again in a moment.' },
  INTERNAL: { status: 500, message: 'Something went wrong on the server.' },
  STORAGE_UNAVAILABLE: { status: 503, message: 'Storage is unavailable. Try again in a moment.' },
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** Thrown anywhere on the server; the error handler turns it into an ApiErrorBody. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string = ErrorCodes[code].message, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = ErrorCodes[code].status;
    this.details = details;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ErrorCodes, value);
}

/**
 * Every error the API answers with: a stable code, its HTTP status and a default message
 * a person can read. Responses always have the shape `{ error: { code, message } }`.
 */
export const ErrorCodes = {
  VALIDATION_FAILED: { status: 400, message: 'The request is not valid.' },
  CROSS_ORIGIN: { status: 403, message: 'Requests from another site are not allowed.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  STATEMENT_NOT_FOUND: { status: 404, message: 'This statement does not exist or you cannot see it.' },
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

import type { z } from 'zod';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { ErrorCodes, isErrorCode, type ErrorCode } from '../../shared/errors.ts';

/**
 * Codes the client adds for failures that never produced an API error body:
 * NETWORK — the request did not reach the server (offline, server down);
 * BAD_RESPONSE — the server answered something that is not the agreed shape.
 */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE';

const CLIENT_MESSAGES: Record<'NETWORK' | 'BAD_RESPONSE', string> = {
  NETWORK: 'Could not reach the server. Check your connection and try again.',
  BAD_RESPONSE: 'The server sent an answer this page does not understand. Reload the page.',
};

/**
 * Every failed API call throws this. `message` is always fit to show a person:
 * the shared ErrorCodes message for the code, except for validation errors, whose
 * server message names the field that is wrong.
 */
export class ApiRequestError extends Error {
  readonly code: ClientErrorCode;
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number;
  readonly details: unknown;

  constructor(code: ClientErrorCode, status: number, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiRequestError';
    this.code = code;
    this.status = status;
    this.details = details;
  }

  /** True when trying again later may succeed (no answer, or a server-side 5xx/429). */
  get transient(): boolean {
    return this.code === 'NETWORK' || this.status >= 500 || this.status === 429;
  }
}

/** The human message for an error, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message;
  return 'Something went wrong. Try again.';
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls `${API_PREFIX}${path}` on this origin with JSON in and out, and returns the body
 * parsed by `schema`. Cookies go along (same-origin), so a session cookie works unchanged
 * once accounts exist. Throws ApiRequestError for every failure; AbortError passes through.
 */
export async function apiRequest<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  const { method = 'GET', body, signal } = options;
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiRequestError('NETWORK', 0, CLIENT_MESSAGES.NETWORK);
  }

  let payload: unknown;
  try {
    const text = await response.text();
    payload = text ? JSON.parse(text) : undefined;
  } catch (error) {
    if (isAbort(error)) throw error;
    payload = undefined;
  }

  if (!response.ok) throw errorFromResponse(response.status, payload);

  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ApiRequestError('BAD_RESPONSE', response.status, CLIENT_MESSAGES.BAD_RESPONSE, parsed.error.issues);
  return parsed.data;
}

/** Turns `{ error: { code, message } }` (or anything else) into an ApiRequestError. */
function errorFromResponse(status: number, payload: unknown): ApiRequestError {
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = error?.code;
  if (isErrorCode(code)) {
    const serverMessage = typeof error?.message === 'string' && error.message ? error.message : undefined;
    const message = code === 'VALIDATION_FAILED' && serverMessage ? serverMessage : ErrorCodes[code].message;
    return new ApiRequestError(code, status, message, error?.details);
  }
  if (status >= 500) return new ApiRequestError('INTERNAL', status, ErrorCodes.INTERNAL.message);
  return new ApiRequestError('BAD_RESPONSE', status, CLIENT_MESSAGES.BAD_RESPONSE);
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

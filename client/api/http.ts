import type { z } from 'zod';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { ErrorCodes, isErrorCode } from '../../shared/errors.ts';
import { ERROR_MESSAGES, type ClientErrorCode } from './error-messages.ts';

export type { ClientErrorCode } from './error-messages.ts';

/**
 * Every failed API call throws this. `message` is always fit to show a person: the
 * server's message when it says more than the shared ErrorCodes default for the code (a
 * field that is wrong, the role an action needs, how long to wait), else the client's
 * sentence for the code (./error-messages.ts). 5xx answers never show server internals.
 */
export class ApiRequestError extends Error {
  readonly code: ClientErrorCode;
  /** HTTP status; 0 when no answer arrived. */
  readonly status: number;
  readonly details: unknown;
  /** From a Retry-After header (RATE_LIMITED), in seconds; null when the server gave none. */
  readonly retryAfterSeconds: number | null;

  constructor(code: ClientErrorCode, status: number, message: string, details?: unknown, retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiRequestError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
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

/** True when `error` is an ApiRequestError with one of `codes`. */
export function hasErrorCode(error: unknown, ...codes: ClientErrorCode[]): error is ApiRequestError {
  return error instanceof ApiRequestError && codes.includes(error.code);
}

type UnauthenticatedListener = () => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/**
 * Calls `listener` whenever any request is answered 401 UNAUTHENTICATED (the session
 * ended: logged out elsewhere, expired). The session provider uses it to show the login
 * page instead of a page of errors. Returns the unsubscribe function.
 */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls `${API_PREFIX}${path}` on this origin with JSON in and out, and returns the body
 * parsed by `schema`. Cookies go along (same-origin): the session cookie authenticates.
 * Throws ApiRequestError for every failure; AbortError passes through.
 */
export async function apiRequest<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  const { status, payload } = await send(path, options);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ApiRequestError('BAD_RESPONSE', status, ERROR_MESSAGES.BAD_RESPONSE, parsed.error.issues);
  return parsed.data;
}

/** Like apiRequest, for endpoints that answer without a body (204). */
export async function apiCall(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

/**
 * Like apiRequest, for endpoints that answer with a document rather than JSON (exports):
 * the body as text. Failures still arrive as JSON errors and throw ApiRequestError.
 */
export async function apiText(path: string, options: RequestOptions = {}): Promise<string> {
  const { text } = await send(path, options, 'text/plain, text/markdown, text/html, */*');
  return text;
}

async function send(
  path: string,
  { method = 'GET', body, signal }: RequestOptions,
  accept = 'application/json',
): Promise<{ status: number; payload: unknown; text: string }> {
  let response: Response;
  try {
    response = await fetch(`${API_PREFIX}${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept } : { accept, 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiRequestError('NETWORK', 0, ERROR_MESSAGES.NETWORK);
  }

  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    if (isAbort(error)) throw error;
    // The connection broke while the body was arriving.
    if (response.ok) throw new ApiRequestError('NETWORK', 0, ERROR_MESSAGES.NETWORK);
    text = '';
  }
  let payload: unknown;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined; // not JSON: fine for apiText, BAD_RESPONSE for apiRequest
  }

  if (!response.ok) {
    const error = errorFromResponse(response, payload);
    if (error.code === 'UNAUTHENTICATED') for (const listener of unauthenticatedListeners) listener();
    throw error;
  }
  return { status: response.status, payload, text };
}

/** Turns `{ error: { code, message } }` (or anything else) into an ApiRequestError. */
function errorFromResponse(response: Response, payload: unknown): ApiRequestError {
  const { status } = response;
  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  const code = error?.code;
  if (isErrorCode(code)) {
    return new ApiRequestError(code, status, messageFor(code, status, error?.message), error?.details, retryAfter(response));
  }
  if (status >= 500) return new ApiRequestError('INTERNAL', status, ERROR_MESSAGES.INTERNAL);
  return new ApiRequestError('BAD_RESPONSE', status, ERROR_MESSAGES.BAD_RESPONSE);
}

/**
 * The server's message when it is more specific than the shared default for its code (it
 * names the field or the role), else the client's sentence for the code. Never for 5xx.
 */
function messageFor(code: keyof typeof ErrorCodes, status: number, serverMessage: unknown): string {
  const specific = typeof serverMessage === 'string' ? serverMessage.trim() : '';
  if (status < 500 && specific !== '' && specific !== ErrorCodes[code].message) return specific;
  return ERROR_MESSAGES[code];
}

/** An error made on this side for a known code (e.g. an invitation token that cannot be valid). */
export function clientError(code: ClientErrorCode, status = 0): ApiRequestError {
  return new ApiRequestError(code, status, ERROR_MESSAGES[code]);
}

function retryAfter(response: Response): number | null {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

import { LoginRequest, MeResponse, SessionResponse, SignupRequest, UserResponse, type User } from '../../shared/api/auth.ts';
import { apiCall, apiRequest, hasErrorCode } from './http.ts';
import { firstProblem } from './validate.ts';

/**
 * The account endpoints, typed and validated with the shared schemas.
 * Every function throws ApiRequestError (see ./http.ts) on failure.
 */

/** The signed-in user and their memberships; throws UNAUTHENTICATED (401) when signed out. */
export async function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  return apiRequest('/me', MeResponse, { signal });
}

/**
 * Who is signed in on this browser: the user and their memberships, or null when signed out.
 * Asks `GET /api/session`, which answers signed out with 200 (not 401 like `/me`), so the
 * normal signed-out visit shows no failed request in the browser's console.
 */
export async function fetchSession(signal?: AbortSignal): Promise<MeResponse | null> {
  const { user, memberships } = await apiRequest('/session', SessionResponse, { signal });
  return user ? { user, memberships } : null;
}

/** Creates an account and starts its session (the server sets the cookie). */
export async function signup(request: SignupRequest): Promise<User> {
  const { user } = await apiRequest('/auth/signup', UserResponse, { method: 'POST', body: request });
  return user;
}

export async function login(request: LoginRequest): Promise<User> {
  const { user } = await apiRequest('/auth/login', UserResponse, { method: 'POST', body: request });
  return user;
}

export async function logout(): Promise<void> {
  await apiCall('/auth/logout', { method: 'POST' });
}

/** The sign-up form's fields, each of which may carry its own problem. */
export const SIGNUP_FIELDS = ['name', 'email', 'password'] as const;
export type SignupField = (typeof SIGNUP_FIELDS)[number];
export type SignupProblems = Partial<Record<SignupField, string>>;

function asSentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}

function isSignupField(path: unknown): path is SignupField {
  return typeof path === 'string' && (SIGNUP_FIELDS as readonly string[]).includes(path);
}

/** Checks a signup form with the shared schema before it is sent: the first problem of each field (empty when valid). */
export function validateSignup(request: SignupRequest): SignupProblems {
  const result = SignupRequest.safeParse(request);
  const problems: SignupProblems = {};
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (isSignupField(field)) problems[field] ??= asSentence(issue.message);
  }
  return problems;
}

/**
 * The per-field problems a failed signup answer names: VALIDATION_FAILED's details
 * (`[{ path, message }]`, the same schema as validateSignup) and EMAIL_TAKEN (the e-mail
 * field). Empty when the failure is about no field (rate limit, network, …).
 */
export function signupProblemsOf(error: unknown): SignupProblems {
  const problems: SignupProblems = {};
  if (hasErrorCode(error, 'EMAIL_TAKEN')) problems.email = error.message;
  if (hasErrorCode(error, 'VALIDATION_FAILED') && Array.isArray(error.details)) {
    for (const detail of error.details as { path?: unknown; message?: unknown }[]) {
      if (isSignupField(detail.path) && typeof detail.message === 'string') problems[detail.path] ??= asSentence(detail.message);
    }
  }
  return problems;
}

export function validateLogin(request: LoginRequest): string | null {
  return firstProblem(LoginRequest, request);
}

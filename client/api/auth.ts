import { LoginRequest, MeResponse, SignupRequest, UserResponse, type User } from '../../shared/api/auth.ts';
import { apiCall, apiRequest } from './http.ts';
import { firstProblem } from './validate.ts';

/**
 * The account endpoints, typed and validated with the shared schemas.
 * Every function throws ApiRequestError (see ./http.ts) on failure.
 */

/** The signed-in user and their memberships; throws UNAUTHENTICATED (401) when signed out. */
export async function fetchMe(signal?: AbortSignal): Promise<MeResponse> {
  return apiRequest('/me', MeResponse, { signal });
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

/** Checks a signup form with the shared schema before it is sent; the first problem, or null. */
export function validateSignup(request: SignupRequest): string | null {
  return firstProblem(SignupRequest, request);
}

export function validateLogin(request: LoginRequest): string | null {
  return firstProblem(LoginRequest, request);
}

import { PasswordResetAccepted, type CompletePasswordResetRequest, type PasswordResetRequest, type UpdateMeRequest } from '../../shared/api/account.ts';
import { EndedSessionsResponse, UserResponse, type ChangePasswordRequest, type User } from '../../shared/api/auth.ts';
import { apiCall, apiRequest } from './http.ts';

/**
 * Account settings and password reset, typed and validated with the shared schemas.
 * Every function throws ApiRequestError (see ./http.ts) on failure.
 */

/** Changes the name and/or e-mail address (a new address needs `currentPassword`); the updated person. */
export async function updateMe(request: UpdateMeRequest): Promise<User> {
  const { user } = await apiRequest('/me', UserResponse, { method: 'PATCH', body: request });
  return user;
}

/** Changes the password; every other session of the person ends. Resolves with how many did. */
export async function changePassword(request: ChangePasswordRequest): Promise<number> {
  const { endedSessions } = await apiRequest('/me/password', EndedSessionsResponse, { method: 'POST', body: request });
  return endedSessions;
}

/** Asks for a reset link by e-mail. Resolves the same whether or not an account has the address. */
export async function requestPasswordReset(request: PasswordResetRequest): Promise<void> {
  await apiRequest('/auth/password-reset', PasswordResetAccepted, { method: 'POST', body: request });
}

/** Sets a new password with the link's token (once); every session of the person ends, this browser's too. */
export async function resetPassword(token: string, request: CompletePasswordResetRequest): Promise<void> {
  await apiCall(`/auth/password-reset/${encodeURIComponent(token)}`, { method: 'POST', body: request });
}

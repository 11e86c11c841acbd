import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { Id } from './ids.ts';

export const MIN_PASSWORD_LENGTH = 10;

const Email = z.string().trim().toLowerCase().email('not a valid e-mail address').max(254);

const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `password must have at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(200, 'password is longer than 200 characters');

export const SignupRequest = z
  .object({
    email: Email,
    password: NewPassword,
    name: z.string().trim().min(1, 'name is required').max(100, 'name is longer than 100 characters'),
  })
  .strict();
export type SignupRequest = z.infer<typeof SignupRequest>;

export const LoginRequest = z
  .object({
    email: Email,
    password: z.string().min(1, 'password is required').max(200),
  })
  .strict();
export type LoginRequest = z.infer<typeof LoginRequest>;

export const ChangePasswordRequest = z
  .object({
    currentPassword: z.string().min(1, 'current password is required').max(200),
    newPassword: NewPassword,
  })
  .strict();
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** How many other sessions a password change or "log out everywhere" ended (their websockets closed). */
export const EndedSessionsResponse = z.object({ endedSessions: z.number().int().min(0) });
export type EndedSessionsResponse = z.infer<typeof EndedSessionsResponse>;

export const User = z.object({ id: Id, email: z.string(), name: z.string() });
export type User = z.infer<typeof User>;

export const UserResponse = z.object({ user: User });
export type UserResponse = z.infer<typeof UserResponse>;

export const Membership = z.object({ orgId: Id, orgName: z.string(), role: z.enum(ROLES) });
export type Membership = z.infer<typeof Membership>;

export const MeResponse = z.object({ user: User, memberships: z.array(Membership) });
export type MeResponse = z.infer<typeof MeResponse>;

/**
 * `GET /api/session`: who is using this browser, if anyone. Signed out is a normal answer
 * here (200, `user: null`, no memberships), so the signed-out first visit logs no failed
 * request; `GET /api/me` keeps answering 401 when signed out.
 */
export const SessionResponse = z.object({ user: User.nullable(), memberships: z.array(Membership) });
export type SessionResponse = z.infer<typeof SessionResponse>;

import { z } from 'zod';
import { SignupRequest } from './auth.ts';

/**
 * Account settings and password reset. E-mail addresses, names and new passwords obey the
 * very rules of sign-up (the same schema fields), so an address is normalized (trimmed,
 * lower case) the same way wherever it is typed.
 */

const { email: Email, name: Name, password: NewPassword } = SignupRequest.shape;

/** How long a password reset link works after it was sent. */
export const RESET_TOKEN_TTL_MS = 30 * 60 * 1000;

export const UpdateMeRequest = z
  .object({
    name: Name.optional(),
    email: Email.optional(),
    currentPassword: z
      .string()
      .min(1, 'current password is required')
      .max(200)
      .optional()
      .describe('Required whenever `email` is given: a session alone (a stolen one, say) cannot move the account to another address.'),
  })
  .strict()
  .superRefine((request, context) => {
    if (request.name === undefined && request.email === undefined) {
      context.addIssue({ code: 'custom', message: 'give a new name or a new e-mail address' });
    }
    if (request.email !== undefined && request.currentPassword === undefined) {
      context.addIssue({ code: 'custom', path: ['currentPassword'], message: 'current password is required to change the e-mail address' });
    }
  })
  .describe('Change the name, the e-mail address, or both; changing the e-mail address requires `currentPassword`.');
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>;

export const PasswordResetRequest = z.object({ email: Email }).strict();
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

/** The one answer to a reset request, whether or not an account has that address. */
export const PasswordResetAccepted = z.object({ ok: z.literal(true) });
export type PasswordResetAccepted = z.infer<typeof PasswordResetAccepted>;

/**
 * The secret from the e-mailed link (`/reset-password/<token>`). Anything that cannot be a
 * token is answered like an unknown one (410 RESET_TOKEN_INVALID), so this only bounds it.
 */
export const PasswordResetParams = z.object({ token: z.string().max(200) }).strict();

export const CompletePasswordResetRequest = z.object({ newPassword: NewPassword }).strict();
export type CompletePasswordResetRequest = z.infer<typeof CompletePasswordResetRequest>;

import { PasswordInput } from '@mantine/core';
import { MIN_PASSWORD_LENGTH } from '../../shared/api/auth.ts';

interface Props {
  newPassword: string;
  repeat: string;
  onNewPassword: (value: string) => void;
  onRepeat: (value: string) => void;
  errors: { newPassword?: string | undefined; repeat?: string | undefined };
}

/** A new password, typed twice (account settings and the reset page ask it the same way). */
export function NewPasswordFields({ newPassword, repeat, onNewPassword, onRepeat, errors }: Props) {
  return (
    <>
      <PasswordInput
        label="New password"
        description={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.`}
        name="newPassword"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        value={newPassword}
        error={errors.newPassword}
        onChange={(e) => onNewPassword(e.currentTarget.value)}
      />
      <PasswordInput
        label="Repeat the new password"
        name="repeatPassword"
        autoComplete="new-password"
        required
        value={repeat}
        error={errors.repeat}
        onChange={(e) => onRepeat(e.currentTarget.value)}
      />
    </>
  );
}

import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { CompletePasswordResetRequest, RESET_TOKEN_TTL_MS } from '../../shared/api/account.ts';
import { resetPassword } from '../api/account.ts';
import { hasErrorCode } from '../api/http.ts';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { useSession } from '../auth/session.tsx';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { NewPasswordFields } from './new-password-fields.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { checkForm, type FormProblems, NO_PROBLEMS, problemsOf, READABLE_ERRORS, useFocusFirstProblem } from './field-errors.ts';

type Field = 'newPassword' | 'repeat';
const FIELDS = ['newPassword', 'repeat'] as const;

/**
 * `/reset-password/:token`, opened from the e-mailed link: the new password twice. Once set,
 * every session of the account has ended (this browser's too, if it was signed in as that
 * person), and the page sends the person to log in with the new password.
 */
export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const { token = '' } = useParams();
  const session = useSession();
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<FormProblems<Field>>(NO_PROBLEMS);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, problems);
  const reset = useMutation({
    mutationFn: (request: CompletePasswordResetRequest) => resetPassword(token, request),
    // The session this browser had may have been one of those that ended: ask again.
    onSuccess: () => void session.refresh(),
    onError: (error) => setProblems(problemsOf(error, FIELDS)),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (reset.isPending) return;
    const request = { newPassword };
    const found = checkForm(CompletePasswordResetRequest, request, FIELDS);
    if (!found.fields.newPassword && repeat !== newPassword) found.fields.repeat = 'The two passwords are not the same.';
    setProblems(found);
    if (!found.form && Object.keys(found.fields).length === 0) reset.mutate(request);
  }

  if (reset.isSuccess) {
    return (
      <AuthLayout title="Your password is changed">
        <Stack gap="sm">
          <Alert color="teal" variant="light" role="status">
            Your new password is set. For your safety, every session of your account has ended: log in again on each device.
          </Alert>
          <Button component={Link} to="/login" fullWidth>
            Log in
          </Button>
        </Stack>
      </AuthLayout>
    );
  }

  const spent = hasErrorCode(reset.error, 'RESET_TOKEN_INVALID');
  return (
    <AuthLayout title="Choose a new password">
      {spent ? (
        <Stack gap="sm">
          <Alert color="red" role="alert">
            This link has been used or has expired: each link works once, for {RESET_TOKEN_TTL_MS / 60_000} minutes.
          </Alert>
          <Button component={Link} to="/forgot-password" variant="default" fullWidth>
            Ask for a new link
          </Button>
        </Stack>
      ) : (
        <form ref={formRef} onSubmit={onSubmit} noValidate style={READABLE_ERRORS}>
          <Stack gap="sm">
            <NewPasswordFields newPassword={newPassword} repeat={repeat} onNewPassword={setNewPassword} onRepeat={setRepeat} errors={problems.fields} />
            <ErrorAlert>{problems.form}</ErrorAlert>
            <Button type="submit" fullWidth loading={reset.isPending} mt="xs">
              Set new password
            </Button>
          </Stack>
        </form>
      )}
      <Text size="sm" mt="md">
        <Anchor component={Link} to="/login">
          Back to log in
        </Anchor>
      </Text>
    </AuthLayout>
  );
}

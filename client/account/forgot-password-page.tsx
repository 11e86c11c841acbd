import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { PasswordResetRequest, RESET_TOKEN_TTL_MS } from '../../shared/api/account.ts';
import { requestPasswordReset } from '../api/account.ts';
import { AuthLayout } from '../auth/auth-layout.tsx';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { checkForm, type FormProblems, NO_PROBLEMS, problemsOf, READABLE_ERRORS, useFocusFirstProblem } from './field-errors.ts';

const FIELDS = ['email'] as const;
const MINUTES = RESET_TOKEN_TTL_MS / 60_000;

/**
 * `/forgot-password`: asks for a reset link by e-mail. The answer is the same whether or not
 * an account has the address (the server promises it), so the page never says which.
 */
export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const [email, setEmail] = useState('');
  const [problems, setProblems] = useState<FormProblems<'email'>>(NO_PROBLEMS);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, problems);
  const send = useMutation({ mutationFn: requestPasswordReset, onError: (error) => setProblems(problemsOf(error, FIELDS)) });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (send.isPending) return;
    const request = { email: email.trim() };
    const found = checkForm(PasswordResetRequest, request, FIELDS);
    setProblems(found);
    if (!found.fields.email && !found.form) send.mutate(request);
  }

  return (
    <AuthLayout title="Forgot your password?">
      {send.isSuccess ? (
        <Stack gap="sm">
          <Alert color="teal" variant="light" role="status">
            If an account exists for that address, we sent a link. It works once, for {MINUTES} minutes.
          </Alert>
          <Text size="sm">Nothing arrived? Check your spam folder, or ask again in a few minutes.</Text>
          <Anchor component={Link} to="/login" size="sm">
            Back to log in
          </Anchor>
        </Stack>
      ) : (
        <>
          <Text size="sm" mb="md">
            Enter the e-mail address of your account, and we will send you a link to choose a new password.
          </Text>
          <form ref={formRef} onSubmit={onSubmit} noValidate style={READABLE_ERRORS}>
            <Stack gap="sm">
              <TextInput
                label="E-mail address"
                name="email"
                type="email"
                autoComplete="email"
                required
                value={email}
                error={problems.fields.email}
                onChange={(e) => setEmail(e.currentTarget.value)}
              />
              <ErrorAlert>{problems.form}</ErrorAlert>
              <Button type="submit" fullWidth loading={send.isPending} mt="xs">
                Send reset link
              </Button>
            </Stack>
          </form>
          <Text size="sm" mt="md">
            Remembered it?{' '}
            <Anchor component={Link} to="/login">
              Log in
            </Anchor>
          </Text>
        </>
      )}
    </AuthLayout>
  );
}

import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { login, validateLogin } from '../api/auth.ts';
import { ApiRequestError, errorMessage } from '../api/http.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { AuthLayout, InviteContext } from './auth-layout.tsx';
import { safeNext, withNext } from './next-path.ts';
import { useSession } from './session.tsx';
import { ErrorAlert } from '../lib/error-alert.tsx';

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** The message for a failed login; a rate limit also says from when trying again can work. */
function loginErrorMessage(error: unknown): string {
  if (error instanceof ApiRequestError && error.code === 'RATE_LIMITED' && error.retryAfterSeconds) {
    return `Too many login attempts. You can try again from ${clock.format(Date.now() + error.retryAfterSeconds * 1000)}.`;
  }
  return errorMessage(error);
}

/** `/login?next=…`: e-mail and password; once signed in, goes to `next` (or the statement list). */
export function LoginPage() {
  useDocumentTitle('Log in');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = useMutation({
    mutationFn: login,
    // Signed in: the session now reports it, and this page redirects to `next`.
    onSuccess: async () => {
      if (!(await session.refresh())) setProblem('You are logged in, but your account could not be loaded. Reload the page.');
    },
  });

  if (session.status === 'signed-in' && !session.offline) return <Navigate to={next} replace />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submit.isPending) return;
    const request = { email: email.trim(), password };
    const invalid = validateLogin(request);
    setProblem(invalid);
    if (!invalid) submit.mutate(request);
  }

  const error = problem ?? (submit.isError ? loginErrorMessage(submit.error) : null);
  return (
    <AuthLayout title="Log in to Jointly" intro={<InviteContext next={next} />}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="E-mail address"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Anchor component={Link} to="/forgot-password" size="sm" style={{ alignSelf: 'flex-start' }}>
            Forgot password?
          </Anchor>
          <ErrorAlert>{error}</ErrorAlert>
          <Button type="submit" fullWidth loading={submit.isPending} mt="xs">
            Log in
          </Button>
        </Stack>
      </form>
      <Text size="sm" mt="md">
        New to Jointly?{' '}
        <Anchor component={Link} to={withNext('/signup', next)}>
          Create an account
        </Anchor>
      </Text>
    </AuthLayout>
  );
}

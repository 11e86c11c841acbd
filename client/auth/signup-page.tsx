import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { MIN_PASSWORD_LENGTH } from '../../shared/api/auth.ts';
import { signup, validateSignup } from '../api/auth.ts';
import { errorMessage, hasErrorCode } from '../api/http.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { AuthLayout, InviteContext } from './auth-layout.tsx';
import { safeNext, withNext } from './next-path.ts';
import { useSession } from './session.tsx';

/**
 * `/signup?next=…`: name, e-mail and password. The server starts the session on signup
 * (201), so the person lands on `next` (an invitation, usually) or the statement list.
 */
export function SignupPage() {
  useDocumentTitle('Create an account');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = useMutation({
    mutationFn: signup,
    onSuccess: async () => {
      if (!(await session.refresh())) setProblem('Your account was created, but it could not be loaded. Reload the page.');
    },
  });

  if (session.status === 'signed-in' && !session.offline) return <Navigate to={next} replace />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submit.isPending) return;
    const request = { name: name.trim(), email: email.trim(), password };
    const invalid = validateSignup(request);
    setProblem(invalid);
    if (!invalid) submit.mutate(request);
  }

  const error = problem
    ? { message: problem, emailTaken: false }
    : submit.isError
      ? { message: errorMessage(submit.error), emailTaken: hasErrorCode(submit.error, 'EMAIL_TAKEN') }
      : null;
  return (
    <AuthLayout title="Create your Jointly account" intro={<InviteContext next={next} />}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Your name"
            description="Shown to the people you write with."
            name="name"
            autoComplete="name"
            required
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
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
            description={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.`}
            name="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" role="alert" p="xs">
              {error.message}
              {error.emailTaken && (
                <>
                  {' '}
                  <Anchor component={Link} to={withNext('/login', next)}>
                    Log in
                  </Anchor>
                </>
              )}
            </Alert>
          )}
          <Button type="submit" fullWidth loading={submit.isPending} mt="xs">
            Create account
          </Button>
        </Stack>
      </form>
      <Text size="sm" mt="md">
        Already have an account?{' '}
        <Anchor component={Link} to={withNext('/login', next)}>
          Log in
        </Anchor>
      </Text>
    </AuthLayout>
  );
}

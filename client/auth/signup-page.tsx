import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { MIN_PASSWORD_LENGTH } from '../../shared/api/auth.ts';
import { SIGNUP_FIELDS, signup, signupProblemsOf, validateSignup, type SignupField, type SignupProblems } from '../api/auth.ts';
import { errorMessage, hasErrorCode } from '../api/http.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { AuthLayout, InviteContext } from './auth-layout.tsx';
import { safeNext, withNext } from './next-path.ts';
import { useSession } from './session.tsx';

/**
 * `/signup?next=…`: name, e-mail and password. The server starts the session on signup
 * (201), so the person lands on `next` (an invitation, usually) or the statement list.
 * Problems are shown under their field: the shared schema's, checked here before sending,
 * and the server's (VALIDATION_FAILED details, EMAIL_TAKEN under the e-mail); the first
 * field with a problem takes the focus. Editing a field clears its problem.
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
  const [fieldProblems, setFieldProblems] = useState<SignupProblems>({});
  const inputs = useRef<Partial<Record<SignupField, HTMLInputElement | null>>>({});
  const focusFirst = (problems: SignupProblems) => {
    const first = SIGNUP_FIELDS.find((field) => problems[field]);
    if (first) inputs.current[first]?.focus();
  };
  const submit = useMutation({
    mutationFn: signup,
    onSuccess: async () => {
      if (!(await session.refresh())) setProblem('Your account was created, but it could not be loaded. Reload the page.');
    },
    onError: (failure) => {
      const problems = signupProblemsOf(failure);
      setFieldProblems(problems);
      focusFirst(problems);
    },
  });
  const edit = (field: SignupField, set: (value: string) => void) => (value: string) => {
    set(value);
    if (fieldProblems[field]) setFieldProblems(({ [field]: _fixed, ...rest }) => rest);
  };

  if (session.status === 'signed-in' && !session.offline) return <Navigate to={next} replace />;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submit.isPending) return;
    const request = { name: name.trim(), email: email.trim(), password };
    const problems = validateSignup(request);
    setProblem(null);
    setFieldProblems(problems);
    submit.reset();
    if (Object.keys(problems).length > 0) focusFirst(problems);
    else submit.mutate(request);
  }

  const emailTaken = hasErrorCode(submit.error, 'EMAIL_TAKEN');
  // A failure that no field explains (rate limit, network, server) is said above the button.
  const unexplained = submit.isError && Object.keys(signupProblemsOf(submit.error)).length === 0;
  const error = problem ?? (unexplained ? errorMessage(submit.error) : null);
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
            ref={(input) => {
              inputs.current.name = input;
            }}
            error={fieldProblems.name}
            onChange={(e) => edit('name', setName)(e.currentTarget.value)}
          />
          <TextInput
            label="E-mail address"
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            ref={(input) => {
              inputs.current.email = input;
            }}
            error={
              fieldProblems.email && (
                <>
                  {fieldProblems.email}
                  {emailTaken && (
                    <>
                      {' '}
                      <Anchor component={Link} to={withNext('/login', next)} size="xs">
                        Log in
                      </Anchor>
                    </>
                  )}
                </>
              )
            }
            onChange={(e) => edit('email', setEmail)(e.currentTarget.value)}
          />
          <PasswordInput
            label="Password"
            description={`At least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a good one.`}
            name="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD_LENGTH}
            value={password}
            ref={(input) => {
              inputs.current.password = input;
            }}
            error={fieldProblems.password}
            // Mantine marks TextInput invalid for assistive technology, but not PasswordInput's inner input.
            aria-invalid={fieldProblems.password ? true : undefined}
            onChange={(e) => edit('password', setPassword)(e.currentTarget.value)}
          />
          {error && (
            <Alert color="red" role="alert" p="xs">
              {error}
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

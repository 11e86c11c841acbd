import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { UpdateMeRequest } from '../../shared/api/account.ts';
import { updateMe } from '../api/account.ts';
import { useSignedIn } from '../auth/session.tsx';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { checkForm, type FormProblems, hasProblems, NO_PROBLEMS, problemsOf, READABLE_ERRORS, useFocusFirstProblem } from './field-errors.ts';

type Field = 'email' | 'currentPassword';
const FIELDS = ['email', 'currentPassword'] as const;

/** A new e-mail address, confirmed with the current password (a session alone cannot move the account). */
export function EmailForm() {
  const { user, refresh } = useSignedIn();
  const [email, setEmail] = useState('');
  const [currentPassword, setCurrentPassword] = useState('');
  const [problems, setProblems] = useState<FormProblems<Field>>(NO_PROBLEMS);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, problems);
  const save = useMutation({
    mutationFn: updateMe,
    onSuccess: async () => {
      setEmail('');
      setCurrentPassword('');
      await refresh();
    },
    onError: (error) => setProblems(problemsOf(error, FIELDS, { INVALID_CREDENTIALS: 'currentPassword', EMAIL_TAKEN: 'email' })),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    save.reset();
    const request = { email: email.trim(), currentPassword };
    const found = checkForm(UpdateMeRequest, request, FIELDS);
    if (!found.fields.email && request.email.toLowerCase() === user.email) found.fields.email = 'This is already your e-mail address.';
    setProblems(found);
    if (!hasProblems(found)) save.mutate(request);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate style={READABLE_ERRORS}>
      <Stack gap="sm">
        <Text size="sm">
          You log in with <strong>{user.email}</strong>.
        </Text>
        <TextInput
          label="New e-mail address"
          name="email"
          type="email"
          autoComplete="email"
          required
          value={email}
          error={problems.fields.email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <PasswordInput
          label="Current password"
          description="Needed to change the address you log in with."
          name="currentPassword"
          autoComplete="current-password"
          required
          value={currentPassword}
          error={problems.fields.currentPassword}
          onChange={(e) => setCurrentPassword(e.currentTarget.value)}
        />
        <ErrorAlert>{problems.form}</ErrorAlert>
        {save.isSuccess && (
          <Alert color="teal" variant="light" role="status" p="xs">
            Your e-mail address is now {save.data.email}. Log in with it from now on.
          </Alert>
        )}
        <div>
          <Button type="submit" loading={save.isPending}>
            Change e-mail address
          </Button>
        </div>
      </Stack>
    </form>
  );
}

import { Alert, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { ChangePasswordRequest } from '../../shared/api/auth.ts';
import { changePassword } from '../api/account.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { NewPasswordFields } from './new-password-fields.tsx';
import { checkForm, type FormProblems, hasProblems, NO_PROBLEMS, problemsOf, READABLE_ERRORS, useFocusFirstProblem } from './field-errors.ts';

type Field = 'currentPassword' | 'newPassword' | 'repeat';
const FIELDS = ['currentPassword', 'newPassword', 'repeat'] as const;

function endedSentence(ended: number): string {
  if (ended === 0) return 'You had no other sessions.';
  return ended === 1 ? 'Your other session was logged out.' : `Your ${ended} other sessions were logged out.`;
}

/** Current password, new password twice (POST /api/me/password). This session stays; every other one ends. */
export function PasswordForm() {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problems, setProblems] = useState<FormProblems<Field>>(NO_PROBLEMS);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, problems);
  const save = useMutation({
    mutationFn: changePassword,
    onSuccess: () => {
      setCurrentPassword('');
      setNewPassword('');
      setRepeat('');
    },
    onError: (error) => setProblems(problemsOf(error, FIELDS, { INVALID_CREDENTIALS: 'currentPassword' })),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    save.reset();
    const request = { currentPassword, newPassword };
    const found = checkForm(ChangePasswordRequest, request, FIELDS);
    if (!found.fields.newPassword && repeat !== newPassword) found.fields.repeat = 'The two new passwords are not the same.';
    setProblems(found);
    if (!hasProblems(found)) save.mutate(request);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate style={READABLE_ERRORS}>
      <Stack gap="sm">
        <Text size="sm">Changing your password logs you out everywhere else: other browsers and devices will ask you to log in again.</Text>
        <PasswordInput
          label="Current password"
          name="currentPassword"
          autoComplete="current-password"
          required
          value={currentPassword}
          error={problems.fields.currentPassword}
          onChange={(e) => setCurrentPassword(e.currentTarget.value)}
        />
        <NewPasswordFields newPassword={newPassword} repeat={repeat} onNewPassword={setNewPassword} onRepeat={setRepeat} errors={problems.fields} />
        <ErrorAlert>{problems.form}</ErrorAlert>
        {save.isSuccess && (
          <Alert color="teal" variant="light" role="status" p="xs">
            Password changed. {endedSentence(save.data)}
          </Alert>
        )}
        <div>
          <Button type="submit" loading={save.isPending}>
            Change password
          </Button>
        </div>
      </Stack>
    </form>
  );
}

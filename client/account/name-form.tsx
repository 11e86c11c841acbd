import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { UpdateMeRequest } from '../../shared/api/account.ts';
import { updateMe } from '../api/account.ts';
import { useSignedIn } from '../auth/session.tsx';
import { keys } from '../queries/keys.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { checkForm, type FormProblems, hasProblems, NO_PROBLEMS, problemsOf, READABLE_ERRORS, useFocusFirstProblem } from './field-errors.ts';

const FIELDS = ['name'] as const;

/** "Your name": shown to the people one writes with, in the header, the history and the audit trail. */
export function NameForm() {
  const { user, refresh } = useSignedIn();
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name);
  const [problems, setProblems] = useState<FormProblems<'name'>>(NO_PROBLEMS);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstProblem(formRef, problems);
  const save = useMutation({
    mutationFn: updateMe,
    // The session (header, this browser's copy of /me) learns the new name from the server.
    onSuccess: async (updated) => {
      setName(updated.name);
      await refresh();
      // Names shown elsewhere (history, audit, sign-offs) are read fresh too.
      void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[0] !== keys.me[0] });
    },
    onError: (error) => setProblems(problemsOf(error, FIELDS)),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    save.reset();
    const request = { name: name.trim() };
    const found = checkForm(UpdateMeRequest, request, FIELDS);
    setProblems(found);
    if (!hasProblems(found)) save.mutate(request);
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate style={READABLE_ERRORS}>
      <Stack gap="sm">
        <TextInput
          label="Your name"
          description="Shown to the people you write with."
          name="name"
          autoComplete="name"
          required
          maxLength={100}
          value={name}
          error={problems.fields.name}
          onChange={(e) => setName(e.currentTarget.value)}
        />
        <ErrorAlert>{problems.form}</ErrorAlert>
        {save.isSuccess && (
          <Alert color="teal" variant="light" role="status" p="xs">
            Saved. You appear as {save.data.name}.
          </Alert>
        )}
        <div>
          <Button type="submit" loading={save.isPending}>
            Save name
          </Button>
        </div>
      </Stack>
    </form>
  );
}

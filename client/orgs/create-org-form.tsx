import { Button, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api/http.ts';
import { createOrg, validateCreateOrg } from '../api/orgs.ts';
import { useSignedIn } from '../auth/session.tsx';
import { flash } from '../layout/flash-notice.tsx';
import { ErrorAlert } from '../lib/error-alert.tsx';

/**
 * "Organization name" + "Create organization". The creator becomes the organization's
 * admin; on success the session is refreshed and the new organization's page opens.
 */
export function CreateOrgForm() {
  const { refresh } = useSignedIn();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createOrg,
    onSuccess: async (org) => {
      await refresh();
      void navigate(`/orgs/${org.id}`, { state: flash(`${org.name} is created, and you are its admin. Invite your colleagues below.`) });
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const request = { name: name.trim() };
    const invalid = validateCreateOrg(request);
    setProblem(invalid);
    if (!invalid) create.mutate(request);
  }

  const error = problem ?? (create.isError ? errorMessage(create.error) : null);
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Organization name"
          description="As it should appear in a statement’s list of signatories."
          name="orgName"
          required
          maxLength={120}
          autoComplete="organization"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
        />
        <ErrorAlert>{error}</ErrorAlert>
        <Button type="submit" loading={create.isPending}>
          Create organization
        </Button>
      </Stack>
    </form>
  );
}

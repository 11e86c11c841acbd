import { Button, Checkbox, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { DirectoryOrg } from '../../shared/api/orgs.ts';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { formatDate } from '../../shared/export/export-meta.ts';
import { errorMessage } from '../api/http.ts';
import { setParticipant } from '../api/statements.ts';
import { useOrgDirectory } from '../queries/orgs.ts';
import { ErrorAlert, LoadErrorAlert } from '../lib/error-alert.tsx';

/**
 * Adds an organization the lead already works with (the directory lists only the reader's
 * own organizations and those they share a statement with; anyone else comes in by
 * invitation, ./invite-partner.tsx): select "Organization to add", checkbox "Required to sign
 * off" (checked by default), button "Add organization". Organizations already taking part are
 * not offered; when none is left, nothing is shown (the invitation is the way in). Each is
 * shown with what tells two of similar names apart (its admins' e-mail domains, when it
 * joined), also repeated under the select for the one chosen. The directory is refetched when
 * the select gets focus and when the window comes back, so a new partner shows up.
 */
export function AddParticipantForm({ statement, onAdded }: { statement: StatementDetail; onAdded: (statement: StatementDetail) => void }) {
  const directory = useOrgDirectory();
  const [orgId, setOrgId] = useState('');
  const [required, setRequired] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (chosen: string) => setParticipant(statement.id, chosen, required),
    onSuccess: (updated) => {
      onAdded(updated);
      setOrgId('');
    },
  });

  if (directory.isPending)
    return (
      <Text size="sm" c="dimmed">
        Loading organizations…
      </Text>
    );
  if (directory.isError) {
    return <LoadErrorAlert lead="Could not load the list of organizations." error={directory.error} onRetry={() => void directory.refetch()} />;
  }

  const taking = new Set(statement.participants.map((p) => p.orgId));
  const available = directory.data.filter((org) => !taking.has(org.id)).sort((a, b) => a.name.localeCompare(b.name));
  const chosen = available.some((org) => org.id === orgId) ? orgId : '';
  if (available.length === 0) return null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (add.isPending) return;
    if (!chosen) return setProblem('Choose the organization to add.');
    setProblem(null);
    add.mutate(chosen);
  }

  const error = problem ?? (add.isError ? errorMessage(add.error) : null);
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="xs" mt="md">
        <Title order={3} size="h5">
          Or add one you already work with
        </Title>
        <NativeSelect
          label="Organization to add"
          value={chosen}
          onFocus={() => void directory.refetch()}
          onChange={(event) => setOrgId(event.currentTarget.value)}
          data={[{ value: '', label: 'Choose an organization…' }, ...available.map((org) => ({ value: org.id, label: `${org.name} — ${identifying(org)}` }))]}
        />
        {chosen && (
          <Text size="sm" c="dimmed">
            {identifying(available.find((org) => org.id === chosen)!)}. Check that this is the organization you mean before adding it.
          </Text>
        )}
        <Checkbox label="Required to sign off" checked={required} onChange={(event) => setRequired(event.currentTarget.checked)} />
        <ErrorAlert>{error}</ErrorAlert>
        <Button type="submit" variant="default" loading={add.isPending}>
          Add organization
        </Button>
      </Stack>
    </form>
  );
}

/** "admins at greenstreets.org, on Jointly since 3 March 2026". */
function identifying(org: DirectoryOrg): string {
  const admins = org.adminDomains.length ? `admins at ${org.adminDomains.join(', ')}` : 'no admin';
  return `${admins}, on Jointly since ${formatDate(org.createdAt)}`;
}

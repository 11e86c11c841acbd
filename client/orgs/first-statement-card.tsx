import { Button, Card, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Org } from '../../shared/api/orgs.ts';
import { MAX_TITLE_LENGTH } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { createStatement, validateCreateStatement } from '../api/statements.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { storeStatement } from '../queries/statements.ts';

/**
 * "Start your first statement", on the page of an organization that leads none yet, for its
 * editors and above: a title is enough (the organization leads it; the text is written in the
 * editor, or imported from the dashboard's "New statement" form). Opens the new statement.
 */
export function FirstStatementCard({ org }: { org: Org }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: createStatement,
    onSuccess: (statement) => {
      storeStatement(queryClient, statement);
      void navigate(`/statements/${statement.id}`);
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (create.isPending) return;
    const request = { title: title.trim(), leadOrgId: org.id };
    const invalid = validateCreateStatement(request);
    setProblem(invalid);
    if (!invalid) create.mutate(request);
  }

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="first-statement-heading" data-testid="first-statement">
      <Title order={2} size="h4" id="first-statement-heading" mb={4}>
        Start your first statement
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {org.name} does not lead a statement yet. Give it a working title: you can write the text with your colleagues and invite partner organizations next.
      </Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Title"
            name="title"
            required
            maxLength={MAX_TITLE_LENGTH}
            autoComplete="off"
            value={title}
            description={<TitleCounter length={title.length} />}
            error={problem ?? undefined}
            onChange={(event) => setTitle(event.currentTarget.value)}
          />
          <ErrorAlert>{create.isError && errorMessage(create.error)}</ErrorAlert>
          <Button type="submit" w="fit-content" loading={create.isPending}>
            Start statement
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

/** "12 / 300 characters"; announced politely once the title comes near the limit. */
export function TitleCounter({ length }: { length: number }) {
  const near = length >= MAX_TITLE_LENGTH - 20;
  return (
    <span data-testid="title-counter" aria-live={near ? 'polite' : 'off'}>
      {length} / {MAX_TITLE_LENGTH} characters
    </span>
  );
}

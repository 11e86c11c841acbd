import { Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { setSignoffDeadline } from '../api/statement-settings.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';
import { recordIsBehind } from '../workflow/workflow-errors.ts';
import { formatDueIn, formatLocal, formatUtc, fromUtcInputValue, isOverdue, localIsUtc, toUtcInputValue } from './deadline-text.ts';
import { useNow } from '../lib/use-now.ts';

interface Props {
  statement: StatementDetail;
  onChanged: (statement: StatementDetail) => void;
  onStale: () => void;
}

/**
 * "Sign-off deadline": when every required organization should have signed, in UTC (the
 * same instant for every partner) with the reader's local time beside it, and how far off it
 * is. Lead editors (`canSetDeadline`) set, change or clear it until the statement is
 * published; the input takes UTC wall time and shows what that is locally as one types.
 * Nothing is shown on a published statement.
 *
 * Contract for tests: `section[data-testid="deadline-control"]`; the current deadline in
 * `data-testid="deadline-current"` (a `<time datetime>`); the input is labelled
 * "Deadline (UTC)"; buttons "Set deadline" ("Change deadline" once set) and "Clear deadline".
 */
export function DeadlineControl({ statement, onChanged, onStale }: Props) {
  const now = useNow();
  if (statement.status === 'published') return null;
  const deadline = statement.signoffDeadline;
  return (
    <section aria-labelledby="deadline-heading" data-testid="deadline-control">
      <Title order={2} size="h4" id="deadline-heading" mb="xs">
        Sign-off deadline
      </Title>
      {deadline ? (
        <Text size="sm" data-testid="deadline-current">
          <time dateTime={deadline}>{formatUtc(deadline)}</time>
          {!localIsUtc(deadline) && <> · your time {formatLocal(deadline)}</>} ·{' '}
          <Text span size="sm" fw={600} c={isOverdue(deadline, now) ? 'red.9' : undefined}>
            {formatDueIn(deadline, now)}
          </Text>
        </Text>
      ) : (
        <Text size="sm" c="dimmed" data-testid="deadline-current">
          No deadline set.
        </Text>
      )}
      {statement.canSetDeadline && <DeadlineForm key={deadline ?? 'none'} statement={statement} onChanged={onChanged} onStale={onStale} />}
    </section>
  );
}

function DeadlineForm({ statement, onChanged, onStale }: Props) {
  const [value, setValue] = useState(() => toUtcInputValue(statement.signoffDeadline));
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (deadline: string | null) => setSignoffDeadline(statement.id, deadline),
    onSuccess: (updated, deadline) => {
      onChanged(updated);
      notifications.show({ color: 'teal', message: deadline ? `Sign-off deadline set: ${formatUtc(deadline)}.` : 'Sign-off deadline cleared.' });
    },
    onError: (error) => {
      if (recordIsBehind(error)) onStale();
    },
  });

  const typed = fromUtcInputValue(value);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (save.isPending) return;
    if (!typed) return setProblem('Enter a date and a time (UTC).');
    if (Date.parse(typed) <= Date.now()) return setProblem('Choose a time in the future.');
    setProblem(null);
    save.mutate(typed);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="xs" mt="sm">
        <TextInput
          type="datetime-local"
          label="Deadline (UTC)"
          name="signoffDeadline"
          value={value}
          error={problem ?? undefined}
          description={
            typed ? (localIsUtc(typed) ? 'UTC is also your time zone.' : `Your time: ${formatLocal(typed)}`) : 'Every partner sees the same instant.'
          }
          onChange={(event) => {
            setValue(event.currentTarget.value);
            setProblem(null);
          }}
        />
        <Group gap="xs">
          <Button type="submit" size="compact-sm" loading={save.isPending && save.variables !== null}>
            {statement.signoffDeadline ? 'Change deadline' : 'Set deadline'}
          </Button>
          {statement.signoffDeadline && (
            <Button variant="default" size="compact-sm" loading={save.isPending && save.variables === null} onClick={() => save.mutate(null)}>
              Clear deadline
            </Button>
          )}
        </Group>
        <ErrorAlert>{save.isError && errorMessage(save.error)}</ErrorAlert>
      </Stack>
    </form>
  );
}

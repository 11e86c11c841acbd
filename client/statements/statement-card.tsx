import { Anchor, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { StatementListItem } from '../../shared/api/statements.ts';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';
import { progressText } from '../signoffs/progress.ts';
import { StatusBadge } from '../workflow/status-badge.tsx';

/**
 * One statement on the dashboard: title (link), status, lead organization, last update and
 * the sign-off progress ("3 of 5 signed", a bar with the same numbers as its label), all
 * from the list itself.
 * Contract for tests: `data-testid="statement-card"` with `data-statement-id`, and
 * `data-testid="signoff-progress"` holding the "N of M signed" text.
 */
export function StatementCard({ statement }: { statement: StatementListItem }) {
  const progress = statement.signoffs;
  const label = progressText(progress);
  const percent = progress.total === 0 ? 0 : (progress.signed / progress.total) * 100;
  return (
    <Card withBorder padding="md" radius="md" component="li" data-testid="statement-card" data-statement-id={statement.id}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Anchor component={Link} to={`/statements/${statement.id}`} fw={650} size="lg" className="statement-card__link">
            {statement.title.trim() || 'Untitled statement'}
          </Anchor>
          <div className="no-shrink">
            <StatusBadge status={statement.status} testId={null} />
          </div>
        </Group>
        <Text size="sm" c="dimmed">
          Led by {statement.leadOrgName} · Updated{' '}
          <time dateTime={statement.updatedAt} title={formatAbsolute(statement.updatedAt)}>
            {formatUpdated(statement.updatedAt)}
          </time>
        </Text>
        <Group gap="sm" wrap="nowrap">
          <Progress value={percent} size="md" radius="xl" color="teal.8" flex={1} aria-label={`Sign-off: ${label}`} />
          <Text size="sm" fw={600} data-testid="signoff-progress" miw="max-content">
            {label}
            {progress.stale > 0 && (
              <Text span size="sm" c="orange.9" fw={500}>
                {' '}
                · {progress.stale} outdated
              </Text>
            )}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}

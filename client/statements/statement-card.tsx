import { Anchor, Card, Group, Progress, Skeleton, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { StatementDetail, StatementSummary } from '../../shared/api/statements.ts';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';
import { progressText, signoffProgress } from '../signoffs/progress.ts';
import { StatusBadge } from '../workflow/status-badge.tsx';

interface Props {
  statement: StatementSummary;
  leadName: string | undefined;
  /** The statement's full record, for the sign-off progress (loads after the list). */
  detail: UseQueryResult<StatementDetail> | undefined;
}

/**
 * One statement on the dashboard: title (link), status, lead organization, last update and
 * the sign-off progress ("3 of 5 signed", a bar with the same numbers as its label).
 * Contract for tests: `data-testid="statement-card"` with `data-statement-id`, and
 * `data-testid="signoff-progress"` holding the "N of M signed" text.
 */
export function StatementCard({ statement, leadName, detail }: Props) {
  const lead = leadName ?? detail?.data?.participants.find((p) => p.orgId === statement.leadOrgId)?.name;
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
          {lead ? `Led by ${lead} · ` : ''}Updated{' '}
          <time dateTime={statement.updatedAt} title={formatAbsolute(statement.updatedAt)}>
            {formatUpdated(statement.updatedAt)}
          </time>
        </Text>
        <SignoffProgressLine detail={detail} />
      </Stack>
    </Card>
  );
}

function SignoffProgressLine({ detail }: { detail: UseQueryResult<StatementDetail> | undefined }) {
  if (!detail || detail.isPending) return <Skeleton height={18} width="60%" role="status" aria-label="Loading sign-off progress" />;
  if (detail.isError) {
    return (
      <Text size="sm" c="dimmed">
        Sign-off progress is unavailable right now.
      </Text>
    );
  }
  const progress = signoffProgress(detail.data);
  const label = progressText(progress);
  const percent = progress.total === 0 ? 0 : (progress.signed / progress.total) * 100;
  return (
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
  );
}

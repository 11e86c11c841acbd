import { Anchor, Card, Group, Progress, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { SignoffCounts, StatementListItem } from '../../shared/api/statements.ts';
import { formatAbsolute, formatUpdated } from '../lib/format-time.ts';
import { StatusBadge } from '../workflow/status-badge.tsx';
import { formatClock, formatDueIn, formatLocal, formatUtc, formatUtcClock, isDueSoon, isOverdue, localIsUtc } from './deadline-text.ts';

/**
 * One statement on the dashboard, all from the list itself: title (link), status, lead
 * organization, last update; whose turn it is ("Your sign-off for Tenants Union", "Waiting on
 * Tenants Union, Green Streets": required organizations only); the sign-off progress among
 * required organizations ("1 of 2 required signed", optional partners counted apart); the
 * sign-off deadline (while someone is still missing) in UTC and local time with how far off it
 * is; a scheduled lock.
 *
 * Contract for tests: `data-testid="statement-card"` with `data-statement-id`;
 * `signoff-progress` holds "N of M signed" (every participant required) or "N of M required
 * signed"; `needs-my-signoff`, `waiting-on` (with `data-waiting-on`: the organizations' ids,
 * space-separated), `signoff-deadline` (with `data-overdue`) and `pending-lock` when they apply.
 */
export function StatementCard({ statement, now }: { statement: StatementListItem; now: number }) {
  const open = statement.status !== 'published';
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
            {formatUpdated(statement.updatedAt, now)}
          </time>
          {statement.archivedAt && (
            <>
              {' '}
              · Archived <time dateTime={statement.archivedAt}>{formatUpdated(statement.archivedAt, now)}</time>
            </>
          )}
        </Text>
        {open && statement.needsMySignoff.length > 0 && (
          <Text size="sm" fw={600} c="indigo.9" data-testid="needs-my-signoff">
            Your sign-off is needed for {listNames(statement.needsMySignoff)}
          </Text>
        )}
        {open && <WaitingOn statement={statement} />}
        {open && statement.pendingLock && <PendingLockLine lockAt={statement.pendingLock.lockAt} by={statement.pendingLock.requestedBy.name} />}
        {open && statement.signoffDeadline && statement.waitingOn.length > 0 && <DeadlineLine deadline={statement.signoffDeadline} now={now} />}
        <SignoffProgressLine required={statement.requiredSignoffs} all={statement.signoffs} />
      </Stack>
    </Card>
  );
}

function WaitingOn({ statement }: { statement: StatementListItem }) {
  const ids = statement.waitingOn.map((org) => org.orgId).join(' ');
  if (statement.waitingOn.length === 0) {
    return (
      <Text size="sm" c="teal.9" data-testid="waiting-on" data-waiting-on="">
        Every required organization has signed this text.
      </Text>
    );
  }
  return (
    <Text size="sm" data-testid="waiting-on" data-waiting-on={ids}>
      <Text span size="sm" fw={600}>
        Waiting on{' '}
      </Text>
      {listNames(statement.waitingOn)}
    </Text>
  );
}

function PendingLockLine({ lockAt, by }: { lockAt: string; by: string }) {
  return (
    <Text size="sm" c="orange.9" fw={500} data-testid="pending-lock">
      Locks at{' '}
      <time dateTime={lockAt} title={`${formatUtcClock(lockAt)}, scheduled by ${by}`}>
        {formatClock(lockAt)}
      </time>
    </Text>
  );
}

function DeadlineLine({ deadline, now }: { deadline: string; now: number }) {
  const overdue = isOverdue(deadline, now);
  const soon = isDueSoon(deadline, now);
  return (
    <Text size="sm" data-testid="signoff-deadline" data-overdue={overdue ? 'true' : 'false'}>
      Sign-off deadline <time dateTime={deadline}>{formatUtc(deadline)}</time>
      {!localIsUtc(deadline) && <> ({formatLocal(deadline)})</>} ·{' '}
      <Text span size="sm" fw={600} c={overdue ? 'red.9' : soon ? 'orange.9' : undefined}>
        {formatDueIn(deadline, now)}
      </Text>
    </Text>
  );
}

/**
 * The bar and its label count required organizations (what publishing waits for); optional
 * partners' sign-offs are told apart after it.
 */
function SignoffProgressLine({ required, all }: { required: SignoffCounts; all: SignoffCounts }) {
  const optional = { signed: all.signed - required.signed, total: all.total - required.total };
  const label = optional.total > 0 ? `${required.signed} of ${required.total} required signed` : `${required.signed} of ${required.total} signed`;
  const percent = required.total === 0 ? 0 : (required.signed / required.total) * 100;
  return (
    <Group gap="sm" wrap="wrap">
      <Progress value={percent} size="md" radius="xl" color="teal.8" flex={1} miw={120} aria-label={`Sign-off: ${label}`} />
      <Text size="sm" fw={600} data-testid="signoff-progress" miw="max-content">
        {label}
        {required.stale > 0 && (
          <Text span size="sm" c="orange.9" fw={500}>
            {' '}
            · {required.stale} outdated
          </Text>
        )}
      </Text>
      {optional.total > 0 && (
        <Text size="sm" c="dimmed" data-testid="optional-progress" miw="max-content">
          Optional: {optional.signed} of {optional.total} signed
        </Text>
      )}
    </Group>
  );
}

/** "Tenants Union, Green Streets". */
function listNames(orgs: { name: string }[]): string {
  return orgs.map((org) => org.name).join(', ');
}

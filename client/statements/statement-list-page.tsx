import { Alert, Badge, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { Membership } from '../../shared/api/auth.ts';
import type { StatementListItem } from '../../shared/api/statements.ts';
import { STATEMENT_STATUSES, type StatementStatus } from '../../shared/api/workflow.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FlashNotice } from '../layout/flash-notice.tsx';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useStatementList } from '../queries/statements.ts';
import { FirstRun } from './first-run.tsx';
import { NewStatementForm } from './new-statement-form.tsx';
import { StatementCard } from './statement-card.tsx';
import { YourOrgsCard } from './your-orgs-card.tsx';
import { LoadErrorAlert } from '../lib/error-alert.tsx';

const GROUP_TITLES: Record<StatementStatus, string> = {
  drafting: 'Drafting',
  locked: 'Locked for sign-off',
  published: 'Published',
};

const GROUP_EMPTY: Record<StatementStatus, string> = {
  drafting: 'Nothing in drafting.',
  locked: 'Nothing waiting for final sign-off.',
  published: 'Nothing published yet.',
};

/**
 * `/`: the dashboard. The statements the person may see (the server filters), grouped by
 * status (drafting, locked, published), most recently updated first, each with its sign-off
 * progress; beside them the new-statement form and their organizations. Without any
 * organization it shows the first-run prompt instead.
 * Contract for tests: each group is `section[data-status-group="<status>"]`.
 */
export function StatementListPage() {
  useDocumentTitle('Statements');
  const { user, memberships } = useSignedIn();
  if (memberships.length === 0) return <FirstRun name={user.name} />;
  return <Dashboard memberships={memberships} />;
}

function Dashboard({ memberships }: { memberships: Membership[] }) {
  const list = useStatementList();
  return (
    <div className="page page--wide">
      <FlashNotice />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Title order={1} mb="md">
            Your statements
          </Title>
          {list.isPending && <ListSkeleton />}
          {list.isError && <LoadErrorAlert lead="Could not load your statements." error={list.error} onRetry={() => void list.refetch()} />}
          {list.isSuccess && <StatementGroups statements={list.data} />}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <NewStatementForm memberships={memberships} />
            <YourOrgsCard memberships={memberships} />
          </Stack>
        </Grid.Col>
      </Grid>
    </div>
  );
}

function ListSkeleton() {
  return (
    <Stack gap="sm" role="status" aria-label="Loading statements">
      <Skeleton height={96} radius="md" />
      <Skeleton height={96} radius="md" />
    </Stack>
  );
}

function StatementGroups({ statements }: { statements: StatementListItem[] }) {
  const sorted = [...statements].sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt));

  if (statements.length === 0) {
    return (
      <Alert color="gray" variant="light" title="No statements yet" role="note">
        Start one with “New statement”, or wait for a partner organization to add yours to theirs.
      </Alert>
    );
  }
  return (
    <Stack gap="xl">
      {STATEMENT_STATUSES.map((status) => {
        const group = sorted.filter((s) => s.status === status);
        const headingId = `group-${status}`;
        return (
          <section key={status} aria-labelledby={headingId} data-status-group={status}>
            <Group gap="xs" mb="xs">
              <Title order={2} size="h4" id={headingId}>
                {GROUP_TITLES[status]}
              </Title>
              <Badge variant="light" color="gray" aria-label={`${group.length} statements`}>
                {group.length}
              </Badge>
            </Group>
            {group.length === 0 ? (
              <Text size="sm" c="dimmed">
                {GROUP_EMPTY[status]}
              </Text>
            ) : (
              <Stack gap="sm" component="ul" className="plain-list">
                {group.map((statement) => (
                  <StatementCard key={statement.id} statement={statement} />
                ))}
              </Stack>
            )}
          </section>
        );
      })}
    </Stack>
  );
}

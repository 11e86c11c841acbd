import { Alert, Badge, Button, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
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
import { TONE_TEXT } from '../lib/tones.ts';
import { useStatementListLive } from '../live/statement-list-live.ts';
import { dashboardSections } from './dashboard-sections.ts';
import { useNow } from '../lib/use-now.ts';

const GROUP_TITLES: Record<StatementStatus, string> = {
  drafting: 'Drafting',
  locked: 'Locked for sign-off',
  published: 'Published',
};

/**
 * `/`: the dashboard, in the order of work: "Needs your sign-off" (statements a required
 * organization the person signs for has not signed yet, naming it), "Waiting on others"
 * (statements led by one of their organizations, waiting on partners), then the rest by status
 * (drafting, locked, published), and "Archived", collapsed. Each card says whose turn it is
 * (see StatementCard). The list refetches within a second of a live `statements` signal, and
 * when the tab regains focus or the connection comes back. Beside it: the new-statement form
 * and their organizations. Without any organization it shows the first-run prompt instead.
 *
 * Contract for tests: the first two are `section[data-dashboard-section="needs-my-signoff"]`
 * and `section[data-dashboard-section="waiting-on-others"]`; each status group is
 * `section[data-status-group="<status>"]` (shown when it holds a statement); archived ones are
 * behind the button "Archived (n)" (`aria-expanded`), in `section[data-dashboard-section="archived"]`.
 */
export function StatementListPage() {
  useDocumentTitle('Statements');
  const { user, memberships } = useSignedIn();
  if (memberships.length === 0) return <FirstRun name={user.name} />;
  return <Dashboard memberships={memberships} />;
}

function Dashboard({ memberships }: { memberships: Membership[] }) {
  const list = useStatementList();
  useStatementListLive();
  const myOrgIds = useMemo(() => new Set(memberships.map((m) => m.orgId)), [memberships]);
  return (
    <div className="page page--wide">
      <FlashNotice />
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Title order={1} mb="md">
            Your statements
          </Title>
          {list.isPending && <ListSkeleton />}
          {list.isError && list.data === undefined && (
            <LoadErrorAlert lead="Could not load your statements." error={list.error} onRetry={() => void list.refetch()} />
          )}
          {list.data !== undefined && <StatementSections statements={list.data} myOrgIds={myOrgIds} />}
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

function StatementSections({ statements, myOrgIds }: { statements: StatementListItem[]; myOrgIds: ReadonlySet<string> }) {
  const now = useNow();
  const sections = dashboardSections(statements, myOrgIds);
  const active = statements.length - sections.archived.length;
  return (
    <Stack gap="xl">
      {active === 0 && (
        <Alert color="gray" variant="light" title="No statements yet" role="note">
          Start one with “New statement”, or wait for a partner organization to add yours to theirs.
        </Alert>
      )}
      <CardSection
        id="needs-my-signoff"
        title="Needs your sign-off"
        description="A required organization you sign for has not signed the current text."
        statements={sections.needsMySignoff}
        now={now}
      />
      <CardSection
        id="waiting-on-others"
        title="Waiting on others"
        description="Led by your organization; partners still have to sign."
        statements={sections.waitingOnOthers}
        now={now}
      />
      {STATEMENT_STATUSES.map((status) => (
        <CardSection key={status} status={status} id={`group-${status}`} title={GROUP_TITLES[status]} statements={sections.byStatus[status]} now={now} />
      ))}
      <ArchivedSection statements={sections.archived} now={now} />
    </Stack>
  );
}

interface CardSectionProps {
  id: string;
  title: string;
  description?: string;
  statements: StatementListItem[];
  now: number;
  status?: StatementStatus;
}

/** A heading with its count and the cards under it; nothing when it holds no statement. */
function CardSection({ id, title, description, statements, now, status }: CardSectionProps) {
  if (statements.length === 0) return null;
  const headingId = `${id}-heading`;
  return (
    <section aria-labelledby={headingId} data-status-group={status} data-dashboard-section={status ? undefined : id}>
      <Group gap="xs" mb={description ? 2 : 'xs'}>
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        <Badge variant="light" color="gray" c={TONE_TEXT.gray} aria-label={`${statements.length} statements`}>
          {statements.length}
        </Badge>
      </Group>
      {description && (
        <Text size="sm" c="dimmed" mb="xs">
          {description}
        </Text>
      )}
      <CardList statements={statements} now={now} />
    </section>
  );
}

function CardList({ statements, now }: { statements: StatementListItem[]; now: number }) {
  return (
    <Stack gap="sm" component="ul" className="plain-list">
      {statements.map((statement) => (
        <StatementCard key={statement.id} statement={statement} now={now} />
      ))}
    </Stack>
  );
}

/** Archived statements, behind a disclosure button, collapsed until asked for. */
function ArchivedSection({ statements, now }: { statements: StatementListItem[]; now: number }) {
  const [open, setOpen] = useState(false);
  if (statements.length === 0) return null;
  return (
    <section aria-labelledby="archived-heading" data-dashboard-section="archived">
      <Title order={2} size="h4" id="archived-heading" mb="xs">
        <Button
          variant="subtle"
          color="gray"
          c={TONE_TEXT.gray}
          px={4}
          aria-expanded={open}
          aria-controls="archived-list"
          onClick={() => setOpen((value) => !value)}
          leftSection={<span aria-hidden="true">{open ? '▾' : '▸'}</span>}
        >
          Archived ({statements.length})
        </Button>
      </Title>
      <div id="archived-list" hidden={!open}>
        {open && <CardList statements={statements} now={now} />}
      </div>
    </section>
  );
}

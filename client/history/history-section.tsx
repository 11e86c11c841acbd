import { Card, Skeleton, Tabs, Title } from '@mantine/core';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { LoadErrorAlert } from '../lib/error-alert.tsx';
import { useAudit, useVersions } from '../queries/statements.ts';
import { ActivityList } from './activity-list.tsx';
import { VersionsList } from './versions-list.tsx';
import './history.css';

/**
 * "History" below the text: tabs for the versions kept (each downloadable) and the
 * activity log. Only the open tab is fetched; both are queries under the statement's key,
 * so they refresh whenever the statement's workflow changes.
 *
 * Contract for tests: `data-testid="history"`; tabs "Versions" (`versions-list`) and
 * "Activity" (`activity-list`).
 */
export function HistorySection({ statement }: { statement: StatementDetail }) {
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-labelledby="history-heading" data-testid="history">
      <Title order={2} size="h4" id="history-heading" mb="xs">
        History
      </Title>
      <Tabs defaultValue="versions" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="versions">Versions</Tabs.Tab>
          <Tabs.Tab value="activity">Activity</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="versions" pt="sm">
          <Versions statement={statement} />
        </Tabs.Panel>
        <Tabs.Panel value="activity" pt="sm">
          <Activity statementId={statement.id} />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}

function Versions({ statement }: { statement: StatementDetail }) {
  const versions = useVersions(statement.id);
  if (versions.data) return <VersionsList statementId={statement.id} versions={versions.data} currentHash={statement.contentHash} />;
  if (versions.isError) return <LoadErrorAlert error={versions.error} onRetry={() => void versions.refetch()} />;
  return <Skeleton height={60} role="status" aria-label="Loading versions" />;
}

function Activity({ statementId }: { statementId: string }) {
  const audit = useAudit(statementId);
  if (audit.data) return <ActivityList events={audit.data} />;
  if (audit.isError) return <LoadErrorAlert error={audit.error} onRetry={() => void audit.refetch()} />;
  return <Skeleton height={60} role="status" aria-label="Loading activity" />;
}

import { Card, Stack } from '@mantine/core';
import type { ReactNode } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { ExportPanel } from '../exports/export-panel.tsx';
import { SignatoryList } from '../exports/signatory-list.tsx';
import { ParticipantsPanel } from '../participants/participants-panel.tsx';
import { StatementSettings } from '../statements/statement-settings.tsx';
import { StatusPanel } from '../workflow/status-panel.tsx';

interface Props {
  statement: StatementDetail;
  onChanged: (statement: StatementDetail) => void;
  onStale: () => void;
  signBlockedReason: string | null;
}

/**
 * The statement page's side column, in the order a coalition works through it: status
 * (lock, publish), the organizations and their sign-offs, the signatory list as it will be
 * printed, and sharing and exports. Each is a card of its own.
 */
export function StatementAside({ statement, onChanged, onStale, signBlockedReason }: Props) {
  return (
    <Stack gap="md" className="statement-aside">
      <Panel>
        <StatusPanel statement={statement} onChanged={onChanged} onStale={onStale} />
      </Panel>
      <StatementSettings statement={statement} onChanged={onChanged} onStale={onStale} />
      <Panel>
        <ParticipantsPanel statement={statement} onChanged={onChanged} onStale={onStale} signBlockedReason={signBlockedReason} />
      </Panel>
      <Panel>
        <SignatoryList statement={statement} />
      </Panel>
      <Panel>
        <ExportPanel statement={statement} />
      </Panel>
    </Stack>
  );
}

function Panel({ children }: { children: ReactNode }) {
  return (
    <Card withBorder radius="md" padding="md">
      {children}
    </Card>
  );
}

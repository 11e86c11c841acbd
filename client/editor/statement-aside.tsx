import type { StatementDetail } from '../../shared/api/statements.ts';
import { ExportPanel } from '../exports/export-panel.tsx';
import { SignatoryList } from '../exports/signatory-list.tsx';
import { ParticipantsPanel } from '../participants/participants-panel.tsx';
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
 * printed, and sharing and exports.
 */
export function StatementAside({ statement, onChanged, onStale, signBlockedReason }: Props) {
  return (
    <div className="statement-aside">
      <StatusPanel statement={statement} onChanged={onChanged} onStale={onStale} />
      <ParticipantsPanel statement={statement} onChanged={onChanged} onStale={onStale} signBlockedReason={signBlockedReason} />
      <SignatoryList statement={statement} />
      <ExportPanel statement={statement} />
    </div>
  );
}

import { useId, useState } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { lockStatement, publishStatement, unlockStatement } from '../api/workflow.ts';
import { HashText } from '../lib/content-hash.tsx';
import { FormError } from '../lib/form-error.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { lockAvailability, publishAvailability, unlockAvailability, type Availability } from './availability.ts';
import { StatusBadge } from './status-badge.tsx';
import { recordIsBehind, workflowErrorMessage } from './workflow-errors.ts';

interface Props {
  statement: StatementDetail;
  /** Called with the statement as the server now has it (after an action taken here). */
  onChanged: (statement: StatementDetail) => void;
  /** Called when a refusal shows this page's record is behind: refetch it. */
  onStale: () => void;
}

type Action = 'lock' | 'unlock' | 'publish';

const DONE: Record<Action, string> = {
  lock: 'Locked. Nobody can edit the text now; organizations can sign off on it.',
  unlock: 'Unlocked. The text can be edited again; any edit makes existing sign-offs stale.',
  publish: 'Published. The text is frozen and its public page is live.',
};

/**
 * "Status": the status badge, what it means, who is still missing, and the Lock (or
 * Unlock) and Publish buttons. The buttons are shown to everyone; when one is disabled the
 * reason is written under it (and tied to it with aria-describedby). Publishing asks once
 * more, inline, because it cannot be undone.
 *
 * Contract for tests: buttons "Lock text" / "Unlock text" / "Publish" (then "Yes, publish"),
 * `data-testid` lock-button / unlock-button / publish-button, and their reasons
 * lock-disabled-reason / unlock-disabled-reason / publish-disabled-reason; inside the
 * publish reason, `data-testid="missing-signoffs"` ("Waiting for sign-offs from: …")
 * names the required organizations without a sign-off of the current text.
 */
export function StatusPanel({ statement, onChanged, onStale }: Props) {
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirmingPublish, setConfirmingPublish] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const errorId = useId();

  const locked = statement.status === 'locked';
  const lockOrUnlock: Action = locked ? 'unlock' : 'lock';

  async function run(action: Action) {
    setBusy(action);
    setError(null);
    setDone(null);
    try {
      const request = action === 'lock' ? lockStatement : action === 'unlock' ? unlockStatement : publishStatement;
      onChanged(await request(statement.id));
      setDone(DONE[action]);
    } catch (caught) {
      setError(workflowErrorMessage(caught));
      if (recordIsBehind(caught)) onStale();
    } finally {
      setBusy(null);
      setConfirmingPublish(false);
    }
  }

  return (
    <section className="status-panel" aria-labelledby="status-heading" data-testid="status-panel">
      <div className="status-panel__head">
        <h2 id="status-heading">Status</h2>
        <StatusBadge status={statement.status} publishedAt={statement.publishedAt} testId={null} />
      </div>
      <StatusExplanation statement={statement} />

      <div className="status-panel__actions">
        <ActionButton
          action={lockOrUnlock}
          label={locked ? 'Unlock text' : 'Lock text'}
          busyLabel={locked ? 'Unlocking…' : 'Locking…'}
          availability={locked ? unlockAvailability(statement) : lockAvailability(statement)}
          busy={busy}
          onClick={() => void run(lockOrUnlock)}
        />
        {confirmingPublish ? (
          <div className="workflow-action confirm-action" role="group" aria-label="Confirm publishing">
            <p className="confirm-action__question">
              Publish now? The text <HashText hash={statement.contentHash} /> is frozen for good and its public page goes live.
            </p>
            <button type="button" className="button button--primary button--small" autoFocus disabled={busy !== null} onClick={() => void run('publish')}>
              {busy === 'publish' ? 'Publishing…' : 'Yes, publish'}
            </button>
            <button type="button" className="button button--small" disabled={busy !== null} onClick={() => setConfirmingPublish(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <ActionButton
            action="publish"
            label="Publish"
            busyLabel="Publishing…"
            primary
            availability={publishAvailability(statement)}
            busy={busy}
            onClick={() => setConfirmingPublish(true)}
          />
        )}
      </div>

      {error && <FormError id={errorId}>{error}</FormError>}
      {done && !error && (
        <p className="status-panel__done" role="status">
          {done}
        </p>
      )}
    </section>
  );
}

function StatusExplanation({ statement }: { statement: StatementDetail }) {
  if (statement.status === 'published') {
    return (
      <p className="status-panel__explain">
        Published{' '}
        {statement.publishedAt && (
          <time dateTime={statement.publishedAt}>{formatAbsolute(statement.publishedAt)}</time>
        )}{' '}
        with the text <HashText hash={statement.publishedHash ?? statement.contentHash} />. It is frozen for good.
      </p>
    );
  }
  if (statement.status === 'locked') {
    return <p className="status-panel__explain">The text is final: nobody can edit it while the organizations sign off.</p>;
  }
  return <p className="status-panel__explain">Organizations edit and sign off. Any edit makes earlier sign-offs stale.</p>;
}

interface ActionButtonProps {
  action: Action;
  label: string;
  busyLabel: string;
  primary?: boolean;
  availability: Availability;
  busy: Action | null;
  onClick: () => void;
}

function ActionButton({ action, label, busyLabel, primary = false, availability, busy, onClick }: ActionButtonProps) {
  const reasonId = useId();
  const { reason, waiting } = availability;
  const explained = Boolean(reason || waiting);
  return (
    <div className="workflow-action">
      <button
        type="button"
        className={`button button--small${primary ? ' button--primary' : ''}`}
        data-testid={`${action}-button`}
        disabled={!availability.enabled || busy !== null}
        aria-describedby={explained ? reasonId : undefined}
        onClick={onClick}
      >
        {busy === action ? busyLabel : label}
      </button>
      {explained && (
        <p id={reasonId} className="workflow-action__reason" data-testid={`${action}-disabled-reason`}>
          {reason}
          {reason && waiting && ' '}
          {waiting && <span data-testid="missing-signoffs">{waiting}</span>}
        </p>
      )}
    </div>
  );
}

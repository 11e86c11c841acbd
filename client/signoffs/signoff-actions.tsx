import { useId, useState } from 'react';
import type { Participant, StatementDetail } from '../../shared/api/statements.ts';
import { hasErrorCode } from '../api/http.ts';
import { signOff, withdrawSignoff } from '../api/workflow.ts';
import { ConfirmAction } from '../lib/confirm-action.tsx';
import { HashText } from '../lib/content-hash.tsx';
import { FormError } from '../lib/form-error.tsx';
import { recordIsBehind, workflowErrorMessage } from '../workflow/workflow-errors.ts';
import { signoffState } from './signoff-state.ts';

export const STALE_MESSAGE =
  'The text changed while you were signing, so nothing was signed. Review the current text (and what changed), then sign again.';

interface Props {
  statement: StatementDetail;
  participant: Participant;
  /** Why signing must wait right now (e.g. this page's own edits are not saved yet); null when it can go ahead. */
  signBlockedReason: string | null;
  onChanged: (statement: StatementDetail) => void;
  /** Called after a change the server answered without the statement, or a refusal that shows the record is behind. */
  onStale: () => void;
}

/**
 * What a signatory of `participant` can do: "Sign off on this text" (posting the
 * statement's current content hash as this page last received it, shown as "You are
 * signing text 1a2b3c4d") unless that exact text is already signed, and "Withdraw" (asks
 * once more) while a sign-off exists. STALE_CONTENT — the text moved on meanwhile —
 * refetches the statement and asks the person to review before signing again.
 *
 * Contract for tests: buttons named "Sign off on this text for <org>" and "Withdraw the
 * sign-off of <org>" (visible text "Sign off on this text" / "Withdraw"), with
 * `data-testid` sign-off-button and (first step) withdraw-button; `data-testid="signing-hash"`
 * is the hint; refusals show as role="alert" (`data-testid="signoff-error"`).
 */
export function SignoffActions({ statement, participant, signBlockedReason, onChanged, onStale }: Props) {
  const hintId = useId();
  const errorId = useId();
  const [signing, setSigning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const state = signoffState(participant);

  async function sign() {
    setSigning(true);
    setError(null);
    try {
      onChanged(await signOff(statement.id, { orgId: participant.orgId, contentHash: statement.contentHash }));
    } catch (caught) {
      setError(hasErrorCode(caught, 'STALE_CONTENT') ? STALE_MESSAGE : workflowErrorMessage(caught));
      if (recordIsBehind(caught)) onStale();
    } finally {
      setSigning(false);
    }
  }

  async function withdraw() {
    setError(null);
    try {
      await withdrawSignoff(statement.id, participant.orgId);
      onStale();
    } catch (caught) {
      setError(workflowErrorMessage(caught));
      if (recordIsBehind(caught)) onStale();
    }
  }

  return (
    <div className="signoff-actions">
      {state !== 'current' && (
        <div className="signoff-actions__sign">
          <button
            type="button"
            className="button button--small button--primary"
            data-testid="sign-off-button"
            disabled={signing || signBlockedReason !== null}
            aria-describedby={`${hintId}${error ? ` ${errorId}` : ''}`}
            onClick={() => void sign()}
          >
            {signing ? (
              'Signing…'
            ) : (
              <>
                Sign off on this text<span className="visually-hidden"> for {participant.name}</span>
              </>
            )}
          </button>
          <p id={hintId} className="signoff-actions__hint" data-testid="signing-hash">
            {signBlockedReason ?? (
              <>
                You are signing text <HashText hash={statement.contentHash} />, as it is now.
              </>
            )}
          </p>
        </div>
      )}
      {state !== 'none' && (
        <ConfirmAction
          label="Withdraw"
          accessibleLabel={`Withdraw the sign-off of ${participant.name}`}
          question={`Withdraw the sign-off of ${participant.name}?`}
          confirmLabel="Yes, withdraw"
          onConfirm={withdraw}
          testId="withdraw-button"
        />
      )}
      {error && (
        <div data-testid="signoff-error">
          <FormError id={errorId}>{error}</FormError>
        </div>
      )}
    </div>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import type { Participant, StatementDetail } from '../../shared/api/statements.ts';
import { errorMessage, hasErrorCode } from '../api/http.ts';
import { fetchSignoffDiff, signOff } from '../api/workflow.ts';
import { HashText } from '../lib/content-hash.tsx';
import { FormError } from '../lib/form-error.tsx';
import { formatAbsolute } from '../lib/format-time.ts';
import { useResource } from '../lib/use-resource.ts';
import { recordIsBehind, workflowErrorMessage } from '../workflow/workflow-errors.ts';
import { RedlineLegend, RedlineView } from './redline-view.tsx';
import { STALE_MESSAGE } from './signoff-actions.tsx';

interface Props {
  statement: StatementDetail;
  participant: Participant;
  /** The reader is a signatory of `participant`: offer to sign the text just reviewed. */
  canSign: boolean;
  signBlockedReason: string | null;
  onChanged: (statement: StatementDetail) => void;
  onStale: () => void;
  onClose: () => void;
}

/**
 * "What changed since <org> signed": a modal dialog (native `<dialog>`, so focus stays in
 * it, Escape closes it and focus returns to the button that opened it) with the redline
 * from the signed version to the current text and a legend. It fetches again when the
 * text changes while it is open. Signatories of the organization can sign from here:
 * they sign exactly the text the redline ends at (its `currentHash`), so a text that moved
 * on meanwhile is refused (STALE_CONTENT) rather than signed unseen.
 *
 * Contract for tests: `data-testid="signoff-diff"` on the dialog, heading "What changed
 * since <org> signed", `[data-testid="redline"]` inside, button "Close".
 */
export function RedlineDialog({ statement, participant, canSign, signBlockedReason, onChanged, onStale, onClose }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const errorId = useId();
  const { resource, reload } = useResource((signal) => fetchSignoffDiff(statement.id, participant.orgId, signal), [statement.id, participant.orgId]);
  const [signing, setSigning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  // The text (or this organization's sign-off) changed while the dialog is open: show the new redline.
  const compared = `${participant.signoff?.contentHash ?? ''}>${statement.contentHash}`;
  const shown = useRef(compared);
  useEffect(() => {
    if (shown.current === compared) return;
    shown.current = compared;
    reload();
  }, [compared, reload]);

  async function sign(contentHash: string) {
    setSigning(true);
    setError(null);
    try {
      onChanged(await signOff(statement.id, { orgId: participant.orgId, contentHash }));
      dialogRef.current?.close();
    } catch (caught) {
      setError(hasErrorCode(caught, 'STALE_CONTENT') ? STALE_MESSAGE : workflowErrorMessage(caught));
      if (recordIsBehind(caught)) {
        onStale();
        reload();
      }
    } finally {
      setSigning(false);
    }
  }

  const diff = resource.state === 'ready' ? resource.data : null;
  const noWordChanges = diff !== null && diff.blocks.every((block) => block.change === 'same');

  return (
    <dialog ref={dialogRef} className="redline-dialog" aria-labelledby={headingId} data-testid="signoff-diff" onClose={onClose}>
      <div className="redline-dialog__head">
        <h2 id={headingId}>What changed since {participant.name} signed</h2>
        <button type="button" className="button button--small" onClick={() => dialogRef.current?.close()}>
          Close
        </button>
      </div>

      {resource.state === 'loading' && (
        <p className="muted" role="status">
          Comparing the texts…
        </p>
      )}
      {resource.state === 'error' && (
        <div className="notice notice--error" role="alert">
          <p>{errorMessage(resource.error)}</p>
          <button type="button" className="button button--small" onClick={reload}>
            Try again
          </button>
        </div>
      )}
      {diff && (
        <>
          <p className="redline-dialog__versions">
            From the text {participant.name} signed, <HashText hash={diff.signedHash} />
            {participant.signoff && participant.signoff.contentHash === diff.signedHash && (
              <>
                {' '}
                (by {participant.signoff.signedBy.name}, {formatAbsolute(participant.signoff.signedAt)})
              </>
            )}
            , to the current text, <HashText hash={diff.currentHash} />.
          </p>
          {diff.current ? (
            <p className="notice notice--success" role="status">
              Nothing changed: {participant.name} signed the current text.
            </p>
          ) : noWordChanges ? (
            <p className="notice notice--info">The words are the same; only formatting (emphasis, links, lists) changed.</p>
          ) : null}
          <RedlineLegend />
          <RedlineView blocks={diff.blocks} />
          {canSign && !diff.current && (
            <div className="redline-dialog__sign">
              <button
                type="button"
                className="button button--primary"
                data-testid="sign-off-reviewed-button"
                disabled={signing || signBlockedReason !== null}
                aria-describedby={error ? errorId : undefined}
                onClick={() => void sign(diff.currentHash)}
              >
                {signing ? 'Signing…' : `Sign off on this text for ${participant.name}`}
              </button>
              <p className="signoff-actions__hint">
                {signBlockedReason ?? (
                  <>
                    You are signing text <HashText hash={diff.currentHash} />, the text shown above.
                  </>
                )}
              </p>
              {error && <FormError id={errorId}>{error}</FormError>}
            </div>
          )}
        </>
      )}
    </dialog>
  );
}

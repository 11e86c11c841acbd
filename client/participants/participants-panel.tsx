import { useState } from 'react';
import type { Participant, StatementDetail } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { removeParticipant, setParticipant } from '../api/statements.ts';
import { FormError } from '../lib/form-error.tsx';
import { RedlineDialog } from '../signoffs/redline-dialog.tsx';
import { SignoffActions } from '../signoffs/signoff-actions.tsx';
import { signoffState } from '../signoffs/signoff-state.ts';
import { SignoffStatus } from '../signoffs/signoff-status.tsx';
import { AddParticipantForm } from './add-participant-form.tsx';
import { ParticipantRow } from './participant-row.tsx';

interface Props {
  statement: StatementDetail;
  /** Called with the statement as the server now has it (after a change made here). */
  onChanged: (statement: StatementDetail) => void;
  /** Called after a change the server answered without the statement (removal, withdrawal): refetch it. */
  onStale: () => void;
  /** Why signing must wait right now (this page's edits are not saved yet…); null when it can go ahead. */
  signBlockedReason: string | null;
}

/** Lead first, then by name. */
function ordered(statement: StatementDetail): Participant[] {
  return [...statement.participants].sort(
    (a, b) => Number(b.orgId === statement.leadOrgId) - Number(a.orgId === statement.leadOrgId) || a.name.localeCompare(b.name),
  );
}

/**
 * "Organizations taking part": every participating organization, the lead first and marked
 * "lead", each required or optional, with its sign-off — not signed, signed the current
 * text (who, when) or signed an earlier version (stale; "What changed since … signed"
 * opens the redline). Signatories of an organization sign and withdraw for it here. When
 * `canManageParticipants` (lead editors): toggle "Required for <org>", "Remove <org>" (not
 * the lead) and the add form.
 *
 * Contract for tests: `data-testid="signoff-summary"`; stale rows have a button
 * `data-testid="signoff-diff-button"` ("What changed since you signed" for the reader's
 * own organizations, "What changed since <org> signed" otherwise).
 */
export function ParticipantsPanel({ statement, onChanged, onStale, signBlockedReason }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [diffOrgId, setDiffOrgId] = useState<string | null>(null);
  const canManage = statement.canManageParticipants;
  const canSignFor = new Set(statement.canSignFor);
  const diffParticipant = statement.participants.find((p) => p.orgId === diffOrgId) ?? null;

  async function setRequired(orgId: string, required: boolean) {
    setError(null);
    try {
      onChanged(await setParticipant(statement.id, orgId, required));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  async function remove(orgId: string) {
    setError(null);
    try {
      await removeParticipant(statement.id, orgId);
      onChanged({ ...statement, participants: statement.participants.filter((p) => p.orgId !== orgId) });
      onStale();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <section className="participants" aria-labelledby="participants-heading">
      <h2 id="participants-heading">Organizations taking part</h2>
      <SignoffSummary statement={statement} />
      <ul className="participants__list">
        {ordered(statement).map((participant) => {
          const mine = canSignFor.has(participant.orgId);
          return (
            <ParticipantRow
              key={participant.orgId}
              participant={participant}
              isLead={participant.orgId === statement.leadOrgId}
              canManage={canManage}
              onSetRequired={(required) => setRequired(participant.orgId, required)}
              onRemove={() => remove(participant.orgId)}
            >
              <SignoffStatus participant={participant} status={statement.status} />
              {signoffState(participant) === 'stale' && (
                <button type="button" className="link-button" data-testid="signoff-diff-button" onClick={() => setDiffOrgId(participant.orgId)}>
                  {mine ? (
                    <>
                      What changed since you signed<span className="visually-hidden"> for {participant.name}</span>
                    </>
                  ) : (
                    `What changed since ${participant.name} signed`
                  )}
                </button>
              )}
              {mine && (
                <SignoffActions
                  statement={statement}
                  participant={participant}
                  signBlockedReason={signBlockedReason}
                  onChanged={onChanged}
                  onStale={onStale}
                />
              )}
            </ParticipantRow>
          );
        })}
      </ul>
      {error && <FormError id="participants-error">{error}</FormError>}
      {statement.status === 'published' ? null : canManage ? (
        <AddParticipantForm statement={statement} onAdded={onChanged} />
      ) : (
        <p className="field-hint">Editors of the lead organization add and remove organizations.</p>
      )}
      {diffParticipant && (
        <RedlineDialog
          statement={statement}
          participant={diffParticipant}
          canSign={canSignFor.has(diffParticipant.orgId)}
          signBlockedReason={signBlockedReason}
          onChanged={onChanged}
          onStale={onStale}
          onClose={() => setDiffOrgId(null)}
        />
      )}
    </section>
  );
}

/** "1 of 3 organizations signed the current text." */
function SignoffSummary({ statement }: { statement: StatementDetail }) {
  const total = statement.participants.length;
  const signed = statement.participants.filter((p) => signoffState(p) === 'current').length;
  const stale = statement.participants.filter((p) => signoffState(p) === 'stale').length;
  const text = statement.status === 'published' ? 'the published text' : 'the current text';
  return (
    <p className="participants__summary" data-testid="signoff-summary">
      {signed} of {total} {total === 1 ? 'organization' : 'organizations'} signed {text}
      {stale > 0 && `; ${stale} signed an earlier version`}.
    </p>
  );
}

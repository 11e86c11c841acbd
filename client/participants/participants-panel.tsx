import { useState } from 'react';
import type { Participant, StatementDetail } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { removeParticipant, setParticipant } from '../api/statements.ts';
import { FormError } from '../lib/form-error.tsx';
import { AddParticipantForm } from './add-participant-form.tsx';
import { ParticipantRow } from './participant-row.tsx';

interface Props {
  statement: StatementDetail;
  /** Called with the statement as the server now has it (after a change made here). */
  onChanged: (statement: StatementDetail) => void;
  /** Called after a change the server answered without the statement (removal): refetch it. */
  onStale: () => void;
}

/** Lead first, then by name. */
function ordered(statement: StatementDetail): Participant[] {
  return [...statement.participants].sort(
    (a, b) => Number(b.orgId === statement.leadOrgId) - Number(a.orgId === statement.leadOrgId) || a.name.localeCompare(b.name),
  );
}

/**
 * "Organizations taking part": every participating organization, the lead first and marked
 * "lead", each required or optional. When `canManageParticipants` (lead editors): toggle
 * "Required for <org>", "Remove <org>" (not the lead) and the add form.
 */
export function ParticipantsPanel({ statement, onChanged, onStale }: Props) {
  const [error, setError] = useState<string | null>(null);
  const canManage = statement.canManageParticipants;

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
      <ul className="participants__list">
        {ordered(statement).map((participant) => (
          <ParticipantRow
            key={participant.orgId}
            participant={participant}
            isLead={participant.orgId === statement.leadOrgId}
            canManage={canManage}
            onSetRequired={(required) => setRequired(participant.orgId, required)}
            onRemove={() => remove(participant.orgId)}
          />
        ))}
      </ul>
      {error && <FormError id="participants-error">{error}</FormError>}
      {canManage ? (
        <AddParticipantForm statement={statement} onAdded={onChanged} />
      ) : (
        <p className="field-hint">Editors of the lead organization add and remove organizations.</p>
      )}
    </section>
  );
}

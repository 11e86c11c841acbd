import { useId, useState, type ReactNode } from 'react';
import type { Participant } from '../../shared/api/statements.ts';
import { ConfirmAction } from '../lib/confirm-action.tsx';
import { signoffState } from '../signoffs/signoff-state.ts';

interface Props {
  participant: Participant;
  isLead: boolean;
  canManage: boolean;
  onSetRequired: (required: boolean) => Promise<void>;
  onRemove: () => Promise<void>;
  /** The organization's sign-off: its state and, for its signatories, the actions. */
  children?: ReactNode;
}

/**
 * One participating organization. Everyone sees its name and "lead" / "required" /
 * "optional", then its sign-off (`children`). Managers get, for organizations other than
 * the lead (always required, never removable), a checkbox named "Required for <org>" and
 * a "Remove <org>" button.
 *
 * Contract for tests: `li[data-org-id]` with `data-signoff-state` (current | stale | none).
 */
export function ParticipantRow({ participant, isLead, canManage, onSetRequired, onRemove, children }: Props) {
  const checkboxId = useId();
  // The box shows the person's choice at once; the server's answer (or a refusal) then decides.
  const [pending, setPending] = useState<boolean | null>(null);
  const editable = canManage && !isLead;

  async function toggle(required: boolean) {
    setPending(required);
    try {
      await onSetRequired(required);
    } finally {
      setPending(null);
    }
  }

  return (
    <li className="participant" data-org-id={participant.orgId} data-signoff-state={signoffState(participant)}>
      <div className="participant__who">
        <span className="participant__name">{participant.name}</span>
        {isLead && <span className="badge badge--lead">lead</span>}
        {!editable && <span className="badge">{participant.required ? 'required' : 'optional'}</span>}
      </div>
      {children && <div className="participant__signoff">{children}</div>}
      {editable && (
        <div className="participant__controls">
          <span className="checkbox">
            <input
              id={checkboxId}
              type="checkbox"
              checked={pending ?? participant.required}
              disabled={pending !== null}
              onChange={(event) => void toggle(event.target.checked)}
            />
            <label htmlFor={checkboxId}>
              Required<span className="visually-hidden"> for {participant.name}</span>
            </label>
          </span>
          <ConfirmAction
            label="Remove"
            accessibleLabel={`Remove ${participant.name}`}
            question={`Remove ${participant.name}? Its members lose access.`}
            confirmLabel="Remove"
            onConfirm={onRemove}
          />
        </div>
      )}
    </li>
  );
}

import { useId, useState } from 'react';
import type { Member, Org } from '../../shared/api/orgs.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import { errorMessage } from '../api/http.ts';
import { removeMember, setMemberRole } from '../api/orgs.ts';
import { ConfirmAction } from '../lib/confirm-action.tsx';
import { ROLE_LABELS } from './role-text.ts';

export type MemberChange = { userId: string; role: Role } | { userId: string; removed: true };

interface Props {
  org: Org;
  member: Member;
  isSelf: boolean;
  /** The viewer is an admin: show the role select and the remove button. */
  canManage: boolean;
  /** Called after the server accepted a change, with what changed. */
  onChanged: (change: MemberChange) => void;
}

/**
 * One member: name, e-mail and role. Admins change the role with a select labelled
 * "Role of <name>" (saved at once) and remove others behind a confirmation ("Remove <name>");
 * what the server refuses (LAST_ADMIN, …) is shown on the row.
 */
export function MemberRow({ org, member, isSelf, canManage, onChanged }: Props) {
  const selectId = useId();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function changeRole(role: Role) {
    if (role === member.role) return;
    setSaving(true);
    setError(null);
    try {
      await setMemberRole(org.id, member.userId, role);
      onChanged({ userId: member.userId, role });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    setError(null);
    try {
      await removeMember(org.id, member.userId);
      onChanged({ userId: member.userId, removed: true });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <li className="member" data-member-email={member.email}>
      <div className="member__who">
        <span className="member__name">
          {member.name}
          {isSelf && <span className="badge">you</span>}
        </span>
        <span className="member__email">{member.email}</span>
      </div>
      <div className="member__controls">
        {canManage ? (
          <>
            <label htmlFor={selectId} className="visually-hidden">
              Role of {member.name}
            </label>
            <select id={selectId} value={member.role} disabled={saving} onChange={(event) => void changeRole(event.target.value as Role)}>
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
          </>
        ) : (
          <span className="role-badge">{ROLE_LABELS[member.role]}</span>
        )}
        {canManage && !isSelf && (
          <ConfirmAction
            label="Remove"
            accessibleLabel={`Remove ${member.name}`}
            question={`Remove ${member.name} from ${org.name}?`}
            confirmLabel="Remove"
            onConfirm={remove}
          />
        )}
      </div>
      {error && (
        <p className="form-error member__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

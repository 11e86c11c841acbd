import { useId, useRef, useState, type FormEvent } from 'react';
import type { InviteResponse, Org } from '../../shared/api/orgs.ts';
import { ROLES, type Role } from '../../shared/roles.ts';
import { errorMessage } from '../api/http.ts';
import { createInvite } from '../api/orgs.ts';
import { formatAbsolute } from '../lib/format-time.ts';
import { FormError } from '../lib/form-error.tsx';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, withArticle } from './role-text.ts';

/**
 * "Invite people" (admins): pick a role ("Role for the invited person"), press "Create
 * invitation link", copy the link. Links created during this visit are listed newest first,
 * each in a read-only field labelled "Invitation link …" with a "Copy link" button.
 * There is no mail server: the admin sends the link themselves.
 */
export function InviteLinks({ org }: { org: Org }) {
  const roleId = useId();
  const roleHintId = useId();
  const errorId = useId();
  const [role, setRole] = useState<Role>('editor');
  const [links, setLinks] = useState<InviteResponse[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (creating) return;
    setCreating(true);
    setError(null);
    try {
      const invite = await createInvite(org.id, role);
      setLinks((current) => [invite, ...current]);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setCreating(false);
    }
  }

  return (
    <section className="card invite-links" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite people</h2>
      <p>
        An invitation link lets one person join {org.name} with the role you choose. It works once and expires after 7 days. Send it to
        your colleague yourself, by e-mail or chat.
      </p>
      <form className="invite-links__form" onSubmit={onSubmit} aria-describedby={error ? errorId : undefined}>
        <div className="invite-links__role">
          <label htmlFor={roleId}>Role for the invited person</label>
          <select id={roleId} value={role} aria-describedby={roleHintId} onChange={(event) => setRole(event.target.value as Role)}>
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {ROLE_LABELS[option]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary" disabled={creating}>
          {creating ? 'Creating link…' : 'Create invitation link'}
        </button>
      </form>
      <p id={roleHintId} className="field-hint">
        {capitalize(withArticle(role))} can {ROLE_DESCRIPTIONS[role]}.
      </p>
      {error && <FormError id={errorId}>{error}</FormError>}
      {links.length > 0 && (
        <ul className="invite-links__list" aria-label="Links created">
          {links.map((link) => (
            <InviteLinkItem key={link.token} link={link} />
          ))}
        </ul>
      )}
    </section>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function InviteLinkItem({ link }: { link: InviteResponse }) {
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link.url);
      setCopied('yes');
    } catch {
      // No clipboard access (plain http on another host, or refused): select it for the person.
      input.current?.select();
      setCopied('manual');
    }
  }

  return (
    <li className="invite-link" data-invite-role={link.role}>
      <label htmlFor={inputId}>
        Invitation link for {withArticle(link.role)} <span className="label-hint">(expires {formatAbsolute(link.expiresAt)})</span>
      </label>
      <div className="invite-link__row">
        <input
          ref={input}
          id={inputId}
          className="invite-link__url"
          type="text"
          readOnly
          value={link.url}
          data-invite-url={link.url}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button" onClick={() => void copy()}>
          Copy link
        </button>
      </div>
      <p className="invite-link__status" role="status">
        {copied === 'yes' ? 'Copied. Paste it into a message to your colleague.' : copied === 'manual' ? 'The link is selected: copy it with Ctrl+C (⌘C on a Mac).' : ''}
      </p>
    </li>
  );
}

import { useEffect, useId, useState } from 'react';
import { MAX_NAME_LENGTH } from '../auth/guest-identity.ts';
import { useSession } from '../auth/session.tsx';

/**
 * "You appear as …": the name (and colour) other editors see on this person's caret.
 * Guests may rename themselves; the change is kept in this browser.
 */
export function IdentityField() {
  const { identity, isGuest, rename } = useSession();
  const inputId = useId();
  const [draft, setDraft] = useState(identity.name);
  useEffect(() => setDraft(identity.name), [identity.name]);

  if (!isGuest) {
    return (
      <p className="identity">
        <span className="identity__swatch" style={{ backgroundColor: identity.color }} aria-hidden="true" />
        {identity.name}
      </p>
    );
  }

  const commit = () => {
    rename(draft);
    setDraft((current) => (current.trim() === '' ? identity.name : current.trim()));
  };

  return (
    <form
      className="identity"
      onSubmit={(event) => {
        event.preventDefault();
        commit();
      }}
    >
      <span className="identity__swatch" style={{ backgroundColor: identity.color }} aria-hidden="true" />
      <label htmlFor={inputId}>You appear as</label>
      <input
        id={inputId}
        className="identity__input"
        type="text"
        value={draft}
        maxLength={MAX_NAME_LENGTH}
        autoComplete="nickname"
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
      />
    </form>
  );
}

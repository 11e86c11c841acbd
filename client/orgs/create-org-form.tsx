import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../api/http.ts';
import { createOrg, validateCreateOrg } from '../api/orgs.ts';
import { useSignedIn } from '../auth/session.tsx';
import { FormError } from '../lib/form-error.tsx';
import { flash } from '../layout/flash-notice.tsx';

/**
 * "Organization name" + "Create organization". The creator becomes the organization's
 * admin; on success the session is refreshed and the new organization's page opens.
 */
export function CreateOrgForm() {
  const { refresh } = useSignedIn();
  const navigate = useNavigate();
  const nameId = useId();
  const hintId = useId();
  const errorId = useId();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const request = { name: name.trim() };
    const problem = validateCreateOrg(request);
    if (problem) return setError(problem);
    setError(null);
    setSubmitting(true);
    try {
      const org = await createOrg(request);
      await refresh();
      void navigate(`/orgs/${org.id}`, { state: flash(`${org.name} is created, and you are its admin. Invite your colleagues below.`) });
    } catch (caught) {
      setError(errorMessage(caught));
      setSubmitting(false);
    }
  }

  return (
    <form className="create-org-form" onSubmit={onSubmit} noValidate aria-describedby={error ? errorId : undefined}>
      <label htmlFor={nameId}>Organization name</label>
      <input
        id={nameId}
        name="orgName"
        type="text"
        required
        maxLength={120}
        autoComplete="organization"
        aria-describedby={hintId}
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <p id={hintId} className="field-hint">
        As it should appear in a statement’s list of signatories.
      </p>
      {error && <FormError id={errorId}>{error}</FormError>}
      <button type="submit" className="button button--primary" disabled={submitting}>
        {submitting ? 'Creating…' : 'Create organization'}
      </button>
    </form>
  );
}

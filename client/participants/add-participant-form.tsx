import { useEffect, useId, useState, type FormEvent } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { listOrgs } from '../api/orgs.ts';
import { setParticipant } from '../api/statements.ts';
import { FormError } from '../lib/form-error.tsx';
import { useResource } from '../lib/use-resource.ts';

/**
 * Adds an organization from the instance's directory: select "Organization to add",
 * checkbox "Required to sign off" (checked by default), button "Add organization".
 * Organizations already taking part are not offered. The directory is fetched again when
 * the select gets focus or the window comes back, so an organization created meanwhile shows up.
 */
export function AddParticipantForm({ statement, onAdded }: { statement: StatementDetail; onAdded: (statement: StatementDetail) => void }) {
  const selectId = useId();
  const requiredId = useId();
  const errorId = useId();
  const { resource, reload } = useResource((signal) => listOrgs(signal), []);
  useEffect(() => {
    window.addEventListener('focus', reload);
    return () => window.removeEventListener('focus', reload);
  }, [reload]);
  const [orgId, setOrgId] = useState('');
  const [required, setRequired] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);

  if (resource.state === 'loading') return <p className="muted field-hint">Loading organizations…</p>;
  if (resource.state === 'error') {
    return (
      <div className="notice notice--error" role="alert">
        <p>Could not load the list of organizations. {errorMessage(resource.error)}</p>
        <button type="button" className="button button--small" onClick={reload}>
          Try again
        </button>
      </div>
    );
  }

  const taking = new Set(statement.participants.map((p) => p.orgId));
  const available = resource.data.filter((org) => !taking.has(org.id)).sort((a, b) => a.name.localeCompare(b.name));
  const chosen = available.some((org) => org.id === orgId) ? orgId : '';

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (adding) return;
    if (!chosen) return setError('Choose the organization to add.');
    setError(null);
    setAdding(true);
    try {
      onAdded(await setParticipant(statement.id, chosen, required));
      setOrgId('');
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setAdding(false);
    }
  }

  return (
    <form className="add-participant" onSubmit={onSubmit} noValidate aria-describedby={error ? errorId : undefined}>
      <h3 className="add-participant__heading">Add an organization</h3>
      <label htmlFor={selectId}>Organization to add</label>
      <select id={selectId} value={chosen} onFocus={reload} onChange={(event) => setOrgId(event.target.value)}>
        <option value="">{available.length === 0 ? 'No other organizations yet' : 'Choose an organization…'}</option>
        {available.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
      <span className="checkbox">
        <input id={requiredId} type="checkbox" checked={required} onChange={(event) => setRequired(event.target.checked)} />
        <label htmlFor={requiredId}>Required to sign off</label>
      </span>
      {error && <FormError id={errorId}>{error}</FormError>}
      <button type="submit" className="button" disabled={adding}>
        {adding ? 'Adding…' : 'Add organization'}
      </button>
    </form>
  );
}

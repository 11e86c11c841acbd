import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { Membership } from '../../shared/api/auth.ts';
import type { CreateStatementRequest } from '../../shared/api/statements.ts';
import { hasRole } from '../../shared/roles.ts';
import { errorMessage } from '../api/http.ts';
import { createStatement, validateCreateStatement } from '../api/statements.ts';
import { FormError } from '../lib/form-error.tsx';

/**
 * "New statement": a required title, the lead organization (one of the person's
 * organizations where they are editor or stronger: "Lead organization") and, optionally,
 * Markdown to start from. On success it opens the new statement. Without such an
 * organization the form is replaced by an explanation.
 */
export function NewStatementForm({ memberships }: { memberships: Membership[] }) {
  const leadOptions = memberships.filter((m) => hasRole(m.role, 'editor')).sort((a, b) => a.orgName.localeCompare(b.orgName));
  return (
    <section className="card new-statement" aria-labelledby="new-statement-heading">
      <h2 id="new-statement-heading">New statement</h2>
      {leadOptions.length === 0 ? (
        <p className="muted" data-testid="new-statement-unavailable">
          Starting a statement needs the editor role in an organization. You are a viewer in{' '}
          {memberships.map((m) => m.orgName).join(', ')}; ask an admin there for the editor role, or create your own
          organization under “Your organizations”.
        </p>
      ) : (
        <NewStatementFields leadOptions={leadOptions} />
      )}
    </section>
  );
}

function NewStatementFields({ leadOptions }: { leadOptions: Membership[] }) {
  const navigate = useNavigate();
  const titleId = useId();
  const leadId = useId();
  const leadHintId = useId();
  const markdownId = useId();
  const errorId = useId();
  const [title, setTitle] = useState('');
  const [leadOrgId, setLeadOrgId] = useState(leadOptions[0]?.orgId ?? '');
  const [markdown, setMarkdown] = useState('');
  const [wordFile, setWordFile] = useState<File | null>(null);
  const wordId = useId();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // The chosen organization may disappear from the list (role changed elsewhere): fall back to the first.
  const lead = leadOptions.some((m) => m.orgId === leadOrgId) ? leadOrgId : (leadOptions[0]?.orgId ?? '');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const request: CreateStatementRequest = { title: title.trim(), leadOrgId: lead };
    if (wordFile) request.docxBase64 = await fileToBase64(wordFile);
    else if (markdown.trim() !== '') request.markdown = markdown;
    const problem = validateCreateStatement(request);
    if (problem) return setError(problem);
    setError(null);
    setSubmitting(true);
    try {
      const statement = await createStatement(request);
      void navigate(`/statements/${statement.id}`);
    } catch (caught) {
      setError(errorMessage(caught));
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={error ? errorId : undefined}>
      <label htmlFor={titleId}>Title</label>
      <input
        id={titleId}
        name="title"
        type="text"
        required
        maxLength={300}
        autoComplete="off"
        value={title}
        aria-invalid={error !== null && title.trim() === ''}
        onChange={(event) => setTitle(event.target.value)}
      />

      <label htmlFor={leadId}>Lead organization</label>
      <select id={leadId} name="leadOrgId" value={lead} aria-describedby={leadHintId} onChange={(event) => setLeadOrgId(event.target.value)}>
        {leadOptions.map((m) => (
          <option key={m.orgId} value={m.orgId}>
            {m.orgName}
          </option>
        ))}
      </select>
      <p id={leadHintId} className="field-hint">
        Drafts the statement and invites partner organizations. Organizations where you can edit are listed.
      </p>

      <label htmlFor={markdownId}>
        Start from existing text <span className="label-hint">(optional; paste Markdown)</span>
      </label>
      <textarea
        id={markdownId}
        name="markdown"
        rows={6}
        value={markdown}
        placeholder={'## Our demands\n\nWe, the undersigned organizations, …'}
        onChange={(event) => setMarkdown(event.target.value)}
        disabled={wordFile !== null}
      />

      <label htmlFor={wordId}>
        Or start from a Word file <span className="label-hint">(optional; .docx, up to 1.4 MB)</span>
      </label>
      <input
        id={wordId}
        name="docx"
        type="file"
        accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        onChange={(event) => setWordFile(event.target.files?.[0] ?? null)}
      />

      {error && <FormError id={errorId}>{error}</FormError>}
      <button type="submit" className="button button--primary" disabled={submitting}>
        {submitting ? 'Creating…' : 'Create statement'}
      </button>
    </form>
  );
}

/** The file's bytes as base64, for the JSON request (the server converts it with mammoth). */
async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

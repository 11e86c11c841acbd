import { useId, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { CreateStatementRequest } from '../../shared/api/statements.ts';
import { errorMessage } from '../api/http.ts';
import { createStatement, validateCreateStatement } from '../api/statements.ts';

/**
 * "New statement": a required title and, optionally, Markdown to start from (pasted from
 * the document the coalition drafted so far). On success it opens the new statement.
 */
export function NewStatementForm() {
  const navigate = useNavigate();
  const titleId = useId();
  const markdownId = useId();
  const errorId = useId();
  const [title, setTitle] = useState('');
  const [markdown, setMarkdown] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    const request: CreateStatementRequest = { title: title.trim() };
    if (markdown.trim() !== '') request.markdown = markdown;
    const problem = validateCreateStatement(request);
    if (problem) {
      setError(problem.charAt(0).toUpperCase() + problem.slice(1) + '.');
      return;
    }
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
    <section className="card new-statement" aria-labelledby={`${titleId}-heading`}>
      <h2 id={`${titleId}-heading`}>New statement</h2>
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
        />

        {error && (
          <p id={errorId} className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={submitting}>
          {submitting ? 'Creating…' : 'Create statement'}
        </button>
      </form>
    </section>
  );
}

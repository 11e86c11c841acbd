import { useEffect, useState } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { exportUrl, fetchExport, publicPageUrl } from '../api/exports.ts';
import { errorMessage } from '../api/http.ts';
import { copyFetchedText, FetchFailed } from '../lib/clipboard.ts';

type CopyState = { state: 'idle' } | { state: 'copying' } | { state: 'copied' } | { state: 'failed'; message: string };

/** How long the "Copied" confirmation stays. */
const CONFIRMATION_MS = 6000;

/**
 * "Share and export": once published, the link to the public page (`/s/:id`, readable
 * without an account); always "Download HTML" and "Download Markdown" (plain links, the
 * server sends attachments) and "Copy as Markdown" (fetches the Markdown export and puts it
 * on the clipboard, confirmed in a polite status). Exports carry the current text — the
 * published one, once published — and its signatory list.
 *
 * Contract for tests: `data-testid` public-page-link, export-html, export-md,
 * copy-markdown, copy-markdown-status (the confirmation) and copy-markdown-error.
 */
export function ExportPanel({ statement }: { statement: StatementDetail }) {
  const [copy, setCopy] = useState<CopyState>({ state: 'idle' });
  const published = statement.status === 'published';

  useEffect(() => {
    if (copy.state !== 'copied') return;
    const timer = setTimeout(() => setCopy({ state: 'idle' }), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [copy]);

  async function copyMarkdown() {
    setCopy({ state: 'copying' });
    try {
      await copyFetchedText(fetchExport(statement.id, 'md'));
      setCopy({ state: 'copied' });
    } catch (error) {
      setCopy({
        state: 'failed',
        message:
          error instanceof FetchFailed
            ? `Could not get the Markdown: ${errorMessage(error.reason)}`
            : 'This browser did not allow copying. Use “Download Markdown” instead.',
      });
    }
  }

  return (
    <section className="export-panel" aria-labelledby="export-heading">
      <h2 id="export-heading">Share and export</h2>
      {published ? (
        <p className="export-panel__public">
          <a href={publicPageUrl(statement.id)} target="_blank" rel="noopener" data-testid="public-page-link">
            Open the public page<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
          <span className="field-hint"> Anyone with the link can read it, no account needed.</span>
        </p>
      ) : (
        <p className="field-hint">The public page opens once the statement is published.</p>
      )}
      <p className="field-hint">{published ? 'The published text with its signatories:' : 'The current text with the organizations that signed it:'}</p>
      <div className="export-panel__actions">
        <a className="button button--small" href={exportUrl(statement.id, 'html')} download data-testid="export-html">
          Download HTML
        </a>
        <a className="button button--small" href={exportUrl(statement.id, 'md')} download data-testid="export-md">
          Download Markdown
        </a>
        <button type="button" className="button button--small" data-testid="copy-markdown" disabled={copy.state === 'copying'} onClick={() => void copyMarkdown()}>
          {copy.state === 'copying' ? 'Copying…' : 'Copy as Markdown'}
        </button>
      </div>
      <p className="export-panel__status" role="status" data-testid="copy-markdown-status">
        {copy.state === 'copied' && 'Copied the Markdown to the clipboard.'}
      </p>
      {copy.state === 'failed' && (
        <p className="form-error" role="alert" data-testid="copy-markdown-error">
          {copy.message}
        </p>
      )}
    </section>
  );
}

import { Anchor, Button, Checkbox, Group, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { StatementDetail } from '../../shared/api/statements.ts';
import { exportUrl, fetchExport, publicPageUrl } from '../api/exports.ts';
import { errorMessage } from '../api/http.ts';
import { copyFetchedText, FetchFailed } from '../lib/clipboard.ts';
import { ErrorAlert } from '../lib/error-alert.tsx';

type CopyState = { state: 'idle' } | { state: 'copying' } | { state: 'copied' } | { state: 'failed'; message: string };

/** How long the "Copied" confirmation stays. */
const CONFIRMATION_MS = 6000;

/**
 * "Share and export": once published, the link to the public page (`/s/:id`, readable
 * without an account); always "Download HTML" and "Download Markdown" (plain links, the
 * server sends attachments) and "Copy as Markdown" (fetches the Markdown export and puts it
 * on the clipboard, confirmed in a polite status). Exports carry the current text — the
 * published one, once published — and its signatory list; with the certificate box ticked,
 * an appendix certifying the text.
 *
 * Contract for tests: `data-testid` public-page-link, export-html, export-md,
 * export-certificate, copy-markdown, copy-markdown-status (the confirmation) and copy-markdown-error.
 */
export function ExportPanel({ statement }: { statement: StatementDetail }) {
  const [copy, setCopy] = useState<CopyState>({ state: 'idle' });
  const [certificate, setCertificate] = useState(false);
  const published = statement.status === 'published';

  useEffect(() => {
    if (copy.state !== 'copied') return;
    const timer = setTimeout(() => setCopy({ state: 'idle' }), CONFIRMATION_MS);
    return () => clearTimeout(timer);
  }, [copy]);

  async function copyMarkdown() {
    setCopy({ state: 'copying' });
    try {
      await copyFetchedText(fetchExport(statement.id, 'md', { certificate }));
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
    <section aria-labelledby="export-heading">
      <Title order={2} size="h4" id="export-heading" mb="xs">
        Share and export
      </Title>
      {published ? (
        <Text size="sm" mb="xs">
          <Anchor href={publicPageUrl(statement.id)} target="_blank" rel="noopener" data-testid="public-page-link" fw={600}>
            Open the public page<span className="visually-hidden"> (opens in a new tab)</span>
          </Anchor>{' '}
          Anyone with the link can read it, no account needed.
        </Text>
      ) : (
        <Text size="xs" c="dimmed" mb="xs">
          The public page opens once the statement is published.
        </Text>
      )}
      <Text size="xs" c="dimmed" mb="xs">
        {published ? 'The published text with its signatories:' : 'The current text with the organizations that signed it:'}
      </Text>
      <Checkbox
        size="xs"
        mb="xs"
        label="Add a certificate: the content hash, and who signed for each organization, when"
        checked={certificate}
        onChange={(event) => setCertificate(event.currentTarget.checked)}
        data-testid="export-certificate"
      />
      <Group gap="xs">
        <Button component="a" variant="default" size="xs" href={exportUrl(statement.id, 'html', { certificate })} download data-testid="export-html">
          Download HTML
        </Button>
        <Button component="a" variant="default" size="xs" href={exportUrl(statement.id, 'md', { certificate })} download data-testid="export-md">
          Download Markdown
        </Button>
        <Button variant="default" size="xs" data-testid="copy-markdown" loading={copy.state === 'copying'} onClick={() => void copyMarkdown()}>
          Copy as Markdown
        </Button>
      </Group>
      <Text size="xs" mt={4} role="status" data-testid="copy-markdown-status">
        {copy.state === 'copied' && 'Copied the Markdown to the clipboard.'}
      </Text>
      <ErrorAlert testId="copy-markdown-error">{copy.state === 'failed' && copy.message}</ErrorAlert>
    </section>
  );
}

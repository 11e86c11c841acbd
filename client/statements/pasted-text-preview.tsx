import { Button, Group, Paper, Text } from '@mantine/core';
import { useMemo } from 'react';
import { createHtmlSanitizer, documentToHtml, htmlToDocument } from '../../shared/export/html.ts';
import { cleanPastedHtml } from '../../shared/import/pasted-html.ts';

let sanitizer: ReturnType<typeof createHtmlSanitizer> | null = null;

/**
 * Formatted text pasted into the creation form, as the statement will hold it: cleaned as a
 * paste into the editor is (shared/import/pasted-html.ts), read through the statement schema
 * (what it does not know is dropped, its text kept), rendered by the schema and sanitized.
 * So what is shown is what the server will make of the HTML, never the clipboard's own markup.
 */
export function pastedTextPreviewHtml(html: string): string {
  const doc = htmlToDocument(cleanPastedHtml(html, new DOMParser()));
  // The schema renders the title first; the preview shows the body only (the title is the form's).
  const body = { ...doc, content: (doc.content ?? []).slice(1) };
  sanitizer ??= createHtmlSanitizer(window);
  return sanitizer.text(documentToHtml(body).replace(/^<h1 data-type="title"><\/h1>/, ''));
}

/** The pasted text, formatted, with the way back to an empty box. It is edited in the statement once created. */
export function PastedTextPreview({ html, onRemove }: { html: string; onRemove: () => void }) {
  const preview = useMemo(() => pastedTextPreviewHtml(html), [html]);
  return (
    <div data-testid="pasted-text-preview">
      <Text size="sm" fw={500} id="pasted-text-label">
        Start from this formatted text
      </Text>
      <Text size="xs" c="dimmed" mb={4}>
        Its headings, lists, bold, italic and links are kept. Edit it in the statement once it is created.
      </Text>
      <Paper withBorder p="sm" radius="sm" mah={260} style={{ overflow: 'auto' }} aria-labelledby="pasted-text-label" role="region">
        <div className="pasted-text-preview" dangerouslySetInnerHTML={{ __html: preview }} />
      </Paper>
      <Group justify="flex-end" mt={4}>
        <Button variant="subtle" size="xs" onClick={onRemove}>
          Remove pasted text
        </Button>
      </Group>
    </div>
  );
}

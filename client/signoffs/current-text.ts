import { useQuery } from '@tanstack/react-query';
import { fetchCurrentTextHtml } from '../api/workflow.ts';
import { keys } from '../queries/keys.ts';

/**
 * The body of the export fragment (`<article class="statement">…</article>`) without what the
 * export adds after the text (its date, signatory list and certificate): the text alone, as
 * HTML the server sanitized. Parsed inertly (DOMParser runs no script and loads nothing).
 */
export function textOfExportFragment(html: string): string {
  const parsed = new DOMParser().parseFromString(html, 'text/html');
  const article = parsed.querySelector('article') ?? parsed.body;
  for (const extra of article.querySelectorAll('.statement-date, section.signatories, section.certificate, script, style')) extra.remove();
  return article.innerHTML;
}

/**
 * The server's current text of statement `id` as HTML, fetched again whenever the record's
 * `contentHash` changes (the key carries it, and it sits under the statement's key so a
 * live refresh refetches it too).
 */
export function useCurrentTextHtml(id: string, contentHash: string, enabled = true) {
  return useQuery({
    queryKey: [...keys.statement(id), 'text', contentHash],
    queryFn: async ({ signal }) => textOfExportFragment(await fetchCurrentTextHtml(id, signal)),
    enabled,
  });
}

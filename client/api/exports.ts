import type { ExportQuery } from '../../shared/api/export.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { apiText } from './http.ts';

/**
 * Exports and the public page. Downloads are plain links: the server answers them as
 * attachments (Content-Disposition), so the browser saves the file and the session cookie
 * goes along. Only "Copy as Markdown" fetches an export into the page.
 */

export type ExportFormat = ExportQuery['format'];

/** Which text, and whether an appendix certifies it (hash, who signed for which organization when). */
export interface ExportOptions {
  /** A kept version's content hash; by default the current text (the published one once published). */
  version?: string | undefined;
  certificate?: boolean | undefined;
}

function exportQuery(format: ExportFormat, options: ExportOptions): string {
  const query = new URLSearchParams({ format });
  if (options.version) query.set('version', options.version);
  if (options.certificate) query.set('certificate', 'true');
  return query.toString();
}

/** `/api/statements/:id/export?format=…`: the text with its signatory list, as a download. */
export function exportUrl(id: string, format: ExportFormat, options: ExportOptions = {}): string {
  return `${API_PREFIX}/statements/${encodeURIComponent(id)}/export?${exportQuery(format, options)}`;
}

/** The export as text, for the clipboard. */
export async function fetchExport(id: string, format: ExportFormat, options: ExportOptions = {}): Promise<string> {
  return apiText(`/statements/${encodeURIComponent(id)}/export?${exportQuery(format, options)}`);
}

/** The public read-only page of a published statement (no login; rendered by the server). */
export function publicPageUrl(id: string): string {
  return `/s/${encodeURIComponent(id)}`;
}

import type { ExportQuery } from '../../shared/api/export.ts';
import { API_PREFIX } from '../../shared/api/paths.ts';
import { apiText } from './http.ts';

/**
 * Exports and the public page. Downloads are plain links: the server answers them as
 * attachments (Content-Disposition), so the browser saves the file and the session cookie
 * goes along. Only "Copy as Markdown" fetches an export into the page.
 */

export type ExportFormat = ExportQuery['format'];

function exportQuery(format: ExportFormat, version?: string): string {
  const query = new URLSearchParams({ format });
  if (version) query.set('version', version);
  return query.toString();
}

/**
 * `/api/statements/:id/export?format=…`: the current text (the published one once
 * published) with its signatory list; with `version` (a content hash), a kept version.
 */
export function exportUrl(id: string, format: ExportFormat, version?: string): string {
  return `${API_PREFIX}/statements/${encodeURIComponent(id)}/export?${exportQuery(format, version)}`;
}

/** The export as text, for the clipboard. */
export async function fetchExport(id: string, format: ExportFormat, version?: string): Promise<string> {
  return apiText(`/statements/${encodeURIComponent(id)}/export?${exportQuery(format, version)}`);
}

/** The public read-only page of a published statement (no login; rendered by the server). */
export function publicPageUrl(id: string): string {
  return `/s/${encodeURIComponent(id)}`;
}

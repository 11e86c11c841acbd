import type { JSONContent } from '@tiptap/core';
import { ApiError } from '../../shared/errors.ts';
import type { ExportMeta, ExportSignatory } from '../../shared/export/export-meta.ts';
import { orderSignatories } from '../../shared/workflow.ts';
import type { Collaboration } from '../collab/collaboration.ts';
import { readStatementText } from '../collab/statement-text.ts';
import type { StatementRow, Store } from '../storage/store.ts';

/** A fixed text of a statement with what is printed under it. */
export interface ExportSource {
  doc: JSONContent;
  /** The title as it is in this very text (the statement list's copy may lag). */
  title: string;
  contentHash: string;
  /** In print order, each with who signed off on exactly this text for it, and when. */
  signatories: (ExportSignatory & { orgId: string })[];
  date: string | null;
}

/**
 * The text to export: `published` (the frozen published version), `current` (the live
 * text) or a kept version by its hash; by default the published text once there is one.
 * Its signatories are the organizations holding a sign-off of exactly that text.
 */
export async function loadExportSource(
  store: Store,
  collaboration: Collaboration,
  statement: StatementRow,
  version: 'published' | 'current' | string | undefined,
): Promise<ExportSource> {
  const wanted = version ?? (statement.publishedHash ? 'published' : 'current');
  let doc: JSONContent;
  let contentHash: string;
  if (wanted === 'current') {
    const text = await readStatementText(collaboration.hocuspocus, store, statement.id);
    doc = text.json;
    contentHash = text.contentHash;
  } else {
    const hash = wanted === 'published' ? statement.publishedHash : wanted;
    if (!hash) throw new ApiError('NOT_FOUND', 'This statement has not been published yet.');
    const kept = await store.workflow.version(statement.id, hash);
    if (!kept) throw new ApiError('NOT_FOUND', 'No version with this content hash was kept.');
    doc = JSON.parse(kept.documentJson) as JSONContent;
    contentHash = hash;
  }
  const [participants, signoffs] = await Promise.all([store.statements.participants(statement.id), store.workflow.signoffs(statement.id)]);
  const signed = new Map(signoffs.map((s) => [s.orgId, s]));
  const signatories = orderSignatories(
    participants.map((p) => ({ orgId: p.orgId, name: p.name, required: p.required, signedHash: signed.get(p.orgId)?.contentHash ?? null })),
    contentHash,
    statement.leadOrgId,
    statement.signatoryOrder,
  ).map(({ orgId, name }) => ({ orgId, name, signedBy: signed.get(orgId)?.signedBy.name, signedAt: signed.get(orgId)?.signedAt }));
  const date = contentHash === statement.publishedHash ? statement.publishedAt : null;
  const titleNode = doc.content?.[0];
  const title = titleNode?.type === 'title' ? (titleNode.content ?? []).map((n) => n.text ?? '').join('').trim() : '';
  return { doc, title: title || statement.title, contentHash, signatories, date };
}

/** What is printed under the text; the certificate only when asked for. */
export function exportMeta(source: ExportSource, certificate = false): ExportMeta {
  return { signatories: source.signatories, date: source.date, certificate: certificate ? { contentHash: source.contentHash } : null };
}

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

/** Who is printed under a text: the organizations holding a sign-off of exactly `contentHash`, in print order. */
export type ExportSignatories = ExportSource['signatories'];

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
    contentHash = (wanted === 'published' ? statement.publishedHash : wanted) ?? '';
    if (!contentHash) throw new ApiError('NOT_FOUND', 'This statement has not been published yet.');
    doc = await loadKeptText(store, statement.id, contentHash);
  }
  return exportSourceOf(statement, doc, contentHash, await loadSignatories(store, statement, contentHash));
}

/** The document of a version kept at a sign-off, lock or publish (404 NOT_FOUND when none has that hash). */
export async function loadKeptText(store: Store, statementId: string, contentHash: string): Promise<JSONContent> {
  const kept = await store.workflow.version(statementId, contentHash);
  if (!kept) throw new ApiError('NOT_FOUND', 'No version with this content hash was kept.');
  return JSON.parse(kept.documentJson) as JSONContent;
}

/** The signatories of one text, read from participants and sign-offs (two small reads; nothing is rendered). */
export async function loadSignatories(store: Store, statement: StatementRow, contentHash: string): Promise<ExportSignatories> {
  const [participants, signoffs] = await Promise.all([store.statements.participants(statement.id), store.workflow.signoffs(statement.id)]);
  const signed = new Map(signoffs.map((s) => [s.orgId, s]));
  return orderSignatories(
    participants.map((p) => ({ orgId: p.orgId, name: p.name, required: p.required, signedHash: signed.get(p.orgId)?.contentHash ?? null })),
    contentHash,
    statement.leadOrgId,
    statement.signatoryOrder,
  ).map(({ orgId, name }) => ({
    orgId,
    name,
    signedBy: signed.get(orgId)?.signedBy.name,
    signerTitle: signed.get(orgId)?.signerTitle ?? null,
    signedAt: signed.get(orgId)?.signedAt,
  }));
}

/**
 * An export source from its parts. Everything an export prints comes from these arguments:
 * the document (fixed by `contentHash`), the statement's `title` (when the text has none),
 * `publishedAt`/`publishedHash` (the date line) and `signatories`.
 */
export function exportSourceOf(statement: StatementRow, doc: JSONContent, contentHash: string, signatories: ExportSignatories): ExportSource {
  const date = contentHash === statement.publishedHash ? statement.publishedAt : null;
  const titleNode = doc.content?.[0];
  const title =
    titleNode?.type === 'title'
      ? (titleNode.content ?? [])
          .map((n) => n.text ?? '')
          .join('')
          .trim()
      : '';
  return { doc, title: title || statement.title, contentHash, signatories, date };
}

/** What is printed under the text; the certificate only when asked for. */
export function exportMeta(source: ExportSource, certificate = false): ExportMeta {
  return { signatories: source.signatories, date: source.date, certificate: certificate ? { contentHash: source.contentHash } : null };
}

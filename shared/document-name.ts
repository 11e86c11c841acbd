/**
 * Websocket document names. A statement's Y.Doc is addressed as `statement:<id>`;
 * nothing else may be opened over /collab.
 */
import { Id } from './api/ids.ts';

const PREFIX = 'statement:';

export function statementDocumentName(statementId: string): string {
  return `${PREFIX}${statementId}`;
}

/** The statement id a document name refers to, or null when the name is not a statement's. */
export function parseStatementDocumentName(documentName: string): string | null {
  if (!documentName.startsWith(PREFIX)) return null;
  const id = documentName.slice(PREFIX.length);
  return Id.safeParse(id).success ? id : null;
}

import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { CloseCodes } from '../../shared/close-codes.ts';
import { parseStatementDocumentName } from '../../shared/document-name.ts';
import { CollabTokenError, type CollabTokens } from '../auth/collab-token.ts';
import type { Store } from '../storage/store.ts';

/** What an authenticated connection carries in its Hocuspocus context. */
export interface CollabContext {
  userId: string;
  statementId: string;
}

/**
 * Admits a connection to `statement:<id>` only with a valid collab token for that very
 * statement (see POST /api/statements/:id/collab-token). Anything else is refused before
 * the document is loaded, with the reason from shared/close-codes.ts.
 */
export class CollabAuthentication implements Extension {
  readonly extensionName = 'CollabAuthentication';
  readonly priority = 1000;

  private readonly tokens: CollabTokens;
  private readonly store: Store;

  constructor(tokens: CollabTokens, store: Store) {
    this.tokens = tokens;
    this.store = store;
  }

  async onAuthenticate({ token, documentName }: onAuthenticatePayload): Promise<CollabContext> {
    const statementId = parseStatementDocumentName(documentName);
    if (!statementId) throw CloseCodes.Forbidden;
    let userId: string;
    try {
      userId = this.tokens.verify(token, statementId).sub;
    } catch (error) {
      if (error instanceof CollabTokenError) throw CloseCodes.Unauthorized;
      throw error;
    }
    if (!(await this.store.getStatement(statementId))) throw CloseCodes.Forbidden;
    return { userId, statementId };
  }
}

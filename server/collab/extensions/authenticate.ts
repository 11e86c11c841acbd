import type { Extension, onAuthenticatePayload } from '@hocuspocus/server';
import { CloseCodes } from '../../../shared/close-codes.ts';
import { paletteColor, type PresenceIdentity } from '../../../shared/collab-messages.ts';
import { parseStatementDocumentName } from '../../../shared/document-name.ts';
import { roleRank } from '../../../shared/roles.ts';
import { findStatementAccess, type StatementAccess } from '../../auth/access.ts';
import { CollabTokenError, type CollabTokens } from '../../auth/collab-token.ts';
import { canEdit } from '../../policies/statement-policy.ts';
import type { Store, UserRow } from '../../storage/store.ts';

/** What an authenticated connection carries in its Hocuspocus context. */
export interface CollabContext {
  userId: string;
  statementId: string;
  /** The session the collab token was issued under: the connection lives no longer than it. */
  sessionId: string;
  /** Shown to the other collaborators; overrides whatever the client puts in its awareness. */
  identity: PresenceIdentity;
}

/**
 * What a connection may do now, read from the database: `session` is the session's user when
 * the session still exists and is that user's (null once it ended: logout, another instance),
 * `access` the user's rights on the statement (null once they lost it).
 */
export async function readConnectionRights(
  store: Store,
  { userId, statementId, sessionId }: Pick<CollabContext, 'userId' | 'statementId' | 'sessionId'>,
): Promise<{ session: UserRow | null; access: StatementAccess | null }> {
  const [access, sessionUser] = await Promise.all([findStatementAccess(store, statementId, userId), store.accounts.findSessionUser(sessionId, new Date())]);
  return { session: sessionUser?.id === userId ? sessionUser : null, access };
}

/**
 * Admits a connection to `statement:<id>` only with a valid collab token for that very
 * statement, issued under a session that still exists, to a user who may still see it now
 * (rights are read from the database, not from the token). Viewers get read-only connections.
 */
export class CollabAuthentication implements Extension {
  readonly extensionName = 'CollabAuthentication';
  private readonly tokens: CollabTokens;
  private readonly store: Store;

  constructor(tokens: CollabTokens, store: Store) {
    this.tokens = tokens;
    this.store = store;
  }

  async onAuthenticate({ token, documentName, connectionConfig }: onAuthenticatePayload): Promise<CollabContext> {
    const statementId = parseStatementDocumentName(documentName);
    if (!statementId) throw CloseCodes.Forbidden;
    let userId: string;
    let sessionId: string;
    try {
      ({ sub: userId, sid: sessionId } = this.tokens.verify(token, statementId));
    } catch (error) {
      if (error instanceof CollabTokenError) throw CloseCodes.Unauthorized;
      throw error;
    }
    const { session, access } = await readConnectionRights(this.store, { userId, statementId, sessionId });
    // A token of a session that ended (logout, password change) is refused like a bad one.
    if (!session) throw CloseCodes.Unauthorized;
    if (!access) throw CloseCodes.Forbidden;
    connectionConfig.readOnly = !canEdit(access);
    return { userId, statementId, sessionId, identity: await this.identityOf(session.id, session.name, access) };
  }

  private async identityOf(userId: string, name: string, access: StatementAccess): Promise<PresenceIdentity> {
    // Shown as "Name · Organization": the participating organization that gives the strongest role.
    const [orgId] = [...access.orgRoles.entries()].sort(([, a], [, b]) => roleRank(b) - roleRank(a))[0]!;
    const org = (await this.store.orgs.get(orgId))?.name ?? '';
    // One colour per organization, so that a coalition sees at a glance who writes for whom.
    return { name, org, color: paletteColor(org || userId) };
  }
}

import type { Collaboration } from '../collab/collaboration.ts';
import type { Store } from '../storage/store.ts';
import type { LiveEvents } from './live-events.ts';

/**
 * After a workflow change to a statement: every open editor of it refetches (a stateless
 * message on its document), and every person who may see it refreshes their statement list
 * (a live signal). Neither carries content.
 */
export async function announceStatementChange(services: { store: Store; collaboration: Collaboration; live: LiveEvents }, statementId: string): Promise<void> {
  services.collaboration.notify(statementId, { type: 'workflow' });
  services.live.publish(await services.store.statements.memberIds(statementId), { type: 'statements', statementId });
}

import { z } from 'zod';
import { Id } from './ids.ts';

/**
 * Signals on GET /api/live (server-sent events, one JSON object per `data:` line). They carry
 * no content: each says what to refetch.
 * - `statements`: the reader's statement list may have changed (a sign-off, a status, a new participant);
 *   `statementId` names the statement when one did.
 * - `notifications`: new or read notifications.
 */
export const LiveEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('statements'), statementId: Id.optional() }),
  z.object({ type: z.literal('notifications') }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;

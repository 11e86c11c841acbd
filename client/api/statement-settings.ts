import { StatementResponse, type StatementDetail, type UpdateStatementRequest } from '../../shared/api/statements.ts';
import { apiRequest } from './http.ts';

/**
 * A statement's settings (PATCH /api/statements/:id, lead editors): the sign-off deadline and
 * whether it is archived. Each answers the statement as the server now has it; FORBIDDEN for
 * anyone else, STATEMENT_PUBLISHED for a deadline on a published statement.
 */

const statement = (id: string) => `/statements/${encodeURIComponent(id)}`;

export async function updateStatementSettings(id: string, request: UpdateStatementRequest): Promise<StatementDetail> {
  const { statement: updated } = await apiRequest(statement(id), StatementResponse, { method: 'PATCH', body: request });
  return updated;
}

/** Sets the sign-off deadline (a UTC instant, ISO 8601), or clears it with null. */
export function setSignoffDeadline(id: string, deadline: string | null): Promise<StatementDetail> {
  return updateStatementSettings(id, { signoffDeadline: deadline });
}

/** Archives the statement (it moves to the dashboard's "Archived"), or restores it. */
export function setArchived(id: string, archived: boolean): Promise<StatementDetail> {
  return updateStatementSettings(id, { archived });
}

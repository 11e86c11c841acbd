import {
  CollabTokenResponse,
  CreateStatementRequest,
  StatementListResponse,
  StatementResponse,
  type StatementDetail,
  type StatementListItem,
} from '../../shared/api/statements.ts';
import { apiCall, apiRequest } from './http.ts';
import { firstProblem } from './validate.ts';

/**
 * The statement endpoints, typed and validated with the shared schemas.
 * Every function throws ApiRequestError (see ./http.ts) on failure.
 */

const statement = (id: string) => `/statements/${encodeURIComponent(id)}`;

/** Only the statements the signed-in user may see. */
export async function listStatements(signal?: AbortSignal): Promise<StatementListItem[]> {
  const { statements } = await apiRequest('/statements', StatementListResponse, { signal });
  return statements;
}

/** One statement with its participants and the reader's rights; STATEMENT_NOT_FOUND (404) when it cannot be seen. */
export async function getStatement(id: string, signal?: AbortSignal): Promise<StatementDetail> {
  const { statement: found } = await apiRequest(statement(id), StatementResponse, { signal });
  return found;
}

export async function createStatement(request: CreateStatementRequest): Promise<StatementDetail> {
  const { statement: created } = await apiRequest('/statements', StatementResponse, { method: 'POST', body: request });
  return created;
}

/** Adds a participating organization, or changes whether it is required (lead editors). */
export async function setParticipant(id: string, orgId: string, required: boolean): Promise<StatementDetail> {
  const { statement: updated } = await apiRequest(`${statement(id)}/participants`, StatementResponse, { method: 'POST', body: { orgId, required } });
  return updated;
}

/** Removes a participating organization (lead editors); LEAD_ORG_REQUIRED for the lead. */
export async function removeParticipant(id: string, orgId: string): Promise<void> {
  await apiCall(`${statement(id)}/participants/${encodeURIComponent(orgId)}`, { method: 'DELETE' });
}

/**
 * A short-lived token for opening `statement:<id>` over /collab, and whose it is (the person
 * of the session cookie sent). Fetch a fresh one for every (re)connect.
 */
export async function fetchCollabToken(id: string): Promise<{ token: string; userId: string }> {
  return apiRequest(`${statement(id)}/collab-token`, CollabTokenResponse, { method: 'POST' });
}

/** Checks a create request with the shared schema before it is sent; returns the first problem, or null. */
export function validateCreateStatement(request: CreateStatementRequest): string | null {
  return firstProblem(CreateStatementRequest, request);
}

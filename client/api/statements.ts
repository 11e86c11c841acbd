import {
  CollabTokenResponse,
  CreateStatementRequest,
  StatementListResponse,
  StatementResponse,
  type StatementSummary,
} from '../../shared/api/statements.ts';
import { apiRequest } from './http.ts';

/**
 * The statement endpoints, typed and validated with the shared schemas.
 * Every function throws ApiRequestError (see ./http.ts) on failure.
 */

export async function listStatements(signal?: AbortSignal): Promise<StatementSummary[]> {
  const { statements } = await apiRequest('/statements', StatementListResponse, { signal });
  return statements;
}

export async function getStatement(id: string, signal?: AbortSignal): Promise<StatementSummary> {
  const { statement } = await apiRequest(`/statements/${encodeURIComponent(id)}`, StatementResponse, { signal });
  return statement;
}

export async function createStatement(request: CreateStatementRequest): Promise<StatementSummary> {
  const { statement } = await apiRequest('/statements', StatementResponse, { method: 'POST', body: request });
  return statement;
}

/** A short-lived token for opening `statement:<id>` over /collab. Fetch a fresh one for every (re)connect. */
export async function fetchCollabToken(id: string): Promise<string> {
  const { token } = await apiRequest(`/statements/${encodeURIComponent(id)}/collab-token`, CollabTokenResponse, { method: 'POST' });
  return token;
}

/** Checks a create request with the shared schema before it is sent; returns the first problem, or null. */
export function validateCreateStatement(request: CreateStatementRequest): string | null {
  const result = CreateStatementRequest.safeParse(request);
  return result.success ? null : (result.error.issues[0]?.message ?? 'The form is not valid.');
}

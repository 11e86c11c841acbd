import type { CreateStatementRequest, StatementSummary } from '../../shared/api/statements.ts';

/** A JSON request to the API; returns status and parsed body without throwing on errors. */
export async function api<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function createStatement(
  baseUrl: string,
  request: Partial<CreateStatementRequest> = {},
): Promise<StatementSummary> {
  const { status, body } = await api<{ statement: StatementSummary }>(baseUrl, 'POST', '/api/statements', {
    title: 'Joint statement on housing',
    ...request,
  });
  if (status !== 201) throw new Error(`creating a statement answered ${status}: ${JSON.stringify(body)}`);
  return body.statement;
}

export async function collabToken(baseUrl: string, statementId: string): Promise<string> {
  const { status, body } = await api<{ token: string }>(baseUrl, 'POST', `/api/statements/${statementId}/collab-token`);
  if (status !== 200) throw new Error(`collab-token answered ${status}`);
  return body.token;
}

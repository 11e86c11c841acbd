import {
  AcceptStatementInviteResponse,
  CreateStatementInviteRequest,
  CreateStatementInviteResponse,
  StatementInviteListResponse,
  StatementInvitePreviewResponse,
  type StatementInvitePreview,
} from '../../shared/api/statement-invites.ts';
import { apiCall, apiRequest } from './http.ts';
import { firstProblem } from './validate.ts';

/**
 * The statement invitation endpoints (a partner organization brought into one statement by a
 * link), typed and validated with the shared schemas. Every function throws ApiRequestError
 * (see ./http.ts) on failure.
 */

const invites = (statementId: string) => `/statements/${encodeURIComponent(statementId)}/invites`;
const link = (token: string) => `/statement-invites/${encodeURIComponent(token)}`;

/** A new single-use link (lead editors); e-mailed when `email` is given and the server sends e-mail. */
export async function createStatementInvite(statementId: string, request: CreateStatementInviteRequest): Promise<CreateStatementInviteResponse> {
  return apiRequest(invites(statementId), CreateStatementInviteResponse, { method: 'POST', body: request });
}

/** The statement's open invitations, never their tokens, and whether the server can e-mail links (lead editors). */
export async function listStatementInvites(statementId: string, signal?: AbortSignal): Promise<StatementInviteListResponse> {
  return apiRequest(invites(statementId), StatementInviteListResponse, { signal });
}

/** Withdraws an open invitation; INVITE_NOT_FOUND when it is no longer open. */
export async function revokeStatementInvite(statementId: string, inviteId: string): Promise<void> {
  await apiCall(`${invites(statementId)}/${encodeURIComponent(inviteId)}`, { method: 'DELETE' });
}

/** What a link offers, readable signed out; INVITE_INVALID / _EXPIRED / _USED / _REVOKED otherwise. */
export async function previewStatementInvite(token: string, signal?: AbortSignal): Promise<StatementInvitePreview> {
  const { invite } = await apiRequest(link(token), StatementInvitePreviewResponse, { signal });
  return invite;
}

/** Brings `orgId` (the caller administers it) into the statement; FORBIDDEN for a non-admin, ALREADY_A_PARTICIPANT when it takes part. */
export async function acceptStatementInvite(token: string, orgId: string): Promise<AcceptStatementInviteResponse> {
  return apiRequest(`${link(token)}/accept`, AcceptStatementInviteResponse, { method: 'POST', body: { orgId } });
}

export function validateStatementInvite(request: CreateStatementInviteRequest): string | null {
  return firstProblem(CreateStatementInviteRequest, request);
}

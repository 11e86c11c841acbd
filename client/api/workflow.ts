import { StatementResponse, type StatementDetail } from '../../shared/api/statements.ts';
import { AuditResponse, SignoffDiffResponse, VersionsResponse, type LockRequest, type SignOffRequest } from '../../shared/api/workflow.ts';
import { apiCall, apiRequest, apiText } from './http.ts';

/**
 * The workflow endpoints (sign-off, lock, publish, history), typed and validated with the
 * shared schemas. Every function throws ApiRequestError (see ./http.ts) on failure; the
 * codes a person can meet here are STALE_CONTENT, NOT_ALL_SIGNED, STATEMENT_LOCKED,
 * STATEMENT_NOT_LOCKED, STATEMENT_PUBLISHED, EMPTY_STATEMENT, LOCK_PENDING,
 * NOT_A_PARTICIPANT and FORBIDDEN.
 */

const statement = (id: string) => `/statements/${encodeURIComponent(id)}`;

export type AuditEvent = AuditResponse['events'][number];
export type Version = VersionsResponse['versions'][number];

/**
 * Signs the text whose hash is `contentHash` for `orgId` (its signatories), with the
 * signer's `signerTitle` when given. STALE_CONTENT (409) when the text has changed since
 * that hash: nothing is signed then.
 */
export async function signOff(id: string, request: SignOffRequest): Promise<StatementDetail> {
  const { statement: updated } = await apiRequest(`${statement(id)}/signoffs`, StatementResponse, { method: 'POST', body: request });
  return updated;
}

/** Withdraws `orgId`'s sign-off (its signatories). The server answers without the statement: refetch it. */
export async function withdrawSignoff(id: string, orgId: string): Promise<void> {
  await apiCall(`${statement(id)}/signoffs/${encodeURIComponent(orgId)}`, { method: 'DELETE' });
}

/** The redline from the text `orgId` signed to the current text. */
export async function fetchSignoffDiff(id: string, orgId: string, signal?: AbortSignal): Promise<SignoffDiffResponse> {
  return apiRequest(`${statement(id)}/signoffs/${encodeURIComponent(orgId)}/diff`, SignoffDiffResponse, { signal });
}

/**
 * Lead editors: the text becomes final (read-only for everyone), now (`delaySeconds` 0) or
 * after `delaySeconds`, announced to every open editor meanwhile (the answer's
 * `pendingLock` is then set; unlocking before it fires cancels it). EMPTY_STATEMENT (409)
 * when the body holds no text, LOCK_PENDING (409) while another lock is counting down.
 */
export async function lockStatement(id: string, request: LockRequest = {}): Promise<StatementDetail> {
  const { statement: updated } = await apiRequest(`${statement(id)}/lock`, StatementResponse, { method: 'POST', body: request });
  return updated;
}

/**
 * The statement's current text as the server holds it, as a sanitized HTML `<article>`
 * (the export fragment: the text, then its date and signatory list).
 */
export async function fetchCurrentTextHtml(id: string, signal?: AbortSignal): Promise<string> {
  return apiText(`${statement(id)}/export?format=html&fragment=true&version=current`, { signal });
}

/** Lead editors: back to drafting; while a lock is counting down (`pendingLock`), cancels it instead. */
export async function unlockStatement(id: string): Promise<StatementDetail> {
  const { statement: updated } = await apiRequest(`${statement(id)}/unlock`, StatementResponse, { method: 'POST' });
  return updated;
}

/** Lead signatories: publishes and freezes for good. NOT_ALL_SIGNED (409, details.missing) while a required sign-off is missing. */
export async function publishStatement(id: string): Promise<StatementDetail> {
  const { statement: updated } = await apiRequest(`${statement(id)}/publish`, StatementResponse, { method: 'POST' });
  return updated;
}

/** Versions kept at sign-offs, lock and publish, oldest first. */
export async function listVersions(id: string, signal?: AbortSignal): Promise<Version[]> {
  const { versions } = await apiRequest(`${statement(id)}/versions`, VersionsResponse, { signal });
  return versions;
}

/** Every workflow action on the statement, oldest first. */
export async function listAudit(id: string, signal?: AbortSignal): Promise<AuditEvent[]> {
  const { events } = await apiRequest(`${statement(id)}/audit`, AuditResponse, { signal });
  return events;
}

import {
  AcceptInviteResponse,
  CreateOrgRequest,
  InvitePreviewResponse,
  InviteListResponse,
  InviteResponse,
  type Invite,
  MembersResponse,
  OrgListResponse,
  OrgResponse,
  type DirectoryOrg,
  type Member,
  type Org,
} from '../../shared/api/orgs.ts';
import type { Role } from '../../shared/roles.ts';
import { apiCall, apiRequest } from './http.ts';
import { firstProblem } from './validate.ts';

/**
 * The organization and invitation endpoints, typed and validated with the shared schemas.
 * Every function throws ApiRequestError (see ./http.ts) on failure.
 */

const org = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`;
const invite = (token: string) => `/invites/${encodeURIComponent(token)}`;

/** Creates an organization; the caller becomes its admin. */
export async function createOrg(request: CreateOrgRequest): Promise<Org> {
  const { org: created } = await apiRequest('/orgs', OrgResponse, { method: 'POST', body: request });
  return created;
}

/** The directory of every organization on this instance. */
export async function listOrgs(signal?: AbortSignal): Promise<DirectoryOrg[]> {
  const { orgs } = await apiRequest('/orgs', OrgListResponse, { signal });
  return orgs;
}

export async function getOrg(orgId: string, signal?: AbortSignal): Promise<Org> {
  const { org: found } = await apiRequest(org(orgId), OrgResponse, { signal });
  return found;
}

/** Members and roles; only members may ask (others get FORBIDDEN). */
export async function listMembers(orgId: string, signal?: AbortSignal): Promise<Member[]> {
  const { members } = await apiRequest(`${org(orgId)}/members`, MembersResponse, { signal });
  return members;
}

/** Admins only; LAST_ADMIN when it would leave the organization without an admin. */
export async function setMemberRole(orgId: string, userId: string, role: Role): Promise<void> {
  await apiCall(`${org(orgId)}/members/${encodeURIComponent(userId)}`, { method: 'PATCH', body: { role } });
}

/** Removes a member (admins), or leaves (the caller's own id). LAST_ADMIN for the last admin. */
export async function removeMember(orgId: string, userId: string): Promise<void> {
  await apiCall(`${org(orgId)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' });
}

/** A single-use invitation link carrying `role` (admins only). */
export async function createInvite(orgId: string, role: Role): Promise<InviteResponse> {
  return apiRequest(`${org(orgId)}/invites`, InviteResponse, { method: 'POST', body: { role } });
}

/** Open invitations of the organization, without their tokens (admins only). */
export async function listInvites(orgId: string, signal?: AbortSignal): Promise<Invite[]> {
  const { invites } = await apiRequest(`${org(orgId)}/invites`, InviteListResponse, { signal });
  return invites;
}

/** Withdraws an open invitation (admins only); INVITE_NOT_FOUND when it is no longer open. */
export async function revokeInvite(orgId: string, inviteId: string): Promise<void> {
  await apiCall(`${org(orgId)}/invites/${encodeURIComponent(inviteId)}`, { method: 'DELETE' });
}

/** What an invitation offers; readable without a session. INVITE_INVALID / _EXPIRED / _USED / _REVOKED otherwise. */
export async function previewInvite(token: string, signal?: AbortSignal): Promise<InvitePreviewResponse> {
  return apiRequest(invite(token), InvitePreviewResponse, { signal });
}

export async function acceptInvite(token: string): Promise<AcceptInviteResponse> {
  return apiRequest(`${invite(token)}/accept`, AcceptInviteResponse, { method: 'POST' });
}

export function validateCreateOrg(request: CreateOrgRequest): string | null {
  return firstProblem(CreateOrgRequest, request);
}

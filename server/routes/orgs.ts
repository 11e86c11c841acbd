import type { FastifyInstance } from 'fastify';
import {
  AcceptInviteResponse,
  CreateInviteRequest,
  CreateOrgRequest,
  INVITE_LIFETIME_HOURS,
  InviteIdParams,
  InviteListResponse,
  InviteParams,
  InvitePreviewResponse,
  InviteResponse,
  MemberParams,
  MembersResponse,
  OrgListResponse,
  OrgParams,
  OrgResponse,
  UpdateMemberRequest,
} from '../../shared/api/orgs.ts';
import { ApiError } from '../../shared/errors.ts';
import { requireOrgRole } from '../auth/access.ts';
import { hashToken, newId, newSecretToken } from '../auth/tokens.ts';
import { AddressRateLimit } from '../http/anonymous-rate-limit.ts';
import { defineRoute } from '../http/route.ts';
import type { InviteRow, MembershipChangeRefusal, OrgRow, Store } from '../storage/store.ts';

const HOUR_MS = 60 * 60 * 1000;

async function findOrg(store: Store, orgId: string): Promise<OrgRow> {
  const org = await store.orgs.get(orgId);
  if (!org) throw new ApiError('ORG_NOT_FOUND');
  return org;
}

/**
 * The invitation, if it can be accepted now; otherwise the refusal that says why. An
 * invitation whose creator stopped being an admin was revoked with that change.
 */
function requireUsableInvite(invite: InviteRow | null, now: Date): InviteRow {
  if (!invite) throw new ApiError('INVITE_INVALID');
  if (invite.acceptedBy) throw new ApiError('INVITE_USED');
  if (invite.revokedAt) throw new ApiError('INVITE_REVOKED');
  if (new Date(invite.expiresAt) <= now) throw new ApiError('INVITE_EXPIRED');
  return invite;
}

function refusalError(refusal: MembershipChangeRefusal): ApiError {
  return refusal === 'last-admin' ? new ApiError('LAST_ADMIN') : new ApiError('MEMBER_NOT_FOUND');
}

export async function orgRoutes(app: FastifyInstance): Promise<void> {
  const { store, config, collaboration } = app.jointly;
  /** Anyone may ask what a link offers; per address, on its own budget (see AddressRateLimit). */
  const invitePreviewLimit = new AddressRateLimit(config.anonymousLimits);

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/orgs',
      tag: 'orgs',
      summary:
        'Create an organization; the creator becomes its admin. Names are unique regardless of case, spacing, punctuation, accents and lookalike letters',
      auth: 'session',
      body: CreateOrgRequest,
      response: OrgResponse,
      status: 201,
      errors: ['ORG_NAME_TAKEN'],
    },
    async ({ body, user }) => {
      const outcome = await store.orgs.create({ id: newId(), name: body.name, creatorId: user.id });
      if ('nameTakenBy' in outcome) {
        throw new ApiError(
          'ORG_NAME_TAKEN',
          `"${outcome.nameTakenBy.name}" already exists, and "${body.name}" reads the same. Add what tells yours apart (a city, a country).`,
        );
      }
      return { org: outcome.created };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/orgs',
      tag: 'orgs',
      summary:
        "The organizations I work with: my own and those I already share a statement with (others arrive by statement invitation), with their admins' e-mail domains and creation dates (what tells two apart)",
      auth: 'session',
      response: OrgListResponse,
    },
    async ({ user }) => ({ orgs: await store.orgs.list(user.id) }),
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/orgs/:orgId',
      tag: 'orgs',
      summary: 'One organization',
      auth: 'session',
      params: OrgParams,
      response: OrgResponse,
      errors: ['ORG_NOT_FOUND'],
    },
    async ({ params }) => ({ org: await findOrg(store, params.orgId) }),
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/orgs/:orgId/members',
      tag: 'orgs',
      summary: 'Members and their roles (members only)',
      auth: 'session',
      params: OrgParams,
      response: MembersResponse,
      errors: ['ORG_NOT_FOUND', 'FORBIDDEN'],
    },
    async ({ params, user }) => {
      await requireOrgRole(store, params.orgId, user.id, 'viewer');
      return { members: await store.orgs.members(params.orgId) };
    },
  );

  defineRoute(
    app,
    {
      method: 'PATCH',
      url: '/api/orgs/:orgId/members/:userId',
      tag: 'orgs',
      summary: "Change a member's role (admins)",
      auth: 'session',
      params: MemberParams,
      body: UpdateMemberRequest,
      errors: ['FORBIDDEN', 'MEMBER_NOT_FOUND', 'LAST_ADMIN'],
      status: 204,
    },
    async ({ params, body, user }) => {
      await requireOrgRole(store, params.orgId, user.id, 'admin');
      const refusal = await store.orgs.setRole(params.orgId, params.userId, body.role);
      if (refusal) throw refusalError(refusal);
      await collaboration.revalidateAccess({ userId: params.userId });
      return undefined;
    },
  );

  defineRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/orgs/:orgId/members/:userId',
      tag: 'orgs',
      summary: 'Remove a member (admins), or leave (yourself)',
      auth: 'session',
      params: MemberParams,
      errors: ['FORBIDDEN', 'MEMBER_NOT_FOUND', 'LAST_ADMIN'],
      status: 204,
    },
    async ({ params, user }) => {
      if (params.userId !== user.id) await requireOrgRole(store, params.orgId, user.id, 'admin');
      else await findOrg(store, params.orgId);
      const refusal = await store.orgs.removeMember(params.orgId, params.userId);
      if (refusal) throw refusalError(refusal);
      await collaboration.revalidateAccess({ userId: params.userId });
      return undefined;
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/orgs/:orgId/invites',
      tag: 'orgs',
      summary: 'Create an invitation link carrying a role (admins); signatory and admin links are short-lived',
      auth: 'session',
      params: OrgParams,
      body: CreateInviteRequest,
      response: InviteResponse,
      status: 201,
      errors: ['FORBIDDEN'],
    },
    async ({ params, body, user }) => {
      await requireOrgRole(store, params.orgId, user.id, 'admin');
      const token = newSecretToken();
      const id = newId();
      const hours = body.expiresInHours ?? INVITE_LIFETIME_HOURS[body.role].default;
      const expiresAt = new Date(Date.now() + hours * HOUR_MS);
      await store.orgs.createInvite({ id, tokenHash: hashToken(token), orgId: params.orgId, role: body.role, createdBy: user.id, expiresAt });
      return { id, token, url: new URL(`/invites/${token}`, config.publicUrl).href, role: body.role, expiresAt: expiresAt.toISOString() };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/orgs/:orgId/invites',
      tag: 'orgs',
      summary: 'Open invitations of an organization, never their tokens (admins)',
      auth: 'session',
      params: OrgParams,
      response: InviteListResponse,
      errors: ['FORBIDDEN'],
    },
    async ({ params, user }) => {
      await requireOrgRole(store, params.orgId, user.id, 'admin');
      const invites = await store.orgs.openInvites(params.orgId, new Date());
      return {
        invites: invites.map((invite) => ({
          id: invite.id,
          role: invite.role,
          createdBy: invite.createdBy,
          createdByName: invite.createdByName,
          createdAt: invite.createdAt,
          expiresAt: invite.expiresAt,
        })),
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/orgs/:orgId/invites/:inviteId',
      tag: 'orgs',
      summary: 'Revoke an open invitation (admins)',
      auth: 'session',
      params: InviteIdParams,
      errors: ['FORBIDDEN', 'INVITE_NOT_FOUND'],
      status: 204,
    },
    async ({ params, user }) => {
      await requireOrgRole(store, params.orgId, user.id, 'admin');
      if (!(await store.orgs.revokeInvite(params.orgId, params.inviteId, new Date()))) throw new ApiError('INVITE_NOT_FOUND');
      return undefined;
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/invites/:token',
      tag: 'orgs',
      summary: 'What an invitation link offers',
      auth: 'public',
      params: InviteParams,
      response: InvitePreviewResponse,
      errors: ['INVITE_INVALID', 'INVITE_EXPIRED', 'INVITE_USED', 'INVITE_REVOKED', 'RATE_LIMITED'],
    },
    async ({ params, request, reply }) => {
      invitePreviewLimit.refuseIfExceeded(request, reply);
      const invite = requireUsableInvite(await store.orgs.findInvite(hashToken(params.token)), new Date());
      return { org: await findOrg(store, invite.orgId), role: invite.role, expiresAt: invite.expiresAt };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/invites/:token/accept',
      tag: 'orgs',
      summary: 'Join the organization an invitation link is for',
      auth: 'session',
      params: InviteParams,
      response: AcceptInviteResponse,
      errors: ['INVITE_INVALID', 'INVITE_EXPIRED', 'INVITE_USED', 'INVITE_REVOKED'],
    },
    async ({ params, user }) => {
      const tokenHash = hashToken(params.token);
      const now = new Date();
      const accepted = await store.orgs.acceptInvite(tokenHash, user.id, now);
      if (!accepted) {
        requireUsableInvite(await store.orgs.findInvite(tokenHash), now);
        throw new ApiError('INVITE_INVALID'); // the row changed between the claim and this read
      }
      await collaboration.revalidateAccess({ userId: user.id });
      return { org: await findOrg(store, accepted.orgId), role: accepted.role };
    },
  );
}

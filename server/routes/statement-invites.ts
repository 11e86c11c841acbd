import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '../../shared/export/export-meta.ts';
import {
  AcceptStatementInviteRequest,
  AcceptStatementInviteResponse,
  CreateStatementInviteRequest,
  CreateStatementInviteResponse,
  STATEMENT_INVITE_LIFETIME_DAYS,
  StatementInviteIdParams,
  StatementInviteListResponse,
  StatementInvitePreviewResponse,
  StatementInviteTokenParams,
  type StatementInvite,
} from '../../shared/api/statement-invites.ts';
import { StatementParams } from '../../shared/api/statements.ts';
import { ApiError } from '../../shared/errors.ts';
import { findStatementAccess, requireStatementAccess } from '../auth/access.ts';
import { hashToken, newId, newSecretToken } from '../auth/tokens.ts';
import { AddressRateLimit } from '../http/anonymous-rate-limit.ts';
import { defineRoute } from '../http/route.ts';
import { announceStatementChange } from '../live/announce.ts';
import type { Mailer } from '../mail/mailer.ts';
import { authorize, refusal } from '../policies/statement-policy.ts';
import type { StatementInviteDetails, StatementInviteRow } from '../storage/statement-invite-store.ts';
import type { Store } from '../storage/store.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Said when a link is no longer open; the lead (not an organization's admin) makes a new one. */
const ASK_THE_LEAD = 'Ask the organization that invited you for a new one.';

function presentInvite(invite: StatementInviteRow): StatementInvite {
  return {
    id: invite.id,
    required: invite.required,
    email: invite.email,
    createdBy: invite.createdBy,
    createdAt: invite.createdAt,
    expiresAt: invite.expiresAt,
  };
}

/**
 * The invitation, if it can be accepted now; otherwise the refusal that says why. A link
 * lives no longer than its creator's right to manage the statement's participants (the
 * statement policy's `manageParticipants`): a lead editor who lost the role took it with them,
 * and once the statement is published nobody can be brought in by it.
 */
async function requireOpenInvite(store: Store, invite: StatementInviteDetails | null, now: Date): Promise<StatementInviteDetails> {
  if (!invite) throw new ApiError('INVITE_INVALID');
  if (invite.acceptedAt) throw new ApiError('INVITE_USED', `This invitation link has already been used. ${ASK_THE_LEAD}`);
  if (invite.revokedAt) throw new ApiError('INVITE_REVOKED', `This invitation link was withdrawn. ${ASK_THE_LEAD}`);
  if (new Date(invite.expiresAt) <= now) throw new ApiError('INVITE_EXPIRED', `This invitation link has expired. ${ASK_THE_LEAD}`);
  const creator = await findStatementAccess(store, invite.statementId, invite.createdBy.id);
  const refused = creator ? refusal(creator, 'manageParticipants') : new ApiError('FORBIDDEN');
  if (refused?.code === 'FORBIDDEN')
    throw new ApiError('INVITE_REVOKED', `This invitation link is no longer valid: its creator no longer leads the statement. ${ASK_THE_LEAD}`);
  if (refused) throw refused;
  return invite;
}

/** The invitation e-mail: who invites whom to what, the link, and until when (plain text and HTML). */
function invitationMail(input: {
  to: string;
  url: string;
  statementTitle: string;
  leadOrgName: string;
  inviterName: string;
  required: boolean;
  expiresAt: string;
}) {
  const role = input.required ? 'as a required signatory organization' : 'as an optional participant';
  const until = new Date(input.expiresAt).toUTCString();
  const text = [
    `${input.inviterName} of ${input.leadOrgName} invites your organization to co-write and sign "${input.statementTitle}" on Jointly, ${role}.`,
    '',
    `Open the invitation: ${input.url}`,
    '',
    `You will sign in or create an account, then choose the organization you admin (or create it). The link works once, for one organization, until ${until}.`,
  ].join('\n');
  const html = `<p>${escapeHtml(input.inviterName)} of ${escapeHtml(input.leadOrgName)} invites your organization to co-write and sign
<strong>${escapeHtml(input.statementTitle)}</strong> on Jointly, ${role}.</p>
<p><a href="${escapeHtml(input.url)}">Open the invitation</a></p>
<p>You will sign in or create an account, then choose the organization you admin (or create it). The link works once, for one organization, until ${escapeHtml(until)}.</p>`;
  return { to: input.to, subject: `${input.leadOrgName} invites you to sign "${input.statementTitle}"`, text, html };
}

/** Sends the invitation e-mail; false (logged) when it could not be sent, so the lead passes the link on instead. */
async function sendInvitation(mailer: Mailer, log: FastifyInstance['log'], mail: ReturnType<typeof invitationMail>): Promise<boolean> {
  try {
    await mailer.send(mail);
    return true;
  } catch (error) {
    log.warn({ err: error }, 'statement invitation e-mail not sent');
    return false;
  }
}

/** Open (usable) invitations one statement may hold at once. */
const MAX_OPEN_INVITES_PER_STATEMENT = 50;
/** Invitations one person may have Jointly e-mail per hour (the text of the mail is partly theirs). */
const INVITE_MAILS_PER_HOUR = 20;
const HOUR_MS = 60 * 60 * 1000;

export async function statementInviteRoutes(app: FastifyInstance): Promise<void> {
  const { store, config, collaboration, mailer } = app.jointly;
  /** Anyone may ask what a link offers; per address, on its own budget (see AddressRateLimit). */
  const previewLimit = new AddressRateLimit(config.anonymousLimits);

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statements/:id/invites',
      tag: 'statement invitations',
      summary: `Invite a partner organization by link (lead editors): single use, one organization, ${STATEMENT_INVITE_LIFETIME_DAYS} days; e-mailed when an address is given and e-mail is set up`,
      auth: 'session',
      params: StatementParams,
      body: CreateStatementInviteRequest,
      response: CreateStatementInviteResponse,
      status: 201,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'STATEMENT_PUBLISHED', 'RATE_LIMITED'],
    },
    async ({ params, body, user, reply }) => {
      const access = await requireStatementAccess(store, params.id, user.id);
      authorize(access, 'manageParticipants');
      // Bounds: a lead cannot pile up links, nor use invitations to send mail to anyone at will.
      if ((await store.statementInvites.openInvites(params.id, new Date())).length >= MAX_OPEN_INVITES_PER_STATEMENT) {
        throw new ApiError('RATE_LIMITED', `This statement already has ${MAX_OPEN_INVITES_PER_STATEMENT} open invitations. Revoke some before making more.`);
      }
      if (body.email && mailer.enabled) {
        const { allowed, retryAfterMs } = await store.rateLimits.hit(`statement-invite-mail:${user.id}`, HOUR_MS, INVITE_MAILS_PER_HOUR, Date.now());
        if (!allowed) {
          reply.header('retry-after', Math.ceil(retryAfterMs / 1000));
          throw new ApiError(
            'RATE_LIMITED',
            `You sent ${INVITE_MAILS_PER_HOUR} invitations by e-mail within an hour. Copy the link instead, or try again later.`,
          );
        }
      }
      const token = newSecretToken();
      const invite = await store.statementInvites.create({
        id: newId(),
        tokenHash: hashToken(token),
        statementId: params.id,
        required: body.required,
        email: body.email ?? null,
        createdBy: user.id,
        expiresAt: new Date(Date.now() + STATEMENT_INVITE_LIFETIME_DAYS * DAY_MS),
      });
      const url = new URL(`/statement-invites/${token}`, config.publicUrl).href;
      let emailed = false;
      if (body.email && mailer.enabled) {
        const leadOrg = await store.orgs.get(access.statement.leadOrgId);
        const mail = invitationMail({
          to: body.email,
          url,
          statementTitle: access.statement.title,
          leadOrgName: leadOrg?.name ?? '',
          inviterName: user.name,
          required: body.required,
          expiresAt: invite.expiresAt,
        });
        emailed = await sendInvitation(mailer, app.log, mail);
      }
      return { invite: presentInvite(invite), token, url, emailed };
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/statements/:id/invites',
      tag: 'statement invitations',
      summary: 'Open invitations of a statement, never their tokens (lead editors)',
      auth: 'session',
      params: StatementParams,
      response: StatementInviteListResponse,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'STATEMENT_PUBLISHED'],
    },
    async ({ params, user }) => {
      authorize(await requireStatementAccess(store, params.id, user.id), 'manageParticipants');
      const invites = await store.statementInvites.openInvites(params.id, new Date());
      return { invites: invites.map(presentInvite), canEmail: mailer.enabled };
    },
  );

  defineRoute(
    app,
    {
      method: 'DELETE',
      url: '/api/statements/:id/invites/:inviteId',
      tag: 'statement invitations',
      summary: 'Revoke an open invitation (lead editors)',
      auth: 'session',
      params: StatementInviteIdParams,
      status: 204,
      errors: ['STATEMENT_NOT_FOUND', 'FORBIDDEN', 'STATEMENT_PUBLISHED', 'INVITE_NOT_FOUND'],
    },
    async ({ params, user }) => {
      authorize(await requireStatementAccess(store, params.id, user.id), 'manageParticipants');
      if (!(await store.statementInvites.revoke(params.id, params.inviteId, new Date()))) {
        throw new ApiError('INVITE_NOT_FOUND', 'There is no open invitation with that id for this statement.');
      }
      return undefined;
    },
  );

  defineRoute(
    app,
    {
      method: 'GET',
      url: '/api/statement-invites/:token',
      tag: 'statement invitations',
      summary: 'What a statement invitation offers (public): the statement, the lead organization, who invites, required or optional, until when',
      auth: 'public',
      params: StatementInviteTokenParams,
      response: StatementInvitePreviewResponse,
      errors: ['INVITE_INVALID', 'INVITE_EXPIRED', 'INVITE_USED', 'INVITE_REVOKED', 'STATEMENT_PUBLISHED', 'RATE_LIMITED'],
    },
    async ({ params, user, request, reply }) => {
      previewLimit.refuseIfExceeded(request, reply);
      const invite = await requireOpenInvite(store, await store.statementInvites.find(hashToken(params.token)), new Date());
      const myOrgsTakingPart = user ? (await store.statements.rolesOnStatement(invite.statementId, user.id)).map((r) => r.orgId) : [];
      return {
        invite: {
          statement: { title: invite.statementTitle },
          leadOrg: { name: invite.leadOrgName },
          invitedBy: { name: invite.createdBy.name },
          required: invite.required,
          expiresAt: invite.expiresAt,
          myOrgsTakingPart,
        },
      };
    },
  );

  defineRoute(
    app,
    {
      method: 'POST',
      url: '/api/statement-invites/:token/accept',
      tag: 'statement invitations',
      summary: 'Bring an organization I admin into the statement, as the invitation says (required or optional); the link is then used up',
      auth: 'session',
      params: StatementInviteTokenParams,
      body: AcceptStatementInviteRequest,
      response: AcceptStatementInviteResponse,
      errors: ['INVITE_INVALID', 'INVITE_EXPIRED', 'INVITE_USED', 'INVITE_REVOKED', 'STATEMENT_PUBLISHED', 'FORBIDDEN', 'ALREADY_A_PARTICIPANT'],
    },
    async ({ params, body, user }) => {
      const tokenHash = hashToken(params.token);
      const now = new Date();
      const invite = await requireOpenInvite(store, await store.statementInvites.find(tokenHash), now);
      const outcome = await store.statementInvites.accept({ tokenHash, userId: user.id, orgId: body.orgId, now });
      if ('refused' in outcome) {
        switch (outcome.refused) {
          case 'not-admin':
            throw new ApiError('FORBIDDEN', 'Only an admin of an organization can bring it into a statement. Ask one of its admins to open this link.');
          case 'already-participant':
            throw new ApiError('ALREADY_A_PARTICIPANT');
          case 'published':
            throw new ApiError('STATEMENT_PUBLISHED');
          case 'unusable':
            // The link changed between the check above and the claim (used or withdrawn meanwhile): say how it is now.
            await requireOpenInvite(store, await store.statementInvites.find(tokenHash), new Date());
            throw new ApiError('INVITE_INVALID');
        }
      }
      const { statementId, orgId, required } = outcome.accepted;
      app.jointly.outbox.written();
      await announceStatementChange(app.jointly, statementId);
      await collaboration.revalidateAccess({ statementId });
      const org = await store.orgs.get(orgId);
      return { statement: { id: statementId, title: invite.statementTitle }, org: { id: orgId, name: org?.name ?? '' }, required };
    },
  );
}

import { z } from 'zod';
import { Id } from './ids.ts';
import { StatementId } from './statements.ts';

/**
 * Statement invitations (DESIGN.md, The coalition around the text): a link that brings one
 * partner organization into one statement. Lead editors make them; whoever opens the link,
 * signed in or not, sees who invites them to what, and an admin of an organization accepts it
 * for that organization, which becomes a participant (required or optional, as the lead chose).
 */

/** How long a statement invitation link can be accepted. */
export const STATEMENT_INVITE_LIFETIME_DAYS = 7;

const Email = z.string().trim().toLowerCase().email('not a valid e-mail address').max(254, 'the e-mail address is longer than 254 characters');

export const CreateStatementInviteRequest = z
  .object({
    /** Whether the organization that accepts must sign before the statement can be published. */
    required: z.boolean(),
    /** Where to e-mail the link (when e-mail is set up on the server); the link is answered either way. */
    email: Email.optional(),
  })
  .strict();
export type CreateStatementInviteRequest = z.infer<typeof CreateStatementInviteRequest>;

export const PersonName = z.object({ id: Id, name: z.string() });

/** An open invitation as the lead sees it: never its token. */
export const StatementInvite = z.object({
  id: Id,
  required: z.boolean(),
  /** The address the link was e-mailed to, if one was given. */
  email: z.string().nullable(),
  createdBy: PersonName,
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type StatementInvite = z.infer<typeof StatementInvite>;

export const CreateStatementInviteResponse = z.object({
  invite: StatementInvite,
  /** Shown once: only its hash is stored. */
  token: z.string(),
  /** The page to open: `<PUBLIC_URL>/statement-invites/<token>`. */
  url: z.string(),
  /** Whether the link was e-mailed to `invite.email` (false without an address, with e-mail off, or when sending failed). */
  emailed: z.boolean(),
});
export type CreateStatementInviteResponse = z.infer<typeof CreateStatementInviteResponse>;

export const StatementInviteListResponse = z.object({
  invites: z.array(StatementInvite),
  /** Whether this server sends e-mail (SMTP_URL): without it, the lead passes the link on themselves. */
  canEmail: z.boolean(),
});
export type StatementInviteListResponse = z.infer<typeof StatementInviteListResponse>;

export const StatementInviteIdParams = z.object({ id: StatementId, inviteId: Id }).strict();

export const StatementInviteTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'not a valid invitation') }).strict();

/** What a link offers, readable without a session: who invites whom to what, until when. */
export const StatementInvitePreview = z.object({
  statement: z.object({ title: z.string() }),
  leadOrg: z.object({ name: z.string() }),
  invitedBy: z.object({ name: z.string() }),
  required: z.boolean(),
  expiresAt: z.string(),
  /** For a signed-in caller: their organizations that already take part (they cannot accept for those). Empty when signed out. */
  myOrgsTakingPart: z.array(Id),
});
export type StatementInvitePreview = z.infer<typeof StatementInvitePreview>;

export const StatementInvitePreviewResponse = z.object({ invite: StatementInvitePreview });
export type StatementInvitePreviewResponse = z.infer<typeof StatementInvitePreviewResponse>;

export const AcceptStatementInviteRequest = z.object({ orgId: Id }).strict();
export type AcceptStatementInviteRequest = z.infer<typeof AcceptStatementInviteRequest>;

/** The statement the organization now takes part in (the client opens it). */
export const AcceptStatementInviteResponse = z.object({
  statement: z.object({ id: StatementId, title: z.string() }),
  org: z.object({ id: Id, name: z.string() }),
  required: z.boolean(),
});
export type AcceptStatementInviteResponse = z.infer<typeof AcceptStatementInviteResponse>;

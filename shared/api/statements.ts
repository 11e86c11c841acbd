import { z } from 'zod';
import { ROLES } from '../roles.ts';
import { Id } from './ids.ts';
import { ContentHash, Signoff, StatementStatus } from './workflow.ts';

/** Largest Markdown or HTML source accepted when creating a statement (a long statement is ~20 kB). */
export const MAX_SEED_SOURCE_BYTES = 256_000;

/** Largest Word file accepted, before base64 (the request body limit is 2 MiB). */
export const MAX_DOCX_BYTES = 1_400_000;

export const StatementId = Id;

export const StatementSummary = z.object({
  id: StatementId,
  title: z.string(),
  leadOrgId: Id,
  status: StatementStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StatementSummary = z.infer<typeof StatementSummary>;

export const Participant = z.object({
  orgId: Id,
  name: z.string(),
  required: z.boolean(),
  addedAt: z.string(),
  signoff: Signoff.nullable(),
});

export const OrgRef = z.object({ orgId: Id, name: z.string() });
export type Participant = z.infer<typeof Participant>;

/**
 * What the reader may do now, decided by the server's statement policy
 * (server/policies/statement-policy.ts) from their roles and the statement's status: the
 * client shows these and never derives them again. The server checks again on every action.
 */
export const StatementAbilities = z.object({
  /** Change the text: editor or stronger in a participating organization, while drafting. */
  canEdit: z.boolean(),
  /** Add and remove participants: editors of the lead organization, until published. */
  canManageParticipants: z.boolean(),
  /** Organizations the reader may sign (and withdraw) for: signatory or stronger there, until published. */
  canSignFor: z.array(Id),
  /** Set or clear the sign-off deadline: editors of the lead organization, until published. */
  canSetDeadline: z.boolean(),
  /** Archive or restore: editors of the lead organization, in any status. */
  canArchive: z.boolean(),
  /** Lock: editors of the lead organization, while drafting. */
  canLock: z.boolean(),
  /** Unlock: editors of the lead organization, while locked. */
  canUnlock: z.boolean(),
  /** Publish: signatories of the lead organization, until published (every required sign-off is checked apart). */
  canPublish: z.boolean(),
});
export type StatementAbilities = z.infer<typeof StatementAbilities>;

/** Longest statement title (a title is a line, not a paragraph). */
export const MAX_TITLE_LENGTH = 300;

/** A lock the lead scheduled: it fires at `lockAt` unless cancelled (POST /unlock). */
export const PendingLock = z.object({ lockAt: z.string(), requestedBy: z.object({ id: Id, name: z.string() }) });
export type PendingLock = z.infer<typeof PendingLock>;

/** A statement as its reader sees it, with what they may do on it. */
export const StatementDetail = StatementSummary.extend({
  /** Hash of the current text (updated within a second of the last acknowledged edit). */
  contentHash: ContentHash,
  publishedHash: ContentHash.nullable(),
  publishedAt: z.string().nullable(),
  /** Lead first, then alphabetical; each with its sign-off state. */
  participants: z.array(Participant),
  /** Organizations holding a sign-off of the current (or, once published, the published) text, in print order. */
  signatories: z.array(OrgRef),
  /** Required organizations without a sign-off of the current text. */
  missingSignoffs: z.array(OrgRef),
  /** The same list under the contract's name (DESIGN.md, Deadlines): whose turn it is. */
  waitingOn: z.array(OrgRef),
  /** When every required organization should have signed (UTC ISO 8601); null: no deadline. */
  signoffDeadline: z.string().nullable(),
  /** Set while a scheduled lock is counting down. */
  pendingLock: PendingLock.nullable(),
  /** When the lead archived the statement (hidden from the main list); null: not archived. */
  archivedAt: z.string().nullable(),
  /** The reader's strongest role across the participating organizations. */
  myRole: z.enum(ROLES),
  ...StatementAbilities.shape,
});
export type StatementDetail = z.infer<typeof StatementDetail>;

export const CreateStatementRequest = z
  .object({
    /** May be empty only with a Word file: its own title (or first heading) is taken. */
    title: z.string().trim().max(MAX_TITLE_LENGTH, `title is longer than ${MAX_TITLE_LENGTH} characters`),
    leadOrgId: Id,
    markdown: z.string().max(MAX_SEED_SOURCE_BYTES, 'markdown is longer than 256,000 characters').optional(),
    html: z.string().max(MAX_SEED_SOURCE_BYTES, 'html is longer than 256,000 characters').optional(),
    /** A Word (.docx) file, base64-encoded. */
    docxBase64: z
      .string()
      .max(Math.ceil(MAX_DOCX_BYTES / 3) * 4, 'the Word file is larger than 1.4 MB')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'docxBase64 is not base64')
      .optional(),
  })
  .strict()
  .refine((body) => [body.markdown, body.html, body.docxBase64].filter((source) => source !== undefined).length <= 1, {
    message: 'give at most one of markdown, html or docxBase64, not several',
  })
  .refine((body) => body.title !== '' || body.docxBase64 !== undefined, { message: 'title is required', path: ['title'] });
export type CreateStatementRequest = z.infer<typeof CreateStatementRequest>;

/** Lead editors change these; each field given is changed, `null` clears it. */
export const UpdateStatementRequest = z
  .object({
    /** UTC instant (ISO 8601 with Z or an offset). */
    signoffDeadline: z.iso.datetime({ offset: true, message: 'signoffDeadline is an ISO 8601 date and time' }).nullable().optional(),
    archived: z.boolean().optional(),
  })
  .strict()
  .refine((body) => body.signoffDeadline !== undefined || body.archived !== undefined, { message: 'give signoffDeadline or archived' });
export type UpdateStatementRequest = z.infer<typeof UpdateStatementRequest>;

export const StatementParams = z.object({ id: StatementId }).strict();
export const ParticipantParams = z.object({ id: StatementId, orgId: Id }).strict();

export const AddParticipantRequest = z.object({ orgId: Id, required: z.boolean() }).strict();
export type AddParticipantRequest = z.infer<typeof AddParticipantRequest>;

export const StatementResponse = z.object({ statement: StatementDetail });
export type StatementResponse = z.infer<typeof StatementResponse>;

/** How far sign-off has come on the text that counts (the current one; once published, the published one). */
export const SignoffCounts = z.object({
  /** Participating organizations holding a sign-off of that text. */
  signed: z.number().int().nonnegative(),
  /** Participating organizations whose sign-off is of an earlier text. */
  stale: z.number().int().nonnegative(),
  /** Participating organizations. */
  total: z.number().int().nonnegative(),
});
export type SignoffCounts = z.infer<typeof SignoffCounts>;

/**
 * A statement in my list: enough for the dashboard without loading each one.
 * `waitingOn`: required organizations without a sign-off of the text that counts (optional ones apart);
 * `needsMySignoff`: those of them the reader may sign for (signatory or admin there), until published.
 */
export const StatementListItem = StatementSummary.extend({
  leadOrgName: z.string(),
  signoffs: SignoffCounts,
  /** The same counts among the required participants only (what publishing waits for; optional ones apart). */
  requiredSignoffs: SignoffCounts,
  waitingOn: z.array(OrgRef),
  needsMySignoff: z.array(OrgRef),
  signoffDeadline: z.string().nullable(),
  pendingLock: PendingLock.nullable(),
  archivedAt: z.string().nullable(),
});
export type StatementListItem = z.infer<typeof StatementListItem>;

export const StatementListResponse = z.object({ statements: z.array(StatementListItem) });
export type StatementListResponse = z.infer<typeof StatementListResponse>;

/** `userId`: whose token it is (the session's person): a page opened for someone else must not use it. */
export const CollabTokenResponse = z.object({ token: z.string(), userId: Id });
export type CollabTokenResponse = z.infer<typeof CollabTokenResponse>;

import { z } from 'zod';
import { Id } from './ids.ts';

export const STATEMENT_STATUSES = ['drafting', 'locked', 'published'] as const;
export const StatementStatus = z.enum(STATEMENT_STATUSES);
export type StatementStatus = z.infer<typeof StatementStatus>;

export const ContentHash = z.string().regex(/^[0-9a-f]{64}$/, 'not a content hash');

export const PersonRef = z.object({ id: Id, name: z.string() });

export const Signoff = z.object({
  contentHash: ContentHash,
  signedBy: PersonRef,
  signedAt: z.string(),
  /** The signer's title as given when signing ("Executive Director"); null when none was given. */
  signerTitle: z.string().nullable(),
  /** True while the current text still has the signed hash. */
  current: z.boolean(),
});
export type Signoff = z.infer<typeof Signoff>;

/** Longest signer title ("Executive Director, Tenants Union of the North-West"). */
export const MAX_SIGNER_TITLE_LENGTH = 120;

export const SignOffRequest = z
  .object({
    orgId: Id,
    contentHash: ContentHash,
    /** Shown in the certificate and, where given, beside the organization. Blank counts as none. */
    signerTitle: z
      .string()
      .trim()
      .max(MAX_SIGNER_TITLE_LENGTH, `the title is longer than ${MAX_SIGNER_TITLE_LENGTH} characters`)
      .regex(/^[^\p{Cc}]*$/u, 'the title is one line of text')
      .optional(),
  })
  .strict();
export type SignOffRequest = z.infer<typeof SignOffRequest>;

/** Longest a lead may wait before a scheduled lock fires (10 minutes). */
export const MAX_LOCK_DELAY_SECONDS = 600;

export const LockRequest = z
  .object({
    /** 0 (or absent): lock now. Otherwise lock after this many seconds, announced to every open editor; unlock before then cancels. */
    delaySeconds: z.number().int().min(0).max(MAX_LOCK_DELAY_SECONDS).optional(),
  })
  .strict();
export type LockRequest = z.infer<typeof LockRequest>;

export const SignoffParams = z.object({ id: Id, orgId: Id }).strict();

export const SignatoryOrderRequest = z
  .object({ orgIds: z.array(Id).max(500).nullable() })
  .strict()
  .refine((body) => body.orgIds === null || new Set(body.orgIds).size === body.orgIds.length, { message: 'an organization appears twice' });
export type SignatoryOrderRequest = z.infer<typeof SignatoryOrderRequest>;

/** One piece of a block's text in a redline. */
export const DiffPart = z.object({ text: z.string(), change: z.enum(['same', 'added', 'removed']) });
export type DiffPart = z.infer<typeof DiffPart>;

/** One block (title, paragraph, heading, list item…) of a redline, word by word. */
export const DiffBlock = z.object({
  kind: z.string(),
  change: z.enum(['same', 'changed', 'added', 'removed']),
  parts: z.array(DiffPart),
});
export type DiffBlock = z.infer<typeof DiffBlock>;

export const SignoffDiffResponse = z.object({
  orgId: Id,
  signedHash: ContentHash,
  currentHash: ContentHash,
  current: z.boolean(),
  blocks: z.array(DiffBlock),
});
export type SignoffDiffResponse = z.infer<typeof SignoffDiffResponse>;

export const Version = z.object({
  id: z.number().int(),
  contentHash: ContentHash,
  reason: z.string(),
  createdBy: PersonRef.nullable(),
  createdAt: z.string(),
});
export const VersionsResponse = z.object({ versions: z.array(Version) });
export type VersionsResponse = z.infer<typeof VersionsResponse>;

export const AuditEvent = z.object({
  id: z.number().int(),
  at: z.string(),
  user: PersonRef.nullable(),
  orgId: Id.nullable(),
  orgName: z.string().nullable(),
  action: z.string(),
  contentHash: ContentHash.nullable(),
  details: z.unknown(),
});
export const AuditResponse = z.object({ events: z.array(AuditEvent) });
export type AuditResponse = z.infer<typeof AuditResponse>;

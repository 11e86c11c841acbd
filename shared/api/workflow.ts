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
  /** True while the current text still has the signed hash. */
  current: z.boolean(),
});
export type Signoff = z.infer<typeof Signoff>;

export const SignOffRequest = z.object({ orgId: Id, contentHash: ContentHash }).strict();
export type SignOffRequest = z.infer<typeof SignOffRequest>;

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

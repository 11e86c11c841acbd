import { z } from 'zod';

/** Largest Markdown or HTML source accepted when creating a statement. */
export const MAX_SEED_SOURCE_BYTES = 1_000_000;

export const StatementId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a statement id');

export const StatementSummary = z.object({
  id: StatementId,
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StatementSummary = z.infer<typeof StatementSummary>;

export const CreateStatementRequest = z
  .object({
    title: z.string().trim().min(1, 'title is required').max(300, 'title is longer than 300 characters'),
    markdown: z.string().max(MAX_SEED_SOURCE_BYTES, 'markdown is larger than 1 MB').optional(),
    html: z.string().max(MAX_SEED_SOURCE_BYTES, 'html is larger than 1 MB').optional(),
  })
  .strict()
  .refine((body) => !(body.markdown !== undefined && body.html !== undefined), {
    message: 'give markdown or html, not both',
  });
export type CreateStatementRequest = z.infer<typeof CreateStatementRequest>;

export const StatementParams = z.object({ id: StatementId }).strict();

export const StatementResponse = z.object({ statement: StatementSummary });
export type StatementResponse = z.infer<typeof StatementResponse>;

export const StatementListResponse = z.object({ statements: z.array(StatementSummary) });
export type StatementListResponse = z.infer<typeof StatementListResponse>;

export const CollabTokenResponse = z.object({ token: z.string() });
export type CollabTokenResponse = z.infer<typeof CollabTokenResponse>;

import { z } from 'zod';
import { ContentHash } from './workflow.ts';

export const ExportQuery = z
  .object({
    format: z.enum(['html', 'md']),
    /** `published` (default once published), `current` (default before), or a content hash of a kept version. */
    version: z.union([z.enum(['published', 'current']), ContentHash]).optional(),
  })
  .strict();
export type ExportQuery = z.infer<typeof ExportQuery>;

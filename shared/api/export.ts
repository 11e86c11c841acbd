import { z } from 'zod';
import { ContentHash } from './workflow.ts';

export const ExportQuery = z
  .object({
    format: z.enum(['html', 'md']),
    /** `published` (default once published), `current` (default before), or a content hash of a kept version. */
    version: z.union([z.enum(['published', 'current']), ContentHash]).optional(),
    /** `true` adds an appendix certifying the text: its hash, and who signed off for which organization when. */
    certificate: z.enum(['true', 'false']).optional(),
    /** HTML only: `true` answers the bare `<article>` fragment, for pasting into a website, instead of a standalone page. */
    fragment: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type ExportQuery = z.infer<typeof ExportQuery>;

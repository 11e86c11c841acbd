import type { z } from 'zod';
import { ApiError } from '../../shared/errors.ts';

/** Parses `input` with a shared schema; a failure is a 400 VALIDATION_FAILED naming every problem. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    message: issue.message,
  }));
  const summary = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('; ');
  throw new ApiError('VALIDATION_FAILED', `Invalid request: ${summary}`, problems);
}

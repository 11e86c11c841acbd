import type { z } from 'zod';

/**
 * Checks a request with its shared schema before it is sent, so a person learns what to
 * fix without a round trip. Returns the first problem as a sentence ("Title is required."),
 * or null when the request is valid. The server checks again with the same schema.
 */
export function firstProblem(schema: z.ZodType, request: unknown): string | null {
  const result = schema.safeParse(request);
  if (result.success) return null;
  const message = result.error.issues[0]?.message ?? 'the form is not valid';
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}

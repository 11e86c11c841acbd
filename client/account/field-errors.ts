import { useEffect, type CSSProperties, type RefObject } from 'react';
import type { z } from 'zod';
import { ApiRequestError, errorMessage, type ClientErrorCode } from '../api/http.ts';

/**
 * Problems of a form, each shown under its own field where it has one (`fields`), the rest
 * once under the form (`form`). Built from the shared schema before sending, and from the
 * server's answer after: a VALIDATION_FAILED lists `{ path, message }` per field, and codes
 * that concern one field (a wrong current password, a taken address) are put on it.
 */
export interface FormProblems<F extends string> {
  fields: Partial<Record<F, string>>;
  form: string | null;
}

export const NO_PROBLEMS: FormProblems<never> = { fields: {}, form: null };

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? '' : '.');
}

function place<F extends string>(problems: FormProblems<F>, fields: readonly F[], path: string, message: string): void {
  const field = fields.find((f) => f === path);
  if (field && !problems.fields[field]) problems.fields[field] = sentence(message);
  else if (!field) problems.form ??= sentence(message);
}

/** Checks `request` with its shared schema; every problem, on its field. Empty when valid. */
export function checkForm<F extends string>(schema: z.ZodType, request: unknown, fields: readonly F[]): FormProblems<F> {
  const problems: FormProblems<F> = { fields: {}, form: null };
  const result = schema.safeParse(request);
  if (!result.success) for (const issue of result.error.issues) place(problems, fields, issue.path.join('.'), issue.message);
  return problems;
}

/** The problems a failed request names; `codeFields` puts a whole error code on one field. */
export function problemsOf<F extends string>(error: unknown, fields: readonly F[], codeFields: Partial<Record<ClientErrorCode, F>> = {}): FormProblems<F> {
  const problems: FormProblems<F> = { fields: {}, form: null };
  if (error instanceof ApiRequestError) {
    const onField = codeFields[error.code];
    if (onField) {
      problems.fields[onField] = errorMessage(error);
      return problems;
    }
    if (error.code === 'VALIDATION_FAILED' && Array.isArray(error.details)) {
      for (const detail of error.details as { path?: unknown; message?: unknown }[]) {
        if (typeof detail.path === 'string' && typeof detail.message === 'string') place(problems, fields, detail.path, detail.message);
      }
      if (Object.keys(problems.fields).length > 0 || problems.form) return problems;
    }
  }
  problems.form = errorMessage(error);
  return problems;
}

export function hasProblems(problems: FormProblems<string>): boolean {
  return problems.form !== null || Object.keys(problems.fields).length > 0;
}

/**
 * Set on a form: a field's error text (and the text typed into a field in error) in red.9,
 * which keeps 4.5:1 on white; Mantine's default error red (red.6) does not (axe: 3.3:1).
 */
export const READABLE_ERRORS = { '--mantine-color-error': 'var(--mantine-color-red-9)' } as CSSProperties;

/**
 * After a refused submit, moves focus to the first field in error (Mantine marks it
 * aria-invalid and links its message), so a keyboard or screen reader user lands on what to fix.
 */
export function useFocusFirstProblem(form: RefObject<HTMLFormElement | null>, problems: FormProblems<string>): void {
  useEffect(() => {
    if (Object.keys(problems.fields).length === 0) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, problems]);
}

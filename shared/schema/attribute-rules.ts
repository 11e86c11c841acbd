import { isSafeLinkTarget } from './link.ts';

/**
 * What a statement's node and mark attributes may hold, beyond the schema's names: the types
 * and sizes that admission checks before any update is stored (a Y.Doc attribute can hold
 * anything a client writes). An attribute or mark attribute not listed here is refused.
 *
 * Each rule returns null when the value is allowed, or the problem in words. `null` always
 * means "unset" (y-prosemirror writes only non-null node attributes; marks carry every attribute).
 */
export type AttributeRule = (value: unknown) => string | null;

/** Heading levels a statement uses (the Heading extension's default list). */
export const HEADING_LEVELS: readonly number[] = [1, 2, 3, 4, 5, 6];

/** A code block's language: a plain word as a Markdown fence's info string carries it ("js", "c++"). */
export const CODE_LANGUAGE = /^[\w#+.-]{1,40}$/;

/** Ordered list numbering styles (the HTML `type` attribute). */
export const ORDERED_LIST_TYPES: readonly string[] = ['1', 'a', 'A', 'i', 'I'];

const oneOf =
  (allowed: readonly unknown[]): AttributeRule =>
  (value) =>
    value === null || allowed.includes(value) ? null : `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;

const text =
  (maxLength: number, pattern?: RegExp): AttributeRule =>
  (value) => {
    if (value === null) return null;
    if (typeof value !== 'string') return 'must be text';
    if (value.length > maxLength) return `must be at most ${maxLength} characters`;
    if (pattern && !pattern.test(value)) return `must match ${pattern}`;
    return null;
  };

const integer =
  (min: number, max: number): AttributeRule =>
  (value) =>
    value === null || (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) ? null : `must be a whole number from ${min} to ${max}`;

const nothing: AttributeRule = (value) => (value === null ? null : 'must not be set');

/** Node name → attribute name → rule. Nodes not listed have no attributes. */
export const NODE_ATTRIBUTE_RULES: Readonly<Record<string, Readonly<Record<string, AttributeRule>>>> = {
  heading: { level: oneOf(HEADING_LEVELS) },
  codeBlock: { language: text(40, CODE_LANGUAGE) },
  orderedList: { start: integer(0, 1_000_000), type: oneOf(ORDERED_LIST_TYPES) },
};

/** Mark name → attribute name → rule. Marks not listed have no attributes. */
export const MARK_ATTRIBUTE_RULES: Readonly<Record<string, Readonly<Record<string, AttributeRule>>>> = {
  link: {
    href: (value) => {
      const problem = text(2048)(value);
      if (problem) return problem;
      return typeof value === 'string' && isSafeLinkTarget(value) ? null : 'must be an http, https or mailto address';
    },
    target: oneOf(['_blank']),
    // Only link types that keep the target away from the page (never "opener").
    rel: text(128, /^(?:(?:noopener|noreferrer|nofollow|ugc|external)(?: |$))*$/),
    // The export's own classes must never be forgeable from the text (see server/export/).
    class: nothing,
    title: text(512),
  },
};

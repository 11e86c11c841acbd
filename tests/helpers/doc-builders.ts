import type { JSONContent } from '@tiptap/core';

/**
 * Fixtures that read like documents (after ProseMirror's test builders):
 * `statement('Title', p('Hello ', b('world')), ul(li(p('one'))))`.
 */
type Child = JSONContent | string;

const nodes = (children: Child[]): JSONContent[] => children.map((c) => (typeof c === 'string' ? { type: 'text', text: c } : c));
const block =
  (type: string, attrs?: Record<string, unknown>) =>
  (...children: Child[]): JSONContent => ({
    type,
    ...(attrs ? { attrs } : {}),
    ...(children.length ? { content: nodes(children) } : {}),
  });
const mark =
  (type: string, attrs?: Record<string, unknown>) =>
  (...children: (Child | JSONContent[])[]): JSONContent[] =>
    nodes(children.flat()).map((n) => ({ ...n, marks: [...(n.marks ?? []), { type, ...(attrs ? { attrs } : {}) }] }));

export function statement(title: string, ...body: JSONContent[]): JSONContent {
  return { type: 'doc', content: [{ type: 'title', ...(title ? { content: [{ type: 'text', text: title }] } : {}) }, ...body] };
}
/** A paragraph; marked runs (arrays) are spread in. */
export const p = (...children: (Child | JSONContent[])[]): JSONContent => block('paragraph')(...children.flat());
export const h = (level: number, ...children: (Child | JSONContent[])[]): JSONContent => block('heading', { level })(...children.flat());
export const ul = block('bulletList');
export const ol = (start: number, ...items: JSONContent[]): JSONContent => block('orderedList', { start })(...items);
export const li = block('listItem');
export const quote = block('blockquote');
export const code = (language: string | null, text: string): JSONContent => block('codeBlock', { language })(text);
export const hr = (): JSONContent => ({ type: 'horizontalRule' });
export const br = (): JSONContent => ({ type: 'hardBreak' });
export const b = mark('bold');
export const i = mark('italic');
export const s = mark('strike');
export const u = mark('underline');
export const c = mark('code');
export const a = (href: string, ...children: (Child | JSONContent[])[]): JSONContent[] => mark('link', { href })(...children);

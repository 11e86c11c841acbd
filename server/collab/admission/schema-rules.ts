import type { NodeType } from '@tiptap/pm/model';
import { MARK_ATTRIBUTE_RULES, NODE_ATTRIBUTE_RULES } from '../../../shared/schema/attribute-rules.ts';
import { statementSchema } from '../../../shared/schema/extensions.ts';

/**
 * Where each node of the statement schema may appear, read once from the shared schema: the
 * Y.Doc layout y-prosemirror writes is one Y.XmlElement per node (named after its type), one
 * Y.XmlText per run of text (marks as its formatting attributes), node attributes as the
 * element's attributes. Admission refuses a struct that would put anything else anywhere.
 *
 * This checks each node against the set of node types its parent's content expression can
 * hold, not the expression's order or counts: an incomplete structure (a list item without its
 * paragraph) converts to a smaller valid document and is never "repaired" in the Y.Doc.
 */
export interface PlacementRules {
  /** Node names allowed as children of the fragment's root (the `doc` node). */
  readonly rootChildren: ReadonlySet<string>;
  /** Node names allowed as element children of `node`. */
  childrenOf(node: string): ReadonlySet<string> | undefined;
  /** Whether `node` holds text (a Y.XmlText child). */
  holdsText(node: string): boolean;
  /** Whether text directly inside `node` may carry `mark`. */
  allowsMark(node: string, mark: string): boolean;
  /** Null when `value` is allowed for attribute `name` of `node`, otherwise the problem. */
  checkNodeAttribute(node: string, name: string, value: unknown): string | null;
  /** Null when `value` (a mark's attributes as y-prosemirror stores them) is allowed for `mark`, otherwise the problem. */
  checkMarkValue(mark: string, value: unknown): string | null;
}

function reachableTypes(type: NodeType): Set<string> {
  const names = new Set<string>();
  const seen = new Set<unknown>();
  const stack = [type.contentMatch];
  while (stack.length > 0) {
    const match = stack.pop()!;
    if (seen.has(match)) continue;
    seen.add(match);
    for (let i = 0; i < match.edgeCount; i++) {
      const edge = match.edge(i);
      names.add(edge.type.name);
      stack.push(edge.next);
    }
  }
  return names;
}

function buildRules(): PlacementRules {
  const schema = statementSchema;
  const children = new Map<string, Set<string>>();
  for (const [name, type] of Object.entries(schema.nodes)) {
    if (name !== 'text') children.set(name, reachableTypes(type));
  }
  const rootChildren = children.get(schema.topNodeType.name)!;
  return {
    rootChildren,
    childrenOf: (node) => children.get(node),
    holdsText: (node) => children.get(node)?.has('text') ?? false,
    allowsMark: (node, mark) => {
      const nodeType = schema.nodes[node];
      const markType = schema.marks[mark];
      return !!nodeType && !!markType && nodeType.allowsMarkType(markType);
    },
    checkNodeAttribute: (node, name, value) => {
      const rule = NODE_ATTRIBUTE_RULES[node]?.[name];
      if (!rule) return `${node} has no attribute "${name}"`;
      const problem = rule(value);
      return problem && `${node}.${name} ${problem}`;
    },
    checkMarkValue: (mark, value) => {
      if (value === null) return null;
      if (typeof value !== 'object' || Array.isArray(value)) return `${mark} must carry an attribute object`;
      const rules = MARK_ATTRIBUTE_RULES[mark] ?? {};
      for (const [name, attribute] of Object.entries(value as Record<string, unknown>)) {
        const rule = rules[name];
        if (!rule) return `${mark} has no attribute "${name}"`;
        const problem = rule(attribute);
        if (problem) return `${mark}.${name} ${problem}`;
      }
      return null;
    },
  };
}

export const placementRules: PlacementRules = buildRules();

export { markNameOfFormatKey } from '../../../shared/schema/ydoc.ts';

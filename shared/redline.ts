import type { JSONContent } from '@tiptap/core';
import { diffArrays, diffWordsWithSpace } from 'diff';
import type { DiffBlock, DiffPart } from './api/workflow.ts';

interface TextBlock {
  kind: string;
  text: string;
}

const TEXT_BLOCKS = new Set(['title', 'heading', 'paragraph', 'codeBlock']);

/** The document's text blocks in reading order (list items and quotes are looked into). */
export function textBlocksOf(doc: JSONContent): TextBlock[] {
  const blocks: TextBlock[] = [];
  const visit = (node: JSONContent) => {
    if (node.type && TEXT_BLOCKS.has(node.type)) {
      blocks.push({ kind: node.type === 'heading' ? `heading ${String(node.attrs?.level ?? '')}`.trim() : node.type, text: inlineText(node) });
    } else if (node.type === 'horizontalRule') {
      blocks.push({ kind: 'horizontalRule', text: '' });
    } else {
      for (const child of node.content ?? []) visit(child);
    }
  };
  visit(doc);
  return blocks;
}

function inlineText(node: JSONContent): string {
  return (node.content ?? []).map((child) => (child.type === 'hardBreak' ? '\n' : (child.text ?? inlineText(child)))).join('');
}

/**
 * A word-level redline from `before` to `after`: blocks are aligned first (equal blocks
 * match), then a removed block followed by an added one is shown as one changed block
 * with word insertions and deletions. Marks are not compared, only text and block kinds.
 */
export function redline(before: JSONContent, after: JSONContent): DiffBlock[] {
  const key = (block: TextBlock) => `${block.kind}\u0000${block.text}`;
  const a = textBlocksOf(before);
  const b = textBlocksOf(after);
  const changes = diffArrays(a.map(key), b.map(key));
  const result: DiffBlock[] = [];
  let ai = 0;
  let bi = 0;
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const count = change.value.length;
    if (!change.added && !change.removed) {
      for (let k = 0; k < count; k++) result.push(whole(a[ai + k]!, 'same'));
      ai += count;
      bi += count;
      continue;
    }
    if (change.removed && changes[i + 1]?.added) {
      const added = changes[i + 1]!.value.length;
      const paired = Math.min(count, added);
      for (let k = 0; k < paired; k++) result.push(wordDiff(a[ai + k]!, b[bi + k]!));
      for (let k = paired; k < count; k++) result.push(whole(a[ai + k]!, 'removed'));
      for (let k = paired; k < added; k++) result.push(whole(b[bi + k]!, 'added'));
      ai += count;
      bi += added;
      i++;
      continue;
    }
    if (change.removed) {
      for (let k = 0; k < count; k++) result.push(whole(a[ai + k]!, 'removed'));
      ai += count;
    } else {
      for (let k = 0; k < count; k++) result.push(whole(b[bi + k]!, 'added'));
      bi += count;
    }
  }
  return result;
}

function whole(block: TextBlock, change: 'same' | 'added' | 'removed'): DiffBlock {
  return { kind: block.kind, change, parts: [{ text: block.text, change }] };
}

function wordDiff(before: TextBlock, after: TextBlock): DiffBlock {
  const parts: DiffPart[] = diffWordsWithSpace(before.text, after.text).map((piece) => ({
    text: piece.value,
    change: piece.added ? 'added' : piece.removed ? 'removed' : 'same',
  }));
  return { kind: after.kind, change: 'changed', parts };
}

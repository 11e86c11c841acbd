import CodeBlock from '@tiptap/extension-code-block';

/** A code block's language as Markdown may carry it in a fence's info string: a plain word such as "js" or "c++". */
export function safeCodeLanguage(language: unknown): string {
  return typeof language === 'string' && /^[\w#+.-]{1,40}$/.test(language) ? language : '';
}

/**
 * Code blocks whose Markdown fence cannot be closed or broken by their content: the fence is
 * one backtick longer than the longest run of backticks inside, and a language that is not a
 * plain word is left out (a Y.Doc attribute can hold anything).
 */
export const StatementCodeBlock = CodeBlock.extend({
  renderMarkdown: (node, helpers) => {
    const text = node.content ? helpers.renderChildren(node.content) : '';
    const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = '`'.repeat(Math.max(3, longestRun + 1));
    return `${fence}${safeCodeLanguage(node.attrs?.language)}\n${text}\n${fence}`;
  },
});

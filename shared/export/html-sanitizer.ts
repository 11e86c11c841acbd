import createDOMPurify, { type WindowLike } from 'dompurify';
import { safeCodeLanguage } from '../schema/code-block.ts';

/**
 * Removes anything active from exported HTML, with one policy for each of the two things an
 * export holds (see {@link createHtmlSanitizer}).
 */
export interface HtmlSanitizer {
  /**
   * The statement text as the schema renders it: its elements only, links to http, https and
   * mailto, no classes but a code block's language, no ids. Nothing in it can pass for the
   * export's own parts.
   */
  text(html: string): string;
  /**
   * The export's own parts under the text (date line, signatory block, certificate): their
   * classes, ids and labels survive only on their own elements, where the export puts them.
   */
  ownParts(html: string): string;
}

/** The export's own elements that carry a class, by class: the element each stands on, at the top level of the parts. */
export const OWN_PART_ELEMENTS: Readonly<Record<string, string>> = {
  'statement-date': 'p',
  signatories: 'section',
  certificate: 'section',
};

/** The sections with a heading: the heading's id and the section's `aria-labelledby` are `<class>-heading`. */
const LABELLED_SECTIONS = new Set(['signatories', 'certificate']);

const TEXT_TAGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'strong', 'em', 's', 'u', 'a'];
const OWN_PART_TAGS = ['section', 'h2', 'p', 'time', 'ul', 'li', 'dl', 'dt', 'dd', 'code', 'strong', 'em'];

/** Attributes the schema renders, by element; any other attribute of the text is removed. */
const TEXT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'title', 'target', 'rel'],
  ol: ['start', 'type'],
  h1: ['data-type'],
  code: ['class'],
};
const OWN_PART_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  p: ['class'],
  section: ['class', 'aria-labelledby'],
  h2: ['id'],
  time: ['datetime'],
};

/** Every exported link opens apart from the page and cannot reach back into it (no `rel="opener"`). */
const LINK_TARGET = '_blank';
const LINK_REL = 'noopener noreferrer nofollow';
const ORDERED_LIST_TYPES = new Set(['1', 'a', 'A', 'i', 'I']);

/**
 * DOMPurify on the given window (the browser's own, or jsdom's on the server), limited to the
 * statement's elements and to http, https and mailto links. This is the last line of defence:
 * the schema's renderer already escapes text and refuses unsafe link targets, and admission
 * refuses attributes outside the schema; the sanitizer holds even for HTML neither produced.
 *
 * Classes, ids and labels are the export's own (stylesheet, links and screen readers rely on
 * them): a class or id written into the text could otherwise dress it up as the signatory
 * block or the certificate. So the text keeps none (a code block's `language-…` aside), and
 * the own parts keep theirs only at the element and the place the export puts them.
 */
export function createHtmlSanitizer(window: WindowLike): HtmlSanitizer {
  const text = purifier(window, TEXT_TAGS, TEXT_ATTRIBUTES, keepTextAttribute);
  const ownParts = purifier(window, OWN_PART_TAGS, OWN_PART_ATTRIBUTES, keepOwnPartAttribute);
  return { text, ownParts };
}

type KeepAttribute = (element: Element, name: string, value: string) => boolean;

function purifier(window: WindowLike, tags: string[], attributes: Readonly<Record<string, readonly string[]>>, keep: KeepAttribute) {
  const purify = createDOMPurify(window);
  // Runs once per element after DOMPurify's own checks, parents before children: a parent's
  // attributes are already final when its children are judged.
  purify.addHook('afterSanitizeAttributes', (node) => {
    const element = node as Element;
    const allowed = attributes[element.nodeName.toLowerCase()] ?? [];
    // The class first: whether a label or a heading id may stay depends on it.
    const names = Array.from(element.attributes, (attribute) => attribute.name).sort((a, b) => Number(b === 'class') - Number(a === 'class'));
    for (const name of names) {
      if (!allowed.includes(name) || !keep(element, name, element.getAttribute(name) ?? '')) element.removeAttribute(name);
    }
    if (element.nodeName === 'A') {
      if (element.getAttribute('target') !== LINK_TARGET) element.setAttribute('target', LINK_TARGET);
      if (element.getAttribute('rel') !== LINK_REL) element.setAttribute('rel', LINK_REL);
    }
  });
  const config = {
    ALLOWED_TAGS: tags,
    ALLOWED_ATTR: [...new Set(Object.values(attributes).flat())],
    // DOMPurify's own pattern with the schemes cut down to ours: a value with a scheme must
    // be http, https or mailto; plain values (a date, "title") have none and pass.
    ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
  };
  return (html: string): string => purify.sanitize(html, config);
}

function keepTextAttribute(element: Element, name: string, value: string): boolean {
  switch (name) {
    case 'class':
      // `<pre><code class="language-js">`: a code block's language, nothing else.
      return element.parentElement?.nodeName === 'PRE' && value.startsWith('language-') && safeCodeLanguage(value.slice('language-'.length)) !== '';
    case 'data-type':
      return value === 'title';
    case 'start':
      return /^\d{1,7}$/.test(value);
    case 'type':
      return ORDERED_LIST_TYPES.has(value);
    default:
      return true;
  }
}

function keepOwnPartAttribute(element: Element, name: string, value: string): boolean {
  switch (name) {
    case 'class':
      return isTopLevel(element) && OWN_PART_ELEMENTS[value] === element.nodeName.toLowerCase();
    case 'aria-labelledby': {
      const own = element.getAttribute('class') ?? '';
      return isTopLevel(element) && LABELLED_SECTIONS.has(own) && OWN_PART_ELEMENTS[own] === element.nodeName.toLowerCase() && value === `${own}-heading`;
    }
    case 'id': {
      // The heading of a labelled section, as its direct child.
      const section = element.parentElement;
      const own = section?.getAttribute('class') ?? '';
      return !!section && isTopLevel(section) && section.nodeName === 'SECTION' && LABELLED_SECTIONS.has(own) && value === `${own}-heading`;
    }
    default:
      return true;
  }
}

/** A top-level element of the HTML being sanitized (DOMPurify parses it into a document's body). */
function isTopLevel(element: Element): boolean {
  return element.parentNode?.nodeName === 'BODY';
}

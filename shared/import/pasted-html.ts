/**
 * Clipboard HTML from Word and Google Docs, reshaped so that the statement schema's own
 * parse rules keep headings, lists, bold, italic and links and drop the rest. Runs on the
 * given DOMParser, whose documents are inert in browsers (no scripts, no loads); a server
 * DOM must be configured the same way (see server/seed/seed-worker.ts).
 */

/** Elements that carry no text a statement could use. */
const NOISE = 'style, script, meta, link, title, xml, template, object, iframe, img, svg';

export function cleanPastedHtml(html: string, parser: DOMParser): string {
  const doc = parser.parseFromString(html, 'text/html');
  for (const element of Array.from(doc.querySelectorAll(NOISE))) element.remove();
  removeComments(doc.body);
  for (const element of Array.from(doc.body.getElementsByTagName('*'))) {
    // Word's namespaced elements (<o:p>, <w:sdt>…) wrap nothing but layout.
    if (element.tagName.includes(':')) unwrap(element);
  }
  // Word's list bullets and numbers are text in a span marked "mso-list:Ignore".
  for (const marker of Array.from(doc.body.querySelectorAll('[style*="mso-list"]'))) {
    if (!/mso-list:\s*ignore/i.test(marker.getAttribute('style') ?? '')) continue;
    const paragraph = marker.closest('p');
    if (paragraph && !paragraph.hasAttribute('data-list-marker')) paragraph.setAttribute('data-list-marker', marker.textContent ?? '');
    marker.remove();
  }
  rebuildWordLists(doc);
  // Google Docs wraps the whole clipboard in <b style="font-weight:normal" id="docs-internal-guid-…">.
  for (const wrapper of Array.from(doc.body.querySelectorAll('b[id^="docs-internal-guid"]'))) unwrap(wrapper);
  // Links are underlined by their own styling; the underline is not the author's emphasis.
  for (const span of Array.from(doc.body.querySelectorAll('a [style*="text-decoration"]'))) {
    (span as HTMLElement).style.removeProperty('text-decoration');
    (span as HTMLElement).style.removeProperty('text-decoration-line');
  }
  moveStrayNestedLists(doc);
  // Word separates paragraphs with paragraphs of one &nbsp;; spacing is the stylesheet's job.
  for (const paragraph of Array.from(doc.body.querySelectorAll('p'))) {
    if (!paragraph.textContent?.trim() && !paragraph.querySelector('br')) paragraph.remove();
  }
  return doc.body.innerHTML;
}

function unwrap(element: Element): void {
  element.replaceWith(...Array.from(element.childNodes));
}

function removeComments(root: Node): void {
  const walker = root.ownerDocument!.createTreeWalker(root, 128 /* NodeFilter.SHOW_COMMENT */);
  const comments: Node[] = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
}

interface WordListParagraph {
  element: Element;
  level: number;
  ordered: boolean;
}

/** Word's "mso-list:l0 level2 lfo1" paragraph, or null for any other element. */
function asWordListParagraph(element: Element): WordListParagraph | null {
  if (element.tagName !== 'P') return null;
  const style = element.getAttribute('style') ?? '';
  const list = /mso-list:\s*l\d+\s+level(\d+)/i.exec(style);
  if (!list) return null;
  const marker = element.getAttribute('data-list-marker') ?? '';
  return { element, level: Number(list[1]), ordered: /^\s*[\dA-Za-z]{1,4}[.)]/.test(marker) };
}

/**
 * Turns runs of Word list paragraphs into nested <ul>/<ol>. The list type comes from the
 * bullet or number Word printed (read before the markers are removed, see below).
 */
function rebuildWordLists(doc: Document): void {
  const paragraphs = Array.from(doc.body.querySelectorAll('p[style*="mso-list"]'));
  if (paragraphs.length === 0) return;
  let run: WordListParagraph[] = [];
  const flush = () => {
    if (run.length > 0) buildList(doc, run);
    run = [];
  };
  for (const element of paragraphs) {
    const item = asWordListParagraph(element);
    if (!item) continue;
    const previous = run.at(-1);
    if (previous && nextElementSkippingBlank(previous.element) !== element) flush();
    run.push(item);
  }
  flush();
}

function nextElementSkippingBlank(element: Element): Element | null {
  let node = element.nextSibling;
  while (node && node.nodeType === 3 && !node.textContent?.trim()) node = node.nextSibling;
  return node?.nodeType === 1 ? (node as Element) : null;
}

function buildList(doc: Document, items: WordListParagraph[]): void {
  const first = items[0]!.element;
  const stack: { list: Element; level: number }[] = [];
  let root: Element | undefined;
  // A copied selection can start inside a sub-list: no item sits shallower than the first.
  const rootLevel = items[0]!.level;
  for (const item of items) {
    const level = Math.max(item.level, rootLevel);
    while (stack.length > 1 && stack.at(-1)!.level > level) stack.pop();
    let top = stack.at(-1);
    if (!top || top.level < level) {
      const list = doc.createElement(item.ordered ? 'ol' : 'ul');
      if (top) (top.list.lastElementChild ?? top.list).appendChild(list);
      else root = list;
      top = { list, level };
      stack.push(top);
    }
    const li = doc.createElement('li');
    const p = doc.createElement('p');
    p.append(...Array.from(item.element.childNodes));
    li.appendChild(p);
    top.list.appendChild(li);
  }
  first.replaceWith(root!);
  for (const item of items.slice(1)) item.element.remove();
}

/** Google Docs nests a sub-list directly in its parent list; the schema wants it inside the previous item. */
function moveStrayNestedLists(doc: Document): void {
  for (const list of Array.from(doc.body.querySelectorAll('ul > ul, ul > ol, ol > ul, ol > ol'))) {
    const previous = list.previousElementSibling;
    if (previous?.tagName === 'LI') previous.appendChild(list);
  }
}

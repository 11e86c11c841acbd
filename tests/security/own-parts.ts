import { Window } from 'happy-dom';

/** Where the export's own classes, ids and labels stand: a top-level part of the article, or the heading of one. */
const OWN_TOP_LEVEL: Record<string, string> = { 'statement-date': 'P', signatories: 'SECTION', certificate: 'SECTION' };
const OWN_HEADINGS: Record<string, string> = { 'signatories-heading': 'signatories', 'certificate-heading': 'certificate' };

export interface OwnPartsReport {
  /** Elements of the article that carry a class, id or label the export did not put there. */
  forged: string[];
  /** How many elements the stylesheet would style as the signatory block, the certificate, the date line. */
  counts: { signatories: number; certificate: number; date: number };
  /** The text of the one signatory block ('' when there is none). */
  signatoryBlock: string;
}

/**
 * Reads an exported page or fragment (happy-dom, not the sanitizer's DOM) and lists every
 * class, id and label inside `<article class="statement">` that is not one of the export's
 * own parts in its own place (a code block's `language-…` class is the text's own).
 */
export function ownParts(html: string): OwnPartsReport {
  const window = new Window();
  const document = window.document;
  document.write(html);
  const article = document.querySelector('article.statement');
  const forged: string[] = [];
  if (!article) forged.push('(no <article class="statement">)');
  for (const element of article ? [...article.querySelectorAll('[class], [id], [aria-labelledby]')] : []) {
    const parent = element.parentElement;
    const label = element.getAttribute('aria-labelledby');
    const isOwnPart =
      parent === article && OWN_TOP_LEVEL[element.className] === element.tagName && !element.id && (label === null || label === `${element.className}-heading`);
    const section = OWN_HEADINGS[element.id];
    const isOwnHeading =
      element.tagName === 'H2' && !!section && parent?.matches(`section.${section}`) && parent.parentElement === article && !element.className;
    const isLanguage = element.matches('pre > code') && /^language-[\w#+.-]{1,40}$/.test(element.className) && !element.id;
    if (!isOwnPart && !isOwnHeading && !isLanguage) forged.push(element.outerHTML.slice(0, 160));
  }
  const report: OwnPartsReport = {
    forged,
    counts: {
      signatories: document.querySelectorAll('.signatories').length,
      certificate: document.querySelectorAll('.certificate').length,
      date: document.querySelectorAll('.statement-date').length,
    },
    signatoryBlock: document.querySelector('.signatories')?.textContent ?? '',
  };
  window.close();
  return report;
}

import { Window } from 'happy-dom';

const ACTIVE_ELEMENTS =
  'script, iframe, frame, object, embed, applet, svg, math, form, input, button, textarea, select, base, meta[http-equiv], audio, video, source, marquee, details, noscript, template';
const SAFE_URL = /^(https?:\/\/|mailto:|\/s\/[A-Za-z0-9_-]+\.(html|md)$|\/s\/public\.css$|#)/i;

/**
 * Everything in `html` that could run or leave the page unsafely; empty when the document is
 * inert. `allowOwnStylesheet` accepts the one <style> of a downloaded export.
 */
export function activeParts(html: string, allowOwnStylesheet: boolean): string[] {
  const window = new Window();
  const document = window.document;
  document.write(html);
  const found: string[] = [];
  for (const element of document.querySelectorAll(ACTIVE_ELEMENTS)) found.push(`<${element.tagName.toLowerCase()}>`);
  if (!allowOwnStylesheet && document.querySelectorAll('style').length > 0) found.push('<style>');
  for (const element of document.querySelectorAll('link')) {
    if (element.getAttribute('href') !== '/s/public.css') found.push(`<link href=${element.getAttribute('href')}>`);
  }
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of [...element.attributes]) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${element.tagName.toLowerCase()}[${name}]`);
      if (name === 'style' || name === 'srcdoc') found.push(`${element.tagName.toLowerCase()}[${name}]`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster'].includes(name)) {
        // Browsers ignore control characters and spaces inside URLs ("java\tscript:").
        // eslint-disable-next-line no-control-regex
        const value = (attribute.value ?? '').replace(/[\u0000-\u0020]/g, '');
        if (value !== '' && !SAFE_URL.test(value)) found.push(`${element.tagName.toLowerCase()}[${name}=${attribute.value}]`);
      }
    }
  }
  window.close();
  return found;
}

import { escapeHtml, formatDateTime } from '../../shared/export/export-meta.ts';
import type { DigestItem, MailContent } from '../storage/notification-store.ts';

/**
 * The e-mails of notifications: plain text and HTML with the same words, every piece of text
 * escaped in the HTML, a link to the exact place, and a footer that says how to turn e-mail off.
 */
export interface MailSite {
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
}

const SUBJECT_MAX = 150;

/** Where the footer sends people: the home page with the notifications menu open (the e-mail switch is in it). */
export function settingsLink(site: MailSite): string {
  return `${site.publicUrl}/?notifications=open`;
}

function footerText(site: MailSite): string {
  return [
    '--',
    'You receive this e-mail because you take part in statements on Jointly.',
    `To stop these e-mails (notifications keep appearing in Jointly): open ${settingsLink(site)} and switch off "E-mail me about these".`,
  ].join('\n');
}

function footerHtml(site: MailSite): string {
  return (
    '<p style="color:#555;font-size:13px;border-top:1px solid #ddd;padding-top:8px">' +
    'You receive this e-mail because you take part in statements on Jointly. ' +
    `To stop these e-mails (notifications keep appearing in Jointly), <a href="${escapeHtml(settingsLink(site))}">open the notifications menu</a> ` +
    'and switch off “E-mail me about these”.</p>'
  );
}

function subjectOf(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= SUBJECT_MAX ? line : `${line.slice(0, SUBJECT_MAX - 1)}…`;
}

/** The e-mail of one notification. */
export function singleMail(site: MailSite, text: string, link: string): MailContent {
  return {
    subject: subjectOf(text),
    text: `${text}\n\nOpen it in Jointly: ${link}\n\n${footerText(site)}\n`,
    html:
      `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
      `<p>${escapeHtml(text)}</p>` +
      `<p><a href="${escapeHtml(link)}">Open it in Jointly</a></p>` +
      `${footerHtml(site)}</body></html>`,
  };
}

/** One e-mail for several notifications (the digest of a busy window), oldest first. */
export function digestMail(site: MailSite, items: readonly DigestItem[]): MailContent {
  const count = items.length;
  const heading = `${count} more notification${count === 1 ? '' : 's'} from Jointly`;
  const lines = items.map((item) => `* ${item.text} (${formatDateTime(item.createdAt)})\n  ${item.link}`);
  return {
    subject: heading,
    text: `${heading}:\n\n${lines.join('\n\n')}\n\n${footerText(site)}\n`,
    html:
      `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">` +
      `<p>${escapeHtml(heading)}:</p><ul>` +
      items
        .map(
          (item) => `<li><a href="${escapeHtml(item.link)}">${escapeHtml(item.text)}</a> <small>(${escapeHtml(formatDateTime(item.createdAt))})</small></li>`,
        )
        .join('') +
      `</ul>${footerHtml(site)}</body></html>`,
  };
}

/** One organization under the text, in print order, with who signed off for it and when. */
export interface ExportSignatory {
  name: string;
  /**
   * The organization's stable identifier on the instance, printed in the certificate: names
   * can change, and two organizations may once have shared one (shared/org-name.ts).
   */
  orgId?: string | undefined;
  signedBy?: string | undefined;
  /** The signer's title as given when signing ("Executive Director"). */
  signerTitle?: string | null | undefined;
  /** ISO date-time of the sign-off of exactly this text. */
  signedAt?: string | undefined;
}

/** What goes out with the text: the signatory block, an optional date line and certificate. */
export interface ExportMeta {
  signatories: readonly ExportSignatory[];
  /** ISO date-time, printed as a date (e.g. the publication time). */
  date?: string | null | undefined;
  /**
   * When set, an appendix certifies the text: its content hash, and who signed off on
   * exactly this text for which organization, when.
   */
  certificate?: { contentHash: string } | null | undefined;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** "3 March 2026", in UTC so that the server and every reader print the same day. */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "3 March 2026, 14:02 UTC". */
export function formatDateTime(iso: string): string {
  const time = new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${formatDate(iso)}, ${time} UTC`;
}

/** The certificate's lines, in print order: "Org — signed by Person, 3 March 2026, 14:02 UTC; organization id 8fK2…". */
export function certificateLines(meta: ExportMeta): { name: string; detail: string }[] {
  return meta.signatories.map((s) => {
    const signer = s.signedBy && s.signerTitle ? `${s.signedBy} (${s.signerTitle})` : s.signedBy;
    const signed = [signer ? `signed by ${signer}` : 'signed', s.signedAt ? formatDateTime(s.signedAt) : null].filter(Boolean).join(', ');
    return { name: s.name, detail: s.orgId ? `${signed}; organization id ${s.orgId}` : signed };
  });
}

/** The signatory list's line: the organization, and beside it who signed with their title, where a title was given. */
export function signatoryLine(s: ExportSignatory): string {
  return s.signerTitle && s.signedBy ? `${s.name} — ${s.signedBy}, ${s.signerTitle}` : s.name;
}

export const CERTIFICATE_INTRO = 'Each organization below signed off on exactly this text, identified by its SHA-256 content hash.';

import type { AuditEvent } from '../api/workflow.ts';

/**
 * An audit event as a sentence without its time and hash: "Dev Patel signed off for
 * Tenants Union", "Amal Haddad locked the text". The server's action names (see
 * server/storage/*) are matched here; an unknown action is shown as the server wrote it.
 */
export function activitySentence(event: AuditEvent): string {
  const who = event.user?.name || 'Someone';
  const org = event.orgName || 'an organization';
  switch (event.action) {
    case 'created':
      return `${who} created the statement for ${org}`;
    case 'signed':
      return `${who} signed off for ${org}`;
    case 'withdrew sign-off':
      return `${who} withdrew the sign-off of ${org}`;
    case 'locked':
      return `${who} locked the text`;
    case 'unlocked':
      return `${who} unlocked the text`;
    case 'published':
      return `${who} published the statement`;
    case 'added required participant':
      return `${who} added ${org} (required to sign)`;
    case 'added optional participant':
      return `${who} added ${org} (optional)`;
    case 'removed participant':
      return `${who} removed ${org}`;
    case 'set signatory order':
      return `${who} changed the order of the signatory list`;
    default:
      return event.orgName ? `${who}: ${event.action} (${event.orgName})` : `${who}: ${event.action}`;
  }
}

/** Why a version was kept, in words: "Sign-off", "Locked", "Published". */
export function versionReason(reason: string): string {
  switch (reason) {
    case 'sign-off':
      return 'Signed off';
    case 'locked':
      return 'Locked';
    case 'unlocked':
      return 'Unlocked';
    case 'published':
      return 'Published';
    default:
      return reason.charAt(0).toUpperCase() + reason.slice(1);
  }
}

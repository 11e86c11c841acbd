import { formatDateTime } from '../../shared/export/export-meta.ts';
import type { EventFacts } from '../storage/notification-store.ts';
import type { Recipient } from './recipients.ts';

/**
 * The plain-text sentence of a notification, as the bell lists it and as an e-mail's subject
 * and first line carry it. Names the organization and the statement; never HTML.
 */
export function notificationText(facts: EventFacts, recipient: Recipient): string {
  const title = `“${facts.statement?.title ?? 'a statement'}”`;
  const eventOrg = facts.orgs.find((o) => o.orgId === facts.event.orgId)?.name ?? 'An organization';
  const deadlineAt = deadlineOf(facts);
  const deadline = deadlineAt ? ` (${formatDateTime(deadlineAt)})` : '';
  switch (facts.event.kind) {
    case 'participant_added':
      // The lead hears of a partner it did not add itself: one that accepted an invitation.
      return recipient.org.orgId === facts.event.orgId ? `${eventOrg} was added to ${title}` : `${eventOrg} accepted the invitation and joined ${title}`;
    case 'signoff_requested':
      return `${title} is locked for sign-off: ${recipient.org.name} is asked to sign it`;
    case 'signoff_stale':
      return `The text of ${title} changed after ${eventOrg} signed it: its sign-off is out of date`;
    case 'signed':
      return `${eventOrg} signed ${title}`;
    case 'all_signed':
      return `Every required organization has signed ${title}: it can be published`;
    case 'deadline_day':
      return `The sign-off deadline of ${title} is in a day${deadline}: ${recipient.org.name} has not signed yet`;
    case 'deadline_hour':
      return `The sign-off deadline of ${title} is in an hour${deadline}: ${recipient.org.name} has not signed yet`;
    case 'published':
      return `${title} was published`;
  }
}

/** The deadline a reminder is about: the one it was written for, else the statement's current one. */
function deadlineOf(facts: EventFacts): string | null {
  const details = facts.event.details as { deadline?: unknown } | null;
  if (typeof details?.deadline === 'string' && !Number.isNaN(Date.parse(details.deadline))) return details.deadline;
  return facts.statement?.signoffDeadline ?? null;
}

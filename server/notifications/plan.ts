import type { EventFacts, PlannedNotification } from '../storage/notification-store.ts';
import { singleMail, type MailSite } from './mail-content.ts';
import { recipientsOf } from './recipients.ts';
import { notificationText } from './wording.ts';

/** The link of a notification: the statement it is about (the home page when there is none). */
export function statementLink(site: MailSite, statementId: string | null): string {
  return statementId ? `${site.publicUrl}/statements/${encodeURIComponent(statementId)}` : `${site.publicUrl}/`;
}

/**
 * What one event becomes: a notification for each recipient, with its e-mail when mail is on
 * (`mailEnabled`) and the person has not turned e-mail off. Pure: the store runs it inside the
 * transaction that writes the result.
 */
export function planNotifications(facts: EventFacts, site: MailSite & { mailEnabled: boolean }): PlannedNotification[] {
  const link = statementLink(site, facts.event.statementId);
  return recipientsOf(facts).map((recipient) => {
    const text = notificationText(facts, recipient);
    const wantsMail = site.mailEnabled && recipient.member.emailNotifications;
    return {
      userId: recipient.member.userId,
      text,
      link,
      mail: wantsMail ? { to: recipient.member.email, ...singleMail(site, text, link) } : null,
    };
  });
}

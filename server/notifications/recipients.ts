import { hasRole, type Role } from '../../shared/roles.ts';
import type { EventFacts, EventMember, EventOrg } from '../storage/notification-store.ts';

/** A person told of an event, and the organization on whose behalf they are told. */
export interface Recipient {
  member: EventMember;
  org: EventOrg;
}

/**
 * Who hears of an event (../shared/DESIGN.md, Notifications), decided from the facts as they
 * are when the event is processed. Each person at most once (for the first organization that
 * makes them a recipient, the lead first); never the person who caused the event; nobody
 * once the statement is gone.
 * - participant_added: signatories and admins of the organization added; when someone outside the
 *   lead brought it in (an accepted statement invitation), also the lead's editors and above;
 * - signoff_requested (lock): signatories and admins of every participant without a current sign-off;
 * - signoff_stale: signatories and admins of the organization whose sign-off went stale;
 * - signed, all_signed: editors and above of the lead organization;
 * - deadline_day, deadline_hour: signatories and admins of the required organizations still missing;
 * - published: every member of every participant.
 */
export function recipientsOf(facts: EventFacts): Recipient[] {
  const { event, statement } = facts;
  if (!statement) return [];
  const participants = facts.orgs.filter((o) => o.participant);
  // An organization removed before the event was processed hears nothing more of the statement.
  const eventOrg = facts.orgs.filter((o) => o.orgId === event.orgId && o.participant);
  const lead = participants.filter((o) => o.orgId === statement.leadOrgId);
  switch (event.kind) {
    case 'participant_added': {
      const seen = new Set<string>();
      const added = pick(facts, eventOrg, 'signatory', seen);
      const byLead = facts.members.some((m) => m.userId === event.actorId && m.orgId === statement.leadOrgId);
      return event.actorId && !byLead ? [...added, ...pick(facts, lead, 'editor', seen)] : added;
    }
    case 'signoff_stale':
      return pick(facts, eventOrg, 'signatory');
    case 'signoff_requested':
      return pick(
        facts,
        participants.filter((o) => !o.signedCurrent),
        'signatory',
      );
    case 'signed':
    case 'all_signed':
      return pick(facts, lead, 'editor');
    case 'deadline_day':
    case 'deadline_hour':
      if (statement.status === 'published') return [];
      return pick(
        facts,
        participants.filter((o) => o.required && !o.signedCurrent),
        'signatory',
      );
    case 'published':
      return pick(facts, participants, 'viewer');
    default:
      // A kind this version does not know (an outbox written by a newer one): the event is set aside with this reason.
      throw new Error(`no notification rule for the event kind ${JSON.stringify(event.kind satisfies never)}`);
  }
}

/** Members of `orgs` with at least `atLeast`, not the actor, none already in `seen` (which grows). */
function pick(facts: EventFacts, orgs: readonly EventOrg[], atLeast: Role, seen = new Set<string>()): Recipient[] {
  if (facts.event.actorId) seen.add(facts.event.actorId);
  const recipients: Recipient[] = [];
  for (const org of orgs) {
    for (const member of facts.members) {
      if (member.orgId !== org.orgId || !hasRole(member.role, atLeast) || seen.has(member.userId)) continue;
      seen.add(member.userId);
      recipients.push({ member, org });
    }
  }
  return recipients;
}

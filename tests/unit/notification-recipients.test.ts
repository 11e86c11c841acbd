import { describe, expect, it } from 'vitest';
import type { NotificationKind } from '../../shared/notification-kinds.ts';
import type { Role } from '../../shared/roles.ts';
import { digestMail, singleMail } from '../../server/notifications/mail-content.ts';
import { planNotifications } from '../../server/notifications/plan.ts';
import { recipientsOf } from '../../server/notifications/recipients.ts';
import { retryDelayMs } from '../../server/notifications/retry-schedule.ts';
import type { EventFacts, EventMember, EventOrg } from '../../server/storage/notification-store.ts';

/** Two organizations, one person per role in each (`lead-admin`, `partner-viewer`, …); the partner signed, the lead did not. */
function facts(
  kind: NotificationKind,
  overrides: { orgId?: string | null; actorId?: string | null; orgs?: Partial<Record<'lead' | 'partner', Partial<EventOrg>>> } = {},
): EventFacts {
  const org = (id: 'lead' | 'partner', name: string, signedCurrent: boolean): EventOrg => ({
    orgId: id,
    name,
    participant: true,
    required: true,
    signedCurrent,
    ...overrides.orgs?.[id],
  });
  const roles: Role[] = ['admin', 'signatory', 'editor', 'viewer'];
  const members: EventMember[] = (['lead', 'partner'] as const).flatMap((orgId) =>
    roles.map((role) => ({
      userId: `${orgId}-${role}`,
      name: `${orgId} ${role}`,
      email: `${orgId}-${role}@example.org`,
      orgId,
      role,
      emailNotifications: role !== 'editor',
    })),
  );
  return {
    event: {
      id: 1,
      kind,
      statementId: 'st1',
      orgId: overrides.orgId ?? null,
      actorId: overrides.actorId ?? null,
      details: null,
      createdAt: '2026-12-08T00:00:00.000Z',
    },
    statement: { id: 'st1', title: 'Safe <streets>', leadOrgId: 'lead', status: 'locked', signoffDeadline: '2026-12-09T12:00:00.000Z' },
    orgs: [org('lead', 'Green Streets', false), org('partner', 'Tenants Union', true)],
    members,
    actorName: null,
  };
}

const who = (f: EventFacts) => recipientsOf(f).map((r) => r.member.userId);

describe('who hears of an event', () => {
  it('an organization removed before the event is processed hears nothing more of the statement (stale, added)', () => {
    const removed = { orgs: { partner: { participant: false } } };
    expect(who(facts('signoff_stale', { orgId: 'partner', ...removed }))).toEqual([]);
    expect(who(facts('participant_added', { orgId: 'partner', actorId: 'lead-admin', ...removed }))).toEqual([]);
  });

  it('participant_added: the added organization’s signatories and admins', () => {
    expect(who(facts('participant_added', { orgId: 'partner', actorId: 'lead-admin' }))).toEqual(['partner-admin', 'partner-signatory']);
  });

  it('participant_added by an accepted invitation: also the lead’s editors and above, told that the partner joined', () => {
    const f = facts('participant_added', { orgId: 'partner', actorId: 'partner-admin' });
    expect(who(f)).toEqual(['partner-signatory', 'lead-admin', 'lead-signatory', 'lead-editor']);
    const texts = planNotifications(f, { publicUrl: 'https://j.example', mailEnabled: false }).map((p) => p.text);
    expect(texts[0]).toBe('Tenants Union was added to “Safe <streets>”');
    expect(texts[1]).toBe('Tenants Union accepted the invitation and joined “Safe <streets>”');
  });

  it('signoff_requested: signatories and admins of every participant without a current sign-off, never the one who locked', () => {
    expect(who(facts('signoff_requested', { actorId: 'lead-admin' }))).toEqual(['lead-signatory']);
    expect(who(facts('signoff_requested', { actorId: 'lead-editor', orgs: { partner: { signedCurrent: false } } }))).toEqual([
      'lead-admin',
      'lead-signatory',
      'partner-admin',
      'partner-signatory',
    ]);
  });

  it('signoff_stale: that organization’s signatories and admins', () => {
    expect(who(facts('signoff_stale', { orgId: 'partner' }))).toEqual(['partner-admin', 'partner-signatory']);
  });

  it('signed and all_signed: the lead organization’s editors and above, not its viewers, not the signer', () => {
    expect(who(facts('signed', { orgId: 'partner', actorId: 'partner-signatory' }))).toEqual(['lead-admin', 'lead-signatory', 'lead-editor']);
    expect(who(facts('all_signed', { actorId: 'lead-signatory' }))).toEqual(['lead-admin', 'lead-editor']);
  });

  it('deadline reminders: signatories and admins of required organizations still missing; nobody once published', () => {
    expect(who(facts('deadline_day'))).toEqual(['lead-admin', 'lead-signatory']);
    expect(who(facts('deadline_hour', { orgs: { lead: { required: false } } }))).toEqual([]);
    const published = facts('deadline_hour');
    expect(who({ ...published, statement: { ...published.statement!, status: 'published' } })).toEqual([]);
  });

  it('published: every member of every participant, but not of an organization that is no longer one', () => {
    expect(who(facts('published', { actorId: 'lead-signatory' }))).toHaveLength(7);
    expect(who(facts('published', { orgs: { partner: { participant: false } } }))).toEqual(['lead-admin', 'lead-signatory', 'lead-editor', 'lead-viewer']);
  });

  it('nobody when the statement is gone', () => {
    expect(who({ ...facts('published'), statement: null })).toEqual([]);
  });

  it('a person in two organizations hears once, for the first that makes them a recipient', () => {
    const f = facts('signoff_requested', { orgs: { partner: { signedCurrent: false } } });
    f.members.push({ ...f.members[0]!, orgId: 'partner' });
    expect(
      recipientsOf(f)
        .filter((r) => r.member.userId === 'lead-admin')
        .map((r) => r.org.orgId),
    ).toEqual(['lead']);
  });
});

describe('what they are told', () => {
  const site = { publicUrl: 'https://jointly.example.org', mailEnabled: true };

  it('plain text naming the organization and the statement, linking to it; e-mail only for those who keep it on', () => {
    const planned = planNotifications(facts('signed', { orgId: 'partner', actorId: 'partner-signatory' }), site);
    expect(planned.map((p) => [p.userId, p.text, p.mail !== null])).toEqual([
      ['lead-admin', 'Tenants Union signed “Safe <streets>”', true],
      ['lead-signatory', 'Tenants Union signed “Safe <streets>”', true],
      ['lead-editor', 'Tenants Union signed “Safe <streets>”', false],
    ]);
    expect(planned[0]!.link).toBe('https://jointly.example.org/statements/st1');
    expect(planNotifications(facts('signed', { orgId: 'partner' }), { ...site, mailEnabled: false }).every((p) => p.mail === null)).toBe(true);
  });

  it('a reminder names the deadline in UTC and the organization asked', () => {
    const [first] = planNotifications(facts('deadline_hour'), site);
    expect(first!.text).toBe('The sign-off deadline of “Safe <streets>” is in an hour (9 December 2026, 12:00 UTC): Green Streets has not signed yet');
  });

  it('e-mails escape everything in their HTML and say how to turn e-mail off', () => {
    const mail = singleMail(site, 'Tenants <b>signed</b> “A & B”', 'https://jointly.example.org/statements/x?a=1&b="2"');
    expect(mail.html).toContain('Tenants &lt;b&gt;signed&lt;/b&gt; “A &amp; B”');
    expect(mail.html).toContain('href="https://jointly.example.org/statements/x?a=1&amp;b=&quot;2&quot;"');
    expect(mail.html).not.toContain('<b>');
    expect(mail.text).toContain('Tenants <b>signed</b> “A & B”');
    expect(mail.text).toContain('https://jointly.example.org/?notifications=open');
    const digest = digestMail(site, [
      { text: '<script>x</script>', link: 'https://jointly.example.org/statements/a', createdAt: '2026-12-08T10:00:00.000Z' },
      { text: 'Two', link: 'https://jointly.example.org/statements/b', createdAt: '2026-12-08T10:01:00.000Z' },
    ]);
    expect(digest.subject).toBe('2 more notifications from Jointly');
    expect(digest.html).not.toContain('<script>');
    expect(digest.html).toContain('&lt;script&gt;');
    expect(digest.html).toMatch(/switch off/);
  });

  it('retries after 1 s, 5 s, 30 s, 2 min … and gives up after the 10th failed attempt', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([1_000, 5_000, 30_000, 120_000]);
    expect(retryDelayMs(9)).not.toBeNull();
    expect(retryDelayMs(10)).toBeNull();
  });
});

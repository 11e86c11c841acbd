import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationKind } from '../../shared/notification-kinds.ts';
import type { NotificationPreferences } from '../../shared/api/notifications.ts';
import { api, type Person } from '../helpers/api.ts';
import { coalitionStatement, inbox, signFor, staffedOrg, staffOf, type StaffedOrg } from '../helpers/coalition.ts';
import { EditorClient } from '../helpers/editor-client.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../helpers/smtp-sink.ts';
import { serverDatabase } from '../helpers/sqlite-faults.ts';
import { startServer, type TestServer } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * Notifications end to end: workflow changes through the real routes, the real notifier, a real
 * SMTP server (the sink). Digests are kept out of the way here (threshold 1000); they have their
 * own server below.
 */
describe('notifications: who is told, in-app and by e-mail', () => {
  let sink: SmtpSink;
  let server: TestServer;
  let lead: StaffedOrg;
  let partner: StaffedOrg;
  let bystander: StaffedOrg;
  let titles = 0;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer({ config: { smtpUrl: sink.url }, build: { notifications: { digestThreshold: 1000 } } });
    lead = await staffedOrg(server.baseUrl, 'Green Streets');
    partner = await staffedOrg(server.baseUrl, 'Tenants Union');
    bystander = await staffedOrg(server.baseUrl, 'Bystanders');
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  const everyone = () => [lead, partner, bystander].flatMap(staffOf);
  const uniqueTitle = () => `Safe streets ${++titles} ${Date.now().toString(36)}`;

  /** Waits until every outbox event is processed and no e-mail is waiting or being sent. */
  async function settled(): Promise<void> {
    const db = serverDatabase(server.app.jointly.store);
    await waitFor(
      () =>
        !db.get('SELECT 1 FROM outbox_events WHERE processed_at IS NULL') && !db.get('SELECT 1 FROM mail_queue WHERE sent_at IS NULL AND abandoned_at IS NULL'),
      'the outbox and the mail queue to drain',
    );
  }

  /** How many notifications of `kind` about `statementId` each person has. */
  async function countsOf(kind: NotificationKind, statementId: string, people: Person[]): Promise<number[]> {
    return Promise.all(
      people.map(async (p) => (await inbox(server.baseUrl, p)).notifications.filter((n) => n.kind === kind && n.statementId === statementId).length),
    );
  }

  function mailsAbout(title: string, person: Person, matching = ''): ReceivedMail[] {
    return sink.to(person.user.email).filter((m) => m.subject.includes(title) && m.subject.includes(matching));
  }

  /** Exactly the `expected` people have one notification of `kind` (and one e-mail whose subject has `subjectPart`), everyone else none. */
  async function expectTold(kind: NotificationKind, statementId: string, title: string, expected: Person[], subjectPart: string): Promise<void> {
    await settled();
    const people = everyone();
    const counts = await countsOf(kind, statementId, people);
    expect(Object.fromEntries(people.map((p, i) => [p.user.name, counts[i]]))).toEqual(
      Object.fromEntries(people.map((p) => [p.user.name, expected.includes(p) ? 1 : 0])),
    );
    const mails = people.map((p) => mailsAbout(title, p, subjectPart).length);
    expect(Object.fromEntries(people.map((p, i) => [p.user.name, mails[i]]))).toEqual(
      Object.fromEntries(people.map((p) => [p.user.name, expected.includes(p) ? 1 : 0])),
    );
  }

  it('adding an organization tells its signatories and admins once each, in-app and by one e-mail, and nobody else', async () => {
    const title = uniqueTitle();
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await expectTold('participant_added', statement.id, title, [partner.admin, partner.signatory], 'was added');
    const [notification] = (await inbox(server.baseUrl, partner.signatory)).notifications.filter((n) => n.statementId === statement.id);
    expect(notification).toMatchObject({ kind: 'participant_added', text: `Tenants Union was added to “${title}”`, readAt: null });
    // The e-mail: plain text and HTML, a link to the statement, and how to turn e-mail off.
    const [mail] = mailsAbout(title, partner.signatory);
    const link = `${server.config.publicUrl}/statements/${statement.id}`;
    expect(mail!.subject).toBe(`Tenants Union was added to “${title}”`);
    expect(mail!.text).toContain(link);
    expect(mail!.text).toMatch(/To stop these e-mails/);
    expect(mail!.html).toContain(`href="${link}"`);
    expect(mail!.html).toMatch(/switch off/);
    expect(mail!.messageId).toMatch(/^<notification\.[0-9a-f-]+@127\.0\.0\.1>$/);
  });

  it('an organization that accepts a statement invitation: its signatories hear it was added, the lead’s editors and above that it joined', async () => {
    const title = uniqueTitle();
    const statement = await coalitionStatement(server.baseUrl, title, lead, []);
    const invite = await api<{ token: string }>(server.baseUrl, 'POST', `/api/statements/${statement.id}/invites`, { required: true }, { as: lead.editor });
    expect(invite.status).toBe(201);
    const accepted = await api(server.baseUrl, 'POST', `/api/statement-invites/${invite.body.token}/accept`, { orgId: partner.orgId }, { as: partner.admin });
    expect(accepted.status).toBe(200);
    await expectTold('participant_added', statement.id, title, [partner.signatory, lead.admin, lead.signatory, lead.editor], 'Tenants Union');
    const textOf = async (as: Person) => (await inbox(server.baseUrl, as)).notifications.find((n) => n.statementId === statement.id)!.text;
    expect(await textOf(partner.signatory)).toBe(`Tenants Union was added to “${title}”`);
    expect(await textOf(lead.editor)).toBe(`Tenants Union accepted the invitation and joined “${title}”`);
  });

  it('a sign-off tells the lead organization’s editors and above; the last required one also tells them that all have signed', async () => {
    const title = uniqueTitle();
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await signFor(server.baseUrl, statement.id, lead.signatory);
    // The lead's own sign-off: its editors and admin hear of it, never the signer.
    await expectTold('signed', statement.id, title, [lead.admin, lead.editor], 'Green Streets signed');
    await signFor(server.baseUrl, statement.id, partner.signatory);
    await settled();
    expect(await countsOf('signed', statement.id, [lead.admin, lead.signatory, lead.editor, lead.viewer, partner.admin])).toEqual([2, 1, 2, 0, 0]);
    expect(mailsAbout(title, lead.signatory, 'Tenants Union signed')).toHaveLength(1);
    expect(mailsAbout(title, lead.admin, 'Tenants Union signed')).toHaveLength(1);
    await expectTold('all_signed', statement.id, title, [lead.admin, lead.signatory, lead.editor], 'Every required organization has signed');
  });

  it('locking asks the signatories and admins of every participant without a current sign-off, except the one who locked', async () => {
    const title = uniqueTitle();
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await signFor(server.baseUrl, statement.id, partner.signatory);
    const locked = await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/lock`, {}, { as: lead.admin });
    expect(locked.status).toBe(200);
    // Tenants Union holds a current sign-off: only the lead's signatory is asked (its admin locked).
    await expectTold('signoff_requested', statement.id, title, [lead.signatory], 'is locked for sign-off');
  });

  it('publishing tells every member of every participant, viewers included, except the publisher', async () => {
    const title = uniqueTitle();
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await signFor(server.baseUrl, statement.id, lead.signatory);
    await signFor(server.baseUrl, statement.id, partner.signatory);
    const published = await api(server.baseUrl, 'POST', `/api/statements/${statement.id}/publish`, {}, { as: lead.signatory });
    expect(published.status).toBe(200);
    await expectTold(
      'published',
      statement.id,
      title,
      [...staffOf(lead), ...staffOf(partner)].filter((p) => p !== lead.signatory),
      'was published',
    );
  });

  it('an edit after signing tells that organization’s signatories and admins that its sign-off is stale', async () => {
    const title = uniqueTitle();
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await signFor(server.baseUrl, statement.id, partner.signatory);
    const editor = await EditorClient.connect(server, statement.id, lead.editor);
    try {
      editor.appendParagraph('And cycle lanes on every main road.');
      await editor.acknowledged();
      await waitFor(async () => (await countsOf('signoff_stale', statement.id, [partner.admin]))[0] === 1, 'the stale notice', 10_000, 50);
    } finally {
      editor.destroy();
    }
    await expectTold('signoff_stale', statement.id, title, [partner.admin, partner.signatory], 'sign-off is out of date');
  });

  it('a deadline an hour away reminds the signatories and admins of the required organizations still missing', async () => {
    const title = uniqueTitle();
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await signFor(server.baseUrl, statement.id, lead.signatory);
    // Set two hours ahead; checked half an hour before it (a deadline set less than an hour ahead gets no reminder).
    const deadline = new Date(Date.now() + 2 * 3_600_000);
    const set = await api(server.baseUrl, 'PATCH', `/api/statements/${statement.id}`, { signoffDeadline: deadline.toISOString() }, { as: lead.admin });
    expect(set.status).toBe(200);
    await server.app.jointly.workflow.deadlineReminders.check(new Date(deadline.getTime() - 30 * 60_000));
    await expectTold('deadline_hour', statement.id, title, [partner.admin, partner.signatory], 'is in an hour');
  });

  it('turning e-mail off stops the e-mails only: the notification still arrives in the app', async () => {
    const preference = (as: Person) => api<NotificationPreferences>(server.baseUrl, 'GET', '/api/me/notifications', undefined, { as });
    expect((await preference(partner.admin)).body).toEqual({ email: true, emailAvailable: true });
    const off = await api<NotificationPreferences>(server.baseUrl, 'PATCH', '/api/me/notifications', { email: false }, { as: partner.admin });
    expect(off.body).toEqual({ email: false, emailAvailable: true });
    expect((await preference(partner.admin)).body.email).toBe(false);
    try {
      const title = uniqueTitle();
      const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
      await settled();
      expect(await countsOf('participant_added', statement.id, [partner.admin, partner.signatory])).toEqual([1, 1]);
      expect(mailsAbout(title, partner.admin)).toHaveLength(0);
      expect(mailsAbout(title, partner.signatory)).toHaveLength(1);
    } finally {
      await api(server.baseUrl, 'PATCH', '/api/me/notifications', { email: true }, { as: partner.admin });
    }
  });

  it('an e-mail the SMTP server refuses is retried and arrives once, with its Message-ID unchanged', async () => {
    const title = uniqueTitle();
    const db = serverDatabase(server.app.jointly.store);
    const rowsOf = (statementId: string) =>
      db.all<{ attempts: number; last_error: string | null; sent_at: string | null; message_id: string }>(
        'SELECT q.attempts, q.last_error, q.sent_at, q.message_id FROM mail_queue q JOIN notifications n ON n.mail_id = q.id WHERE n.statement_id = ?',
        statementId,
      );
    sink.refusing = true;
    let statementId: string;
    try {
      statementId = (await coalitionStatement(server.baseUrl, title, lead, [partner])).id;
      // Both e-mails (admin and signatory of Tenants Union) refused at least once.
      await waitFor(() => rowsOf(statementId).filter((r) => r.attempts >= 1).length === 2, 'a refused attempt of each e-mail');
      expect(sink.received.filter((m) => m.subject.includes(title))).toHaveLength(0);
    } finally {
      sink.refusing = false;
    }
    await expectTold('participant_added', statementId, title, [partner.admin, partner.signatory], 'was added');
    const rows = rowsOf(statementId);
    expect(rows.map((r) => [r.sent_at !== null, r.attempts >= 2, /try again later/.test(r.last_error ?? '')])).toEqual([
      [true, true, true],
      [true, true, true],
    ]);
    expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set([partner.admin, partner.signatory].map((p) => mailsAbout(title, p)[0]!.messageId)));
  });

  it('answers each person with their own notifications only, newest first, and marks only their own read', async () => {
    const title = uniqueTitle();
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await signFor(server.baseUrl, statement.id, partner.signatory);
    await settled();
    const mine = await inbox(server.baseUrl, lead.admin);
    const theirs = await inbox(server.baseUrl, partner.admin);
    const ids = mine.notifications.map((n) => n.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(mine.unread).toBeGreaterThan(0);
    const theirId = theirs.notifications.find((n) => n.statementId === statement.id)!.id;
    expect(mine.notifications.some((n) => n.id === theirId)).toBe(false);

    // Someone else's id is ignored: nothing of theirs changes.
    const foreign = await api<{ marked: number; unread: number }>(server.baseUrl, 'POST', '/api/notifications/read', { ids: [theirId] }, { as: lead.admin });
    expect(foreign.status).toBe(200);
    expect(foreign.body).toEqual({ marked: 0, unread: mine.unread });
    expect((await inbox(server.baseUrl, partner.admin)).notifications.find((n) => n.id === theirId)!.readAt).toBeNull();

    const own = mine.notifications.find((n) => n.statementId === statement.id)!;
    const marked = await api<{ marked: number; unread: number }>(
      server.baseUrl,
      'POST',
      '/api/notifications/read',
      { ids: [own.id, theirId] },
      { as: lead.admin },
    );
    expect(marked.body).toEqual({ marked: 1, unread: mine.unread - 1 });
    expect((await inbox(server.baseUrl, lead.admin)).notifications.find((n) => n.id === own.id)!.readAt).not.toBeNull();

    const all = await api<{ marked: number; unread: number }>(server.baseUrl, 'POST', '/api/notifications/read', { all: true }, { as: lead.admin });
    expect(all.body).toEqual({ marked: mine.unread - 1, unread: 0 });
    expect((await inbox(server.baseUrl, partner.admin)).unread).toBe(theirs.unread);
  });

  it('refuses callers without a session and requests that are not valid', async () => {
    expect((await api(server.baseUrl, 'GET', '/api/notifications')).status).toBe(401);
    expect((await api(server.baseUrl, 'POST', '/api/notifications/read', { all: true })).status).toBe(401);
    expect((await api(server.baseUrl, 'GET', '/api/me/notifications')).status).toBe(401);
    expect((await api(server.baseUrl, 'PATCH', '/api/me/notifications', { email: false })).status).toBe(401);
    for (const body of [{}, { ids: [] }, { ids: ['x'] }, { ids: [1], all: true }, { all: false }]) {
      const answer = await api<{ error: { code: string } }>(server.baseUrl, 'POST', '/api/notifications/read', body, { as: lead.viewer });
      expect([body, answer.status, answer.body.error.code]).toEqual([body, 400, 'VALIDATION_FAILED']);
    }
    const bad = await api<{ error: { code: string } }>(server.baseUrl, 'PATCH', '/api/me/notifications', { email: 'no' }, { as: lead.viewer });
    expect(bad.status).toBe(400);
  });

  it('measures event-to-inbox and event-to-SMTP latency over 30 sign-offs', async () => {
    const title = uniqueTitle();
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    await settled();
    const inboxMs: number[] = [];
    const smtpMs: number[] = [];
    const signedCount = async () => (await countsOf('signed', statement.id, [lead.admin]))[0]!;
    for (let i = 1; i <= 30; i++) {
      const startedAt = Date.now();
      await signFor(server.baseUrl, statement.id, partner.signatory);
      await waitFor(async () => (await signedCount()) === i, 'the notification in the inbox', 10_000, 2);
      inboxMs.push(Date.now() - startedAt);
      await waitFor(() => mailsAbout(title, lead.admin, 'Tenants Union signed').length === i, 'the e-mail at the SMTP server', 10_000, 2);
      smtpMs.push(mailsAbout(title, lead.admin, 'Tenants Union signed')[i - 1]!.receivedAt - startedAt);
      const withdrawn = await api(server.baseUrl, 'DELETE', `/api/statements/${statement.id}/signoffs/${partner.orgId}`, undefined, { as: partner.signatory });
      expect(withdrawn.status).toBeLessThan(300);
    }
    const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
    console.log(
      `notification latency over 30 sign-offs (from the sign-off request): inbox p50 ${pct(inboxMs, 0.5)} ms, p95 ${pct(inboxMs, 0.95)} ms; ` +
        `SMTP p50 ${pct(smtpMs, 0.5)} ms, p95 ${pct(smtpMs, 0.95)} ms`,
    );
    expect(pct(smtpMs, 0.95)).toBeLessThan(10_000);
  }, 60_000);
});

describe('notifications: digest instead of a flood', () => {
  let sink: SmtpSink;
  let server: TestServer;

  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startServer({ config: { smtpUrl: sink.url }, build: { notifications: { digestThreshold: 5, digestWindowMs: 6_000 } } });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  it('8 events for one person within the window: 5 single e-mails at once, then one digest listing the other 3 when the window ends', async () => {
    const lead = await staffedOrg(server.baseUrl, 'Housing Now');
    const partner = await staffedOrg(server.baseUrl, 'Legal Aid');
    const title = `Winter moratorium ${Date.now().toString(36)}`;
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    const firstAt = Date.now();
    for (let i = 0; i < 8; i++) {
      await signFor(server.baseUrl, statement.id, partner.signatory);
      await api(server.baseUrl, 'DELETE', `/api/statements/${statement.id}/signoffs/${partner.orgId}`, undefined, { as: partner.signatory });
    }
    const toViewer = () => sink.to(lead.viewer.user.email);
    expect(toViewer()).toHaveLength(0);
    const toAdmin = () => sink.to(lead.admin.user.email);
    await waitFor(() => toAdmin().length >= 5, 'five single e-mails');
    expect(toAdmin().map((m) => m.subject)).toEqual(Array(5).fill(`Legal Aid signed “${title}”`));
    const digest = await sink.waitFor((m) => m.to.includes(lead.admin.user.email) && /more notifications/.test(m.subject), 15_000);
    // Sent when the window (opened by the first e-mail) ends, not before.
    expect(digest.receivedAt - firstAt).toBeGreaterThanOrEqual(5_500);
    expect(digest.subject).toBe('3 more notifications from Jointly');
    expect(digest.text.match(/Legal Aid signed/g)).toHaveLength(3);
    expect(digest.text).toContain(`${server.config.publicUrl}/statements/${statement.id}`);
    expect(digest.html.match(/Legal Aid signed/g)).toHaveLength(3);
    expect(digest.text).toMatch(/To stop these e-mails/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(toAdmin()).toHaveLength(6);
    // In the app, all 8.
    expect((await inbox(server.baseUrl, lead.admin)).notifications.filter((n) => n.kind === 'signed')).toHaveLength(8);
    // The digest covers the window; a later event opens a new window and leaves at once.
    await signFor(server.baseUrl, statement.id, partner.signatory);
    await waitFor(() => toAdmin().length === 7, 'a single e-mail in the next window');
    expect(toAdmin()[6]!.subject).toBe(`Legal Aid signed “${title}”`);
  }, 60_000);
});

describe('notifications: e-mail turned off while a digest waits', () => {
  let sink: SmtpSink;
  let server: TestServer;

  beforeAll(async () => {
    sink = await startSmtpSink();
    // One single e-mail per window, so the second event already waits in a digest.
    server = await startServer({ config: { smtpUrl: sink.url }, build: { notifications: { digestThreshold: 1, digestWindowMs: 4_000 } } });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
  });

  it('a digest still waiting when its person turns e-mail off is never sent', async () => {
    const lead = await staffedOrg(server.baseUrl, 'Cycling Club');
    const partner = await staffedOrg(server.baseUrl, 'Parents Network');
    const title = `School streets ${Date.now().toString(36)}`;
    const statement = await coalitionStatement(server.baseUrl, title, lead, [partner]);
    for (let i = 0; i < 3; i++) {
      await signFor(server.baseUrl, statement.id, partner.signatory);
      await api(server.baseUrl, 'DELETE', `/api/statements/${statement.id}/signoffs/${partner.orgId}`, undefined, { as: partner.signatory });
    }
    const db = serverDatabase(server.app.jointly.store);
    const digestOf = (userId: string) =>
      db.get<{ sent_at: string | null; abandoned_at: string | null; last_error: string | null }>(
        "SELECT sent_at, abandoned_at, last_error FROM mail_queue WHERE kind = 'digest' AND user_id = ?",
        userId,
      );
    await waitFor(() => !!digestOf(lead.admin.user.id), 'the digest to be queued');
    await api(server.baseUrl, 'PATCH', '/api/me/notifications', { email: false }, { as: lead.admin });
    await waitFor(
      () => digestOf(lead.admin.user.id)?.abandoned_at != null || digestOf(lead.admin.user.id)?.sent_at != null,
      'the digest to be settled',
      10_000,
      50,
    );
    expect(digestOf(lead.admin.user.id)).toMatchObject({ sent_at: null, last_error: 'the recipient turned e-mail notifications off' });
    // Their colleague kept e-mail on: their digest left.
    await waitFor(() => digestOf(lead.signatory.user.id)?.sent_at != null, 'the colleague’s digest', 10_000, 50);
    expect(sink.to(lead.admin.user.email).filter((m) => /more notification/.test(m.subject))).toHaveLength(0);
    expect(sink.to(lead.signatory.user.email).filter((m) => /more notification/.test(m.subject))).toHaveLength(1);
    expect((await inbox(server.baseUrl, lead.admin)).notifications.filter((n) => n.statementId === statement.id && n.kind === 'signed')).toHaveLength(3);
  }, 60_000);
});

describe('notifications without SMTP', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('arrive in the app only: no e-mail is queued, and the preference says e-mail is unavailable', async () => {
    const lead = await staffedOrg(server.baseUrl, 'Housing Now');
    const partner = await staffedOrg(server.baseUrl, 'Legal Aid');
    const statement = await coalitionStatement(server.baseUrl, 'Winter moratorium', lead, [partner]);
    await waitFor(async () => (await inbox(server.baseUrl, partner.admin)).notifications.some((n) => n.statementId === statement.id), 'the notification');
    const db = serverDatabase(server.app.jointly.store);
    expect(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM mail_queue')).toEqual({ n: 0 });
    expect((await api(server.baseUrl, 'GET', '/api/me/notifications', undefined, { as: partner.admin })).body).toEqual({ email: true, emailAvailable: false });
  });

  it('an event the notifier cannot handle is set aside with the reason, and the events after it still arrive', async () => {
    const lead = await staffedOrg(server.baseUrl, 'Clean Air');
    const partner = await staffedOrg(server.baseUrl, 'Asthma Group');
    const statement = await coalitionStatement(server.baseUrl, 'Low emission zone', lead, []);
    const db = serverDatabase(server.app.jointly.store);
    // A kind this version does not know (written by a newer one, say), then a real event.
    db.run("INSERT INTO outbox_events (kind, statement_id, created_at) VALUES ('no_such_kind', ?, ?)", statement.id, new Date().toISOString());
    const added = await api(
      server.baseUrl,
      'POST',
      `/api/statements/${statement.id}/participants`,
      { orgId: partner.orgId, required: false },
      { as: lead.admin },
    );
    expect(added.status).toBeLessThan(300);
    await waitFor(async () => (await inbox(server.baseUrl, partner.admin)).notifications.some((n) => n.statementId === statement.id), 'the later event');
    const setAside = db.get<{ processed_at: string | null; failure: string | null }>(
      "SELECT processed_at, failure FROM outbox_events WHERE kind = 'no_such_kind'",
    );
    expect(setAside?.processed_at).not.toBeNull();
    expect(setAside?.failure).toMatch(/no notification rule for the event kind "no_such_kind"/);
  });

  it('are described in the OpenAPI document', async () => {
    const { body } = await api<{ paths: Record<string, Record<string, unknown>> }>(server.baseUrl, 'GET', '/api/openapi.json');
    const operations = Object.entries(body.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations).toEqual(
      expect.arrayContaining(['GET /api/notifications', 'POST /api/notifications/read', 'GET /api/me/notifications', 'PATCH /api/me/notifications']),
    );
  });

  it('prunes what is done and old, never an event still waiting', async () => {
    const lead = await staffedOrg(server.baseUrl, 'Quiet Streets');
    const partner = await staffedOrg(server.baseUrl, 'Night Buses');
    const statement = await coalitionStatement(server.baseUrl, 'Night transport', lead, [partner]);
    await waitFor(async () => (await inbox(server.baseUrl, partner.admin)).notifications.some((n) => n.statementId === statement.id), 'the notification');
    const db = serverDatabase(server.app.jointly.store);
    // Written and pruned in the same turn of the event loop: the notifier cannot have taken it yet.
    const waiting = db.run(
      "INSERT INTO outbox_events (kind, statement_id, created_at) VALUES ('published', NULL, ?)",
      new Date().toISOString(),
    ).lastInsertRowid;
    const future = new Date(Date.now() + 60_000);
    const pruned = server.app.jointly.store.notifications.prune({ mailBefore: future, notificationsBefore: future, eventsBefore: future });
    expect(db.get('SELECT processed_at FROM outbox_events WHERE id = ?', waiting)).toEqual({ processed_at: null });
    expect(await pruned).toBeGreaterThan(0);
    expect(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM notifications')).toEqual({ n: 0 });
    expect(db.get<{ n: number }>('SELECT COUNT(*) AS n FROM outbox_events WHERE id <> ?', waiting)).toEqual({ n: 0 });
    expect((await inbox(server.baseUrl, partner.admin)).notifications).toEqual([]);
  });
});

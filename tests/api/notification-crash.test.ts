import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendOutboxEvents } from '../../server/storage/sqlite/outbox.ts';
import { SqliteStore } from '../../server/storage/sqlite/sqlite-store.ts';
import { api, createStatement, signUp, type Person } from '../helpers/api.ts';
import { startChildServer, type ChildServer } from '../helpers/child-server.ts';
import { inbox } from '../helpers/coalition.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';
import { databaseFile, serverDatabase } from '../helpers/sqlite-faults.ts';
import { makeDataDir } from '../helpers/test-server.ts';
import { waitFor } from '../helpers/wait.ts';

/**
 * A crash between an event's commit and its delivery loses nothing and sends nothing twice:
 * the server is a child process, SIGKILLed, and started again on the same data.
 */
describe('notifications across a SIGKILL of the server', () => {
  let sink: SmtpSink;
  const children: ChildServer[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterEach(() => {
    sink.refusing = false;
    for (const child of children.splice(0)) child.process.kill('SIGKILL');
  });
  afterAll(async () => {
    await sink?.close();
  });

  async function start(dataDir: string): Promise<ChildServer> {
    const child = await startChildServer(dataDir, { SMTP_URL: sink.url, MAIL_FROM: 'Jointly <jointly@example.org>', PASSWORD_SCRYPT_LOG_N: '14' });
    children.push(child);
    return child;
  }

  async function kill(child: ChildServer): Promise<void> {
    child.process.kill('SIGKILL');
    await child.exited;
  }

  /** Reads the server's database from this process (WAL: while the server runs, too). */
  function readDatabase<T>(dataDir: string, work: (db: DatabaseSync) => T): T {
    const db = new DatabaseSync(databaseFile(dataDir), { readOnly: true });
    try {
      return work(db);
    } finally {
      db.close();
    }
  }

  async function coalition(baseUrl: string, title: string): Promise<{ lead: Person; partner: Person; statementId: string }> {
    const lead = await signUp(baseUrl, 'Lead Admin', `Green Streets ${title}`);
    const partner = await signUp(baseUrl, 'Partner Admin', `Tenants Union ${title}`);
    const { id } = await createStatement(baseUrl, { title, leadOrgId: lead.orgId, markdown: 'Safe streets for everyone.' }, lead);
    const added = await api(baseUrl, 'POST', `/api/statements/${id}/participants`, { orgId: partner.orgId, required: true }, { as: lead });
    expect(added.status).toBeLessThan(300);
    return { lead, partner, statementId: id };
  }

  it('an e-mail not delivered when the server is killed (the SMTP server refusing) is sent exactly once after the restart', async () => {
    const dataDir = makeDataDir();
    sink.refusing = true;
    const first = await start(dataDir);
    const title = `Crash before delivery ${Date.now().toString(36)}`;
    const { partner, statementId } = await coalition(first.baseUrl, title);
    // Committed: the notification is in the app; its e-mail was tried and refused.
    await waitFor(
      () => readDatabase(dataDir, (db) => !!db.prepare('SELECT 1 FROM mail_queue WHERE attempts >= 1 AND sent_at IS NULL').get()),
      'a refused delivery attempt',
    );
    expect((await inbox(first.baseUrl, partner)).notifications.filter((n) => n.statementId === statementId)).toHaveLength(1);
    await kill(first);
    expect(sink.received.filter((m) => m.subject.includes(title))).toHaveLength(0);
    const [refused] = readDatabase(dataDir, (db) => db.prepare('SELECT attempts, last_error FROM mail_queue WHERE sent_at IS NULL').all());
    expect(refused).toMatchObject({ last_error: expect.stringMatching(/try again later/) });

    sink.refusing = false;
    const second = await start(dataDir);
    const mail = await sink.waitFor((m) => m.subject.includes(title), 15_000);
    expect(mail.to).toEqual([partner.user.email]);
    // Nothing more arrives (the next retry would have been due by now), and the event was not done again.
    await sleep(2_000);
    expect(sink.received.filter((m) => m.subject.includes(title))).toHaveLength(1);
    expect((await inbox(second.baseUrl, partner)).notifications.filter((n) => n.statementId === statementId)).toHaveLength(1);
  }, 60_000);

  it('an event committed just before the server died is notified and e-mailed once after the restart, and not again after another', async () => {
    const dataDir = makeDataDir();
    const first = await start(dataDir);
    const title = `Crash before the notifier ${Date.now().toString(36)}`;
    const { lead, partner, statementId } = await coalition(first.baseUrl, title);
    await sink.waitFor((m) => m.subject.includes(title), 10_000);
    await kill(first);
    // The dead process's last commit: a sign-off's event, in the outbox, not yet drained.
    const store = new SqliteStore({ file: databaseFile(dataDir), synchronous: 'NORMAL' });
    appendOutboxEvents(serverDatabase(store), [{ kind: 'signed', statementId, orgId: partner.orgId, actorId: partner.user.id }]);
    await store.close();
    const signedMails = () => sink.to(lead.user.email).filter((m) => m.subject.includes(title) && m.subject.includes('signed'));
    expect(signedMails()).toHaveLength(0);

    const second = await start(dataDir);
    await waitFor(() => signedMails().length === 1, 'the sign-off e-mail to the lead');
    const told = async (baseUrl: string) => (await inbox(baseUrl, lead)).notifications.filter((n) => n.statementId === statementId && n.kind === 'signed');
    expect(await told(second.baseUrl)).toHaveLength(1);
    await kill(second);

    const third = await start(dataDir);
    await sleep(2_000);
    expect(signedMails()).toHaveLength(1);
    expect(await told(third.baseUrl)).toHaveLength(1);
    expect(readDatabase(dataDir, (db) => db.prepare('SELECT COUNT(*) AS n FROM outbox_events WHERE processed_at IS NULL').get())).toEqual({ n: 0 });
  }, 60_000);
});

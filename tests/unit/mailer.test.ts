import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer } from '../../server/mail/mailer.ts';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.ts';

describe('mailer', () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
  });
  afterAll(() => sink.close());

  it('delivers plain text and HTML through a real SMTP server, with the configured sender', async () => {
    const mailer = createMailer({ smtpUrl: sink.url, from: 'Jointly <jointly@example.org>' });
    await mailer.send({ to: 'ana@example.org', subject: 'Hello', text: 'Plain body', html: '<p>HTML body</p>', messageId: '<m1@jointly>' });
    mailer.close();
    const mail = await sink.waitFor((m) => m.subject === 'Hello');
    expect(mail.to).toEqual(['ana@example.org']);
    expect(mail.from).toBe('jointly@example.org');
    expect(mail.text.trim()).toBe('Plain body');
    expect(mail.html).toContain('<p>HTML body</p>');
    expect(mail.messageId).toBe('<m1@jointly>');
  });

  it('rejects when the relay refuses, so callers can retry', async () => {
    const mailer = createMailer({ smtpUrl: sink.url, from: 'jointly@example.org' });
    sink.refusing = true;
    await expect(mailer.send({ to: 'ana@example.org', subject: 'Refused', text: 't', html: 'h' })).rejects.toThrow();
    sink.refusing = false;
    mailer.close();
  });

  it('is disabled without SMTP_URL and refuses to send', async () => {
    const mailer = createMailer({ smtpUrl: undefined, from: 'jointly@example.org' });
    expect(mailer.enabled).toBe(false);
    await expect(mailer.send({ to: 'a@b.org', subject: 's', text: 't', html: 'h' })).rejects.toThrow(/not configured/);
  });
});

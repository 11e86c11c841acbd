import { createTransport, type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  /** Plain text; every e-mail has it. */
  text: string;
  html: string;
  /** Stable Message-ID for one logical e-mail, so that a retried delivery can be recognised downstream. */
  messageId?: string;
}

/**
 * Sends e-mail over SMTP (nodemailer). `send` resolves once the SMTP server accepted the
 * message and rejects when it did not (callers retry: see the notifier's mail queue).
 */
export interface Mailer {
  readonly enabled: boolean;
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** The mailer for SMTP_URL/MAIL_FROM; without SMTP_URL, a mailer that is not enabled and refuses to send. */
export function createMailer(options: { smtpUrl: string | undefined; from: string }): Mailer {
  if (!options.smtpUrl) {
    return {
      enabled: false,
      send: () => Promise.reject(new Error('E-mail is not configured (SMTP_URL)')),
      close: () => {},
    };
  }
  // Bounded waits: a hung SMTP server delays one delivery attempt, never the server.
  const url = new URL(options.smtpUrl);
  const transport: Transporter = createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    enabled: true,
    async send(mail) {
      await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      });
    },
    close: () => transport.close(),
  };
}

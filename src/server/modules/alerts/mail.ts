/**
 * Alert e-mails handed to an SMTP relay through nodemailer. SMTP_URL says where:
 * - `smtps://host:465` connects over TLS from the first byte;
 * - `smtp://host:587` upgrades with STARTTLS whenever the server offers it; when the URL carries
 *   credentials (`smtp://user:password@host:587`) STARTTLS is required, so a password never crosses the
 *   network in clear — unless the URL says otherwise with `?requireTLS=false` (a relay on the same host);
 * - other nodemailer options may follow as query parameters (`?ignoreTLS=true` for a relay without TLS).
 * Every message carries Date and Message-ID; a Vietnamese subject is encoded as UTF-8 (RFC 2047).
 */
import type nodemailer from 'nodemailer';
import type { ConnectionOptions } from 'node:tls';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface SendMailOptions {
  timeoutMs?: number;
  /** Extra TLS settings (a private CA, for example). */
  tls?: ConnectionOptions;
}

/** A message was refused: the ones before it were sent (`sentCount`), the ones after it were not tried. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly sentCount: number,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'MailSendError';
  }
}

/** Whether the transport must refuse to go on without TLS, as SMTP_URL asks or its credentials imply. */
export function requiresTls(smtpUrl: string): boolean {
  const url = new URL(smtpUrl);
  if (url.protocol === 'smtps:') return false; // already TLS from the start
  const asked = url.searchParams.get('requireTLS');
  if (asked !== null) return asked === 'true';
  return url.username !== '' || url.password !== '';
}

/** Sends the messages in order over one connection; throws MailSendError at the first one refused. */
export async function sendMail(smtpUrl: string, from: string, messages: readonly MailMessage[], options: SendMailOptions = {}): Promise<void> {
  if (messages.length === 0) return;
  const timeoutMs = options.timeoutMs ?? 15_000;
  // nodemailer is loaded when mail is first sent: a process without SMTP_URL never needs it.
  const mailer: typeof nodemailer = (await import('nodemailer')).default;
  const transport = mailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 1,
    requireTLS: requiresTls(smtpUrl),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    tls: options.tls,
  });
  let sent = 0;
  try {
    for (const m of messages) {
      try {
        await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, textEncoding: 'quoted-printable' });
      } catch (err) {
        throw new MailSendError(`SMTP: message ${sent + 1} of ${messages.length} to ${m.to} not sent: ${(err as Error).message}`, sent, { cause: err });
      }
      sent++;
    }
  } finally {
    transport.close();
  }
}

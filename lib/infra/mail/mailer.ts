import nodemailer, { type Transporter } from 'nodemailer';
import { log } from '@/lib/infra/log';
import { isProduction, mailFrom as configuredMailFrom, rootDomain, smtpUrl } from '@/lib/config/env';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

// One transport per SMTP_URL (pooled SMTP connections are reused between jobs).
const g = globalThis as unknown as { __quorumMail?: { url: string; transport: Transporter } };

function transport(url: string): Transporter {
  if (g.__quorumMail?.url !== url) {
    g.__quorumMail?.transport.close();
    // Fail within seconds when the server is away: the job then retries with backoff.
    g.__quorumMail = {
      url,
      transport: nodemailer.createTransport(url, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 }),
    };
  }
  return g.__quorumMail.transport;
}

/** The sender: MAIL_FROM, else no-reply at the root domain. */
export function mailFrom(): string {
  return configuredMailFrom() || `Quorum <no-reply@${rootDomain().replace(/:\d+$/, '')}>`;
}

/**
 * Sends one message through SMTP_URL (smtp://user:pass@host:port, smtps://… for TLS). Without
 * SMTP_URL the message is printed to the log instead (development), loudly in production.
 * Throws on SMTP failure, so a job that calls it is retried.
 */
export async function sendMail(mail: Mail): Promise<void> {
  const url = smtpUrl();
  if (!url) {
    const line = { to: mail.to, subject: mail.subject, body: mail.text };
    if (isProduction()) log.warn(line, 'email NOT sent: SMTP_URL is not set (printed here instead)');
    else log.info(line, 'email (no SMTP_URL: printed, not sent)');
    return;
  }
  await transport(url).sendMail({ from: mailFrom(), to: mail.to, subject: mail.subject, text: mail.text });
}

import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** An SMTP relay a service sends through (config variables SMTP_HOST, SMTP_PORT, …). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** true = implicit TLS (port 465); false = STARTTLS, required (a relay that does not offer it is refused). */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** A relay on this machine only (127.0.0.1, ::1, localhost: the test server): plain SMTP, no STARTTLS. Ignored for any other host. */
  ignoreTLS?: boolean;
  connectionTimeoutMs?: number;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|\[::1\]|localhost)$/i;

/**
 * The transport's options, the same for every service that sends mail (communications to
 * debtors, billing its invoices): TLS by default — implicit (`secure`) or STARTTLS, required,
 * with the relay's certificate checked. Plain SMTP only towards a relay on this machine that
 * asks for it (`ignoreTLS`, the loopback test server); a remote relay never gets personal data
 * in the clear.
 */
export function smtpTransportOptions(config: SmtpConfig): SMTPTransport.Options {
  const plain = config.ignoreTLS === true && !config.secure && LOOPBACK.test(config.host);
  return {
    host: config.host,
    port: config.port,
    secure: config.secure,
    auth: config.auth,
    ignoreTLS: plain,
    requireTLS: !config.secure && !plain,
    tls: { rejectUnauthorized: true },
    connectionTimeout: config.connectionTimeoutMs ?? 30_000,
  };
}

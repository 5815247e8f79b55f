import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { type SmtpConfig, smtpTransportOptions } from '@amicus/service-runtime';
import { Channel, ChannelAdapter, ChannelError, OutboundMessage, SendOutcome } from './channel';

export type { SmtpConfig } from '@amicus/service-runtime';

/** A nodemailer/SMTP error as it comes back from the transport. */
interface SmtpTransportError extends Error {
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

const NETWORK_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET']);

/**
 * Reads an SMTP failure the way RFC 5321 §4.2.1 defines reply codes: 4yz is a transient
 * negative completion (try again later), 5yz a permanent one. A 5yz on RCPT TO refuses the
 * recipient address itself, which is a bounce; a 5yz on DATA refuses the message.
 */
export function smtpErrorToChannelError(channel: Channel, error: SmtpTransportError): ChannelError {
  const code = error.responseCode;
  const detail = error.response ?? error.message;
  if (code !== undefined && code >= 400 && code < 500) {
    return new ChannelError(channel, 'provider_unavailable', true, `SMTP ${code}: ${detail}`, false, code);
  }
  if (code !== undefined && code >= 500 && code < 600) {
    if (code === 530 || code === 535) {
      return new ChannelError(channel, 'unauthorized', false, `SMTP ${code}: ${detail}`, false, code);
    }
    const onRecipient = error.code === 'EENVELOPE' || (error.command ?? '').toUpperCase().startsWith('RCPT');
    return onRecipient
      ? new ChannelError(channel, 'invalid_recipient', false, `SMTP ${code}: ${detail}`, true, code)
      : new ChannelError(channel, 'rejected', false, `SMTP ${code}: ${detail}`, false, code);
  }
  if (error.code !== undefined && NETWORK_CODES.has(error.code)) {
    return new ChannelError(channel, 'network', true, `SMTP connection failed: ${error.message}`);
  }
  if (error.code === 'EAUTH') {
    return new ChannelError(channel, 'unauthorized', false, `SMTP authentication failed: ${error.message}`);
  }
  return new ChannelError(channel, 'rejected', false, `SMTP send failed: ${error.message}`);
}

/**
 * E-mail over SMTP: one multipart message (text, html, attachments such as the letter PDF).
 * The Message-ID the relay accepted is the provider message id; bounces that come back later
 * as DSNs reference it.
 */
export class SmtpEmailAdapter implements ChannelAdapter {
  readonly channel: Channel = 'email';
  protected readonly transport: nodemailer.Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    config: SmtpConfig,
    protected readonly clock: () => Date = () => new Date(),
  ) {
    this.transport = nodemailer.createTransport(smtpTransportOptions(config));
  }

  async send(message: OutboundMessage): Promise<SendOutcome> {
    const to = message.recipient.email;
    if (!to) {
      return new ChannelError(this.channel, 'invalid_recipient', false, 'recipient has no e-mail address');
    }
    const from = message.sender.email;
    if (!from) {
      return new ChannelError(this.channel, 'rejected', false, 'brand has no sender e-mail address');
    }
    const options = this.mailOptions(message, { from, to });
    try {
      // Build the MIME message once and send those bytes unchanged, so that the evidence we keep
      // is exactly what the relay received.
      const raw = await new MailComposer(options).compile().build();
      const rawMail: SMTPTransport.MailOptions = {
        raw,
        envelope: options.envelope ?? { from, to: [to] },
        dsn: options.dsn,
      };
      await this.transport.sendMail(rawMail);
      return {
        ok: true,
        providerMessageId: options.messageId,
        acceptedAt: this.clock(),
        sent: { mediaType: 'message/rfc822', content: raw },
      };
    } catch (error) {
      return smtpErrorToChannelError(this.channel, error as SmtpTransportError);
    }
  }

  /** Closes pooled connections; call on shutdown. */
  close(): void {
    this.transport.close();
  }

  /** The message for nodemailer, between the sender's and the recipient's e-mail addresses (checked by `send`). */
  protected mailOptions(
    message: OutboundMessage,
    addresses: { from: string; to: string },
  ): SMTPTransport.MailOptions & { messageId: string } {
    const senderDomain = addresses.from.split('@')[1] ?? 'localhost';
    return {
      messageId: `<${randomUUID()}@${senderDomain}>`,
      date: this.clock(),
      from: { name: message.sender.name, address: addresses.from },
      to: { name: message.recipient.name, address: addresses.to },
      subject: message.subject ?? '',
      text: message.text,
      html: message.html,
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
      })),
      headers: {
        'X-Amicus-Communication-Id': message.communicationId,
        'X-Amicus-Case-Reference': message.caseReference,
      },
    };
  }
}

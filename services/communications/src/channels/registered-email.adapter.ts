import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import { Channel, OutboundMessage } from './channel';
import { SmtpConfig, SmtpEmailAdapter } from './smtp-email.adapter';

/**
 * Registered e-mail, kept simple and honest: this sends through the SMTP relay of a registered
 * e-mail provider (config REGISTERED_SMTP_*), asks for delivery status notifications (RFC 3461
 * DSN: NOTIFY=SUCCESS,FAILURE,DELAY, RET=HDRS, ENVID = our communication id) and a read receipt
 * (Disposition-Notification-To, RFC 8098), and marks the message as registered in its headers.
 *
 * It is NOT by itself a qualified electronic registered delivery service (eIDAS art. 44): the
 * legal proof of sending and receipt comes from the provider behind the relay, and the DSNs it
 * returns to `dsnReturnAddress` (the envelope sender) are the evidence to store. Against a plain SMTP server it is an
 * ordinary e-mail with DSN requested.
 */
export class RegisteredEmailAdapter extends SmtpEmailAdapter {
  override readonly channel: Channel = 'registered_email';

  constructor(
    config: SmtpConfig,
    private readonly dsnReturnAddress: string,
    clock: () => Date = () => new Date(),
  ) {
    super(config, clock);
  }

  protected override mailOptions(
    message: OutboundMessage,
    addresses: { from: string; to: string },
  ): SMTPTransport.MailOptions & { messageId: string } {
    const options = super.mailOptions(message, addresses);
    return {
      ...options,
      envelope: { from: this.dsnReturnAddress, to: addresses.to },
      dsn: {
        ret: 'HDRS',
        envid: message.communicationId,
        notify: ['SUCCESS', 'FAILURE', 'DELAY'],
        orcpt: message.recipient.email,
      },
      headers: {
        ...(options.headers as Record<string, string>),
        'X-Amicus-Registered': 'yes',
        'Disposition-Notification-To': this.dsnReturnAddress,
      },
    };
  }
}

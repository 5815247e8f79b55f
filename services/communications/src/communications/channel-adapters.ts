import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Channel, ChannelAdapter } from '../channels/channel';
import { HttpMessagingAdapter } from '../channels/http-sms.adapter';
import { PrintBatchAdapter } from '../channels/print-batch.adapter';
import { RegisteredEmailAdapter } from '../channels/registered-email.adapter';
import { SmtpConfig, SmtpEmailAdapter } from '../channels/smtp-email.adapter';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from '../config';
import { PdfPageOptions, PdfRenderer } from '../rendering/pdf-pool';
import { Clock } from '@amicus/calendar';

/** The channels whose adapter sends at once (a letter waits for its print batch). */
export type MessageChannel = Exclude<Channel, 'letter'>;

/**
 * The channel adapters of this installation, built from the configuration, the print house's
 * (letters go through their print batch, see print-batches.service.ts) and the PDF renderer for
 * letters. Chromium starts with the first letter (most runs send none) and closes on shutdown.
 */
@Injectable()
export class ChannelAdapters implements OnApplicationShutdown {
  readonly print: PrintBatchAdapter;
  private readonly adapters: Record<MessageChannel, ChannelAdapter>;
  private readonly smtp: SmtpEmailAdapter[];
  private pdf: Promise<PdfRenderer> | null = null;

  constructor(
    @Inject(COMMUNICATIONS_CONFIG) private readonly config: CommunicationsConfig,
    clock: Clock,
  ) {
    const now = () => clock.now();
    const smtp: SmtpConfig = {
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      ignoreTLS: config.SMTP_IGNORE_TLS,
      auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } : undefined,
      connectionTimeoutMs: 10_000,
    };
    const registered = { ...smtp, host: config.REGISTERED_SMTP_HOST || smtp.host, port: config.REGISTERED_SMTP_PORT || smtp.port };
    const email = new SmtpEmailAdapter(smtp, now);
    const registeredEmail = new RegisteredEmailAdapter(registered, config.REGISTERED_DSN_ADDRESS, now);
    this.smtp = [email, registeredEmail];
    const provider = { baseUrl: config.MESSAGING_BASE_URL, apiKey: config.MESSAGING_API_KEY, callbackUrl: config.MESSAGING_CALLBACK_URL };
    this.print = new PrintBatchAdapter({ outputDir: config.PRINT_OUTPUT_DIR, duplex: true });
    this.adapters = {
      email,
      registered_email: registeredEmail,
      sms: new HttpMessagingAdapter('sms', provider, now),
      whatsapp: new HttpMessagingAdapter('whatsapp', provider, now),
    };
  }

  for(channel: MessageChannel): ChannelAdapter {
    return this.adapters[channel];
  }

  async renderPdf(html: string, options: PdfPageOptions): Promise<Buffer> {
    this.pdf ??= PdfRenderer.launch({ pages: this.config.PDF_POOL_SIZE, executablePath: this.config.CHROMIUM_PATH }).catch(
      (error: unknown) => {
        this.pdf = null; // a failed start is tried again with the next letter
        throw error;
      },
    );
    return (await this.pdf).render(html, options);
  }

  async onApplicationShutdown(): Promise<void> {
    this.smtp.forEach((a) => a.close());
    const pdf = this.pdf;
    this.pdf = null;
    if (pdf) await (await pdf.catch(() => null))?.close();
  }
}

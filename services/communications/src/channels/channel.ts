/**
 * One interface for every way a communication leaves the agency. A use case picks the adapter
 * for the channel the contact rules allowed, calls `send`, and records the outcome in the
 * communication's delivery history (see ../delivery/delivery-status.ts).
 */
import type { SendingChannel } from '@amicus/contact';

/** A channel a communication is sent on: @amicus/contact's SENDING_CHANNELS. */
export type Channel = SendingChannel;

export interface Attachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** A postal address as printed on the envelope window; lines in order, country ISO 3166-1 alpha-2. */
export interface PostalAddress {
  name: string;
  lines: string[];
  country: string;
}

/** What the sender identity looks like for one brand (domain.md: Brand). */
export interface Sender {
  name: string;
  email?: string;
  /** E.164 phone number or alphanumeric sender id for SMS/WhatsApp. */
  phone?: string;
}

/**
 * A rendered communication, exactly as it will leave. The renderer (templates) produces it; the
 * adapter must not change the content, so that what is stored as evidence is what was sent.
 */
export interface OutboundMessage {
  /** Our communication id; adapters pass it to the provider so receipts can be matched. */
  communicationId: string;
  /** Case reference, printed on letters and used in provider metadata. */
  caseReference: string;
  sender: Sender;
  recipient: {
    name: string;
    email?: string;
    phone?: string;
    address?: PostalAddress;
  };
  subject?: string;
  text: string;
  html?: string;
  attachments?: Attachment[];
  /** Letters: the rendered PDF of the letter itself. */
  pdf?: Buffer;
  postageClass?: 'standard' | 'priority';
  /** Letters: send as registered post (aangetekend / recommandé / Einschreiben). */
  registered?: boolean;
}

export interface SendResult {
  ok: true;
  providerMessageId: string;
  acceptedAt: Date;
  /**
   * The exact bytes that left (issue 5, part 6: evidence): the MIME message for e-mail, the
   * JSON request for SMS/WhatsApp, the letter PDF for letters. Store it with the communication.
   */
  sent: { mediaType: string; content: Buffer };
}

/**
 * Why a send did not go. `retryable` tells the retry policy whether waiting may help (a busy
 * server, a rate limit) or not (a bounced address, a rejected number). `bounced` marks a
 * permanent refusal of the recipient address itself, which the delivery status records as
 * `bounced` rather than `failed`.
 */
export type ChannelErrorReason =
  'invalid_recipient' | 'rejected' | 'rate_limited' | 'provider_unavailable' | 'network' | 'unauthorized' | 'bad_response';

export class ChannelError extends Error {
  readonly ok = false;
  constructor(
    readonly channel: Channel,
    readonly reason: ChannelErrorReason,
    readonly retryable: boolean,
    message: string,
    readonly bounced = false,
    /** The provider's own code (SMTP reply code, HTTP status) when there is one. */
    readonly providerCode?: number,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export type SendOutcome = SendResult | ChannelError;

export interface ChannelAdapter {
  readonly channel: Channel;
  /** Never throws for a failed send: it resolves to a ChannelError so callers handle both paths. */
  send(message: OutboundMessage): Promise<SendOutcome>;
}

export function isChannelError<T>(outcome: T | ChannelError): outcome is ChannelError {
  return outcome instanceof ChannelError;
}

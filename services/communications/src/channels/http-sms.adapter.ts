import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChannelAdapter, ChannelError, OutboundMessage, SendOutcome } from './channel';
import { checkE164 } from './phone-number';

/*
 * The messaging provider protocol (SMS and WhatsApp), modelled on Twilio / MessageBird / Vonage.
 *
 * Send
 *   POST {baseUrl}/v1/messages/{sms|whatsapp}
 *   Authorization: Bearer {apiKey}
 *   Idempotency-Key: {communicationId}      a repeated request with the same key sends nothing twice
 *   Content-Type: application/json
 *   { "to": "+32470123456", "from": "Acme" | "+3225550100", "body": "…",
 *     "callbackUrl": "https://…/webhooks/messaging/receipts", "reference": "{communicationId}" }
 *   -> 200/201/202 { "id": "SM123", "status": "accepted" | "queued" | "sent" }
 *   -> 400/422 the request is refused (bad number, body too long …): permanent
 *   -> 401/403 our key is wrong: permanent until configuration changes
 *   -> 429 rate limited (optional Retry-After seconds), 5xx provider trouble: retry later
 *
 * Delivery receipt (webhook, POSTed by the provider to callbackUrl)
 *   X-Signature-Timestamp: {unix seconds}
 *   X-Signature: v1={hex HMAC-SHA256(secret, "{timestamp}.{raw body}")}
 *   { "id": "SM123", "reference": "{communicationId}", "status": "sent" | "delivered" |
 *     "undelivered" | "failed", "occurredAt": "2024-05-02T09:00:03Z",
 *     "errorCode"?: "30003", "errorMessage"?: "Unreachable handset" }
 *   The signature covers the timestamp, so a captured receipt cannot be replayed outside the
 *   tolerance window (default 5 minutes), and the raw body, so any change to it is detected.
 *   We answer 204 when accepted, 401 on a bad/missing/stale signature, 400 on a malformed body.
 */

export interface MessagingProviderConfig {
  /** e.g. https://api.provider.example (config MESSAGING_BASE_URL) */
  baseUrl: string;
  /** config MESSAGING_API_KEY */
  apiKey: string;
  /** Our public webhook URL for receipts (config MESSAGING_CALLBACK_URL). */
  callbackUrl: string;
  timeoutMs?: number;
}

export class HttpMessagingAdapter implements ChannelAdapter {
  constructor(
    readonly channel: 'sms' | 'whatsapp',
    private readonly config: MessagingProviderConfig,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    const to = checkE164(message.recipient.phone ?? '');
    if (!to.ok) {
      return new ChannelError(this.channel, 'invalid_recipient', false, `recipient: ${to.reason}`, true);
    }
    const from = message.sender.phone;
    if (!from) {
      return new ChannelError(this.channel, 'rejected', false, 'brand has no sender phone or sender id');
    }
    const url = `${this.config.baseUrl.replace(/\/$/, '')}/v1/messages/${this.channel}`;
    const requestBody = JSON.stringify({
      to: to.e164,
      from,
      body: message.text,
      callbackUrl: this.config.callbackUrl,
      reference: message.communicationId,
    });
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.config.apiKey}`,
          'content-type': 'application/json',
          'idempotency-key': message.communicationId,
        },
        body: requestBody,
        signal: AbortSignal.timeout(this.config.timeoutMs ?? 15_000),
      });
    } catch (error) {
      return new ChannelError(this.channel, 'network', true, `provider unreachable: ${(error as Error).message}`);
    }
    const text = await response.text().catch(() => '');
    if (response.ok) {
      const id = readProviderId(text);
      // The Idempotency-Key makes a retry safe when we could not read what the provider answered.
      if (!id)
        return new ChannelError(
          this.channel,
          'bad_response',
          true,
          `provider answered ${response.status} without an id`,
          false,
          response.status,
        );
      return {
        ok: true,
        providerMessageId: id,
        acceptedAt: this.clock(),
        sent: { mediaType: 'application/json', content: Buffer.from(requestBody) },
      };
    }
    return httpStatusToChannelError(this.channel, response.status, text);
  }
}

function readProviderId(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'id' in parsed && typeof parsed.id === 'string') {
      return parsed.id.length > 0 ? parsed.id : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export function httpStatusToChannelError(channel: 'sms' | 'whatsapp', status: number, body: string): ChannelError {
  const detail = `provider answered ${status}${body ? `: ${body.slice(0, 200)}` : ''}`;
  if (status === 429) return new ChannelError(channel, 'rate_limited', true, detail, false, status);
  if (status >= 500) return new ChannelError(channel, 'provider_unavailable', true, detail, false, status);
  if (status === 401 || status === 403) return new ChannelError(channel, 'unauthorized', false, detail, false, status);
  if (status === 408) return new ChannelError(channel, 'network', true, detail, false, status);
  return new ChannelError(channel, 'rejected', false, detail, false, status);
}

// --- delivery receipts ---------------------------------------------------------------------

export const SIGNATURE_HEADER = 'x-signature';
export const TIMESTAMP_HEADER = 'x-signature-timestamp';
export const DEFAULT_RECEIPT_TOLERANCE_SECONDS = 300;

export type ProviderReceiptStatus = 'sent' | 'delivered' | 'undelivered' | 'failed';
const RECEIPT_STATUSES: readonly ProviderReceiptStatus[] = ['sent', 'delivered', 'undelivered', 'failed'];

export interface DeliveryReceipt {
  providerMessageId: string;
  communicationId: string;
  status: ProviderReceiptStatus;
  occurredAt: Date;
  errorCode?: string;
  errorMessage?: string;
}

export type ReceiptErrorCode = 'missing_signature' | 'bad_signature' | 'stale' | 'malformed';

export class ReceiptError extends Error {
  constructor(
    readonly code: ReceiptErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ReceiptError';
  }
}

export type ReceiptVerification = { ok: true; receipt: DeliveryReceipt } | { ok: false; error: ReceiptError };

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value[0] : value;
}

export function signDeliveryReceipt(rawBody: string | Buffer, secret: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.`).update(rawBody).digest('hex');
  return `v1=${mac}`;
}

/**
 * Checks a delivery receipt before anything is believed: signature first (over timestamp and
 * the raw bytes, compared in constant time), then freshness against `now`, then every field.
 */
export function verifyDeliveryReceipt(
  rawBody: string | Buffer,
  headers: Headers,
  secret: string,
  now: Date,
  toleranceSeconds = DEFAULT_RECEIPT_TOLERANCE_SECONDS,
): ReceiptVerification {
  const fail = (code: ReceiptErrorCode, message: string, field?: string): ReceiptVerification => ({
    ok: false,
    error: new ReceiptError(code, message, field),
  });
  const signature = header(headers, SIGNATURE_HEADER);
  const timestampText = header(headers, TIMESTAMP_HEADER);
  if (!signature) return fail('missing_signature', `missing ${SIGNATURE_HEADER} header`);
  if (!timestampText) return fail('missing_signature', `missing ${TIMESTAMP_HEADER} header`);
  if (!/^\d{1,12}$/.test(timestampText)) return fail('bad_signature', `${TIMESTAMP_HEADER} is not unix seconds`);
  const timestamp = Number(timestampText);

  const expected = Buffer.from(signDeliveryReceipt(rawBody, secret, timestamp));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return fail('bad_signature', 'signature does not match the body and timestamp');
  }
  const ageSeconds = Math.abs(now.getTime() / 1000 - timestamp);
  if (ageSeconds > toleranceSeconds) {
    return fail('stale', `receipt timestamp is ${Math.round(ageSeconds)} s from now, tolerance ${toleranceSeconds} s`);
  }

  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString());
  } catch {
    return fail('malformed', 'body is not JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return fail('malformed', 'body is not an object');
  const b: Record<string, unknown> = Object.fromEntries(Object.entries(body));
  const text = (field: string): string | undefined => {
    const value = b[field];
    return typeof value === 'string' ? value : undefined;
  };
  const id = text('id');
  if (!id) return fail('malformed', 'field id must be a non-empty string', 'id');
  const reference = text('reference');
  if (!reference) return fail('malformed', 'field reference must be a non-empty string', 'reference');
  const status = RECEIPT_STATUSES.find((s) => s === b.status);
  if (!status) {
    return fail('malformed', `field status must be one of ${RECEIPT_STATUSES.join(', ')}`, 'status');
  }
  const occurredAt = typeof b.occurredAt === 'string' ? new Date(b.occurredAt) : new Date(NaN);
  if (Number.isNaN(occurredAt.getTime())) return fail('malformed', 'field occurredAt must be an ISO 8601 instant', 'occurredAt');
  for (const optional of ['errorCode', 'errorMessage']) {
    if (b[optional] !== undefined && typeof b[optional] !== 'string') {
      return fail('malformed', `field ${optional} must be a string when present`, optional);
    }
  }
  return {
    ok: true,
    receipt: {
      providerMessageId: id,
      communicationId: reference,
      status,
      occurredAt,
      errorCode: text('errorCode'),
      errorMessage: text('errorMessage'),
    },
  };
}

/** How a provider receipt reads as a delivery status: an undeliverable number is a bounce. */
export function receiptDeliveryStatus(status: ProviderReceiptStatus): 'sent' | 'delivered' | 'failed' | 'bounced' {
  switch (status) {
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'undelivered':
      return 'bounced';
    case 'failed':
      return 'failed';
  }
}

const MAX_RECEIPT_BYTES = 64 * 1024;

/**
 * The webhook as a plain node:http handler, so the integrator can mount it on any server (in
 * Nest/Express it must get the raw request stream: mount it before any JSON body parser).
 * `onReceipt` records the receipt (idempotently: providers repeat receipts); if it throws we
 * answer 500 so the provider retries.
 */
export function createDeliveryReceiptHandler(options: {
  secret: string;
  clock?: () => Date;
  toleranceSeconds?: number;
  onReceipt: (receipt: DeliveryReceipt) => Promise<void>;
  onRejected?: (error: ReceiptError) => void;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const clock = options.clock ?? (() => new Date());
  return (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_RECEIPT_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (req.method !== 'POST') return answer(res, 405, 'method not allowed');
      if (tooLarge) return answer(res, 413, 'receipt too large');
      const verification = verifyDeliveryReceipt(Buffer.concat(chunks), req.headers, options.secret, clock(), options.toleranceSeconds);
      if (!verification.ok) {
        options.onRejected?.(verification.error);
        return answer(res, verification.error.code === 'malformed' ? 400 : 401, verification.error.message);
      }
      options.onReceipt(verification.receipt).then(
        () => answer(res, 204),
        (error: Error) => answer(res, 500, error.message),
      );
    });
  };
}

function answer(res: ServerResponse, status: number, message?: string): void {
  res.statusCode = status;
  if (message) {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ error: message }));
  } else {
    res.end();
  }
}

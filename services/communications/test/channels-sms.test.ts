import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { OutboundMessage, isChannelError } from '../src/channels/channel';
import {
  DeliveryReceipt,
  HttpMessagingAdapter,
  ReceiptError,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  createDeliveryReceiptHandler,
  signDeliveryReceipt,
} from '../src/channels/http-sms.adapter';
import { providerSend } from './loopback-parties';

const API_KEY = 'test-api-key';
const RECEIPT_SECRET = 'whsec-test';

const RATE_LIMITED = '+32470111429';
const PROVIDER_DOWN = '+32470111503';
const REFUSED = '+32470111400';

interface ProviderRequest {
  channel: string;
  authorization?: string;
  idempotencyKey?: string;
  body: { to: string; from: string; body: string; callbackUrl: string; reference: string };
}

const listen = (server: Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Plays the messaging provider: accepts sends, answers ids, then posts signed receipts back. */
class FakeProvider {
  readonly requests: ProviderRequest[] = [];
  private counter = 0;
  readonly server = createServer(
    (req, res) =>
      void (async () => {
        const send = await providerSend(req);
        if (!send) {
          res.statusCode = 404;
          return res.end();
        }
        if (req.headers.authorization !== `Bearer ${API_KEY}`) {
          res.statusCode = 401;
          return res.end('{"error":"bad key"}');
        }
        const { body } = send;
        this.requests.push({
          channel: send.channel,
          authorization: req.headers.authorization,
          idempotencyKey: req.headers['idempotency-key'] as string | undefined,
          body,
        });
        if (body.to === RATE_LIMITED) {
          res.statusCode = 429;
          res.setHeader('retry-after', '30');
          return res.end('{"error":"too many requests"}');
        }
        if (body.to === PROVIDER_DOWN) {
          res.statusCode = 503;
          return res.end('{"error":"maintenance"}');
        }
        if (body.to === REFUSED) {
          res.statusCode = 400;
          return res.end('{"error":"number not reachable by this route"}');
        }
        const id = `SM${++this.counter}`;
        res.statusCode = 202;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id, status: 'queued' }));
        // Later, like a real provider, report progress to the callback URL.
        setImmediate(
          () =>
            void (async () => {
              await this.postReceipt(body.callbackUrl, {
                id,
                reference: body.reference,
                status: 'sent',
                occurredAt: new Date().toISOString(),
              });
              await this.postReceipt(body.callbackUrl, {
                id,
                reference: body.reference,
                status: 'delivered',
                occurredAt: new Date().toISOString(),
              });
            })(),
        );
      })(),
  );

  /** Posts one signed receipt; `tamper` changes the body after signing, `timestamp` backdates it. */
  async postReceipt(
    callbackUrl: string,
    receipt: Record<string, unknown>,
    options: { tamper?: (raw: string) => string; timestamp?: number; secret?: string } = {},
  ): Promise<number> {
    const raw = JSON.stringify(receipt);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = signDeliveryReceipt(raw, options.secret ?? RECEIPT_SECRET, timestamp);
    const response = await fetch(callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, [TIMESTAMP_HEADER]: String(timestamp) },
      body: options.tamper ? options.tamper(raw) : raw,
    });
    await response.text();
    return response.status;
  }
}

/** Our webhook, mounted on a tiny node:http server: keeps what it accepted and what it refused. */
class Webhook {
  readonly receipts: DeliveryReceipt[] = [];
  readonly rejected: ReceiptError[] = [];
  private waiters: Array<() => void> = [];
  readonly server = createServer(
    createDeliveryReceiptHandler({
      secret: RECEIPT_SECRET,
      onReceipt: async (receipt) => {
        this.receipts.push(receipt);
        this.waiters.forEach((w) => w());
      },
      onRejected: (error) => this.rejected.push(error),
    }),
  );
  url = '';

  receiptsFor(communicationId: string, count: number): Promise<DeliveryReceipt[]> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.receipts.filter((r) => r.communicationId === communicationId);
        if (found.length >= count) resolve(found);
      };
      this.waiters.push(check);
      check();
    });
  }
}

function sms(to: string, communicationId = `com-${Math.random().toString(36).slice(2)}`): OutboundMessage {
  return {
    communicationId,
    caseReference: 'CASE-2024-0042',
    sender: { name: 'Acme', phone: 'Acme' },
    recipient: { name: 'Jan Peeters', phone: to },
    text: 'Acme: uw factuur 2024-117 (€ 125,00) staat open. Betaal via https://pay.example/x',
  };
}

describe('HTTP SMS/WhatsApp adapter against a local provider', () => {
  const provider = new FakeProvider();
  const webhook = new Webhook();
  let providerUrl = '';

  beforeAll(async () => {
    providerUrl = `http://127.0.0.1:${await listen(provider.server)}`;
    webhook.url = `http://127.0.0.1:${await listen(webhook.server)}/webhooks/messaging/receipts`;
  });
  afterAll(async () => {
    await close(provider.server);
    await close(webhook.server);
  });

  const adapter = (channel: 'sms' | 'whatsapp' = 'sms', apiKey = API_KEY) =>
    new HttpMessagingAdapter(channel, { baseUrl: providerUrl, apiKey, callbackUrl: webhook.url });

  it('sends an SMS with bearer key, idempotency key and callback URL, and returns the provider id', async () => {
    const message = sms('+32470123456');
    const outcome = await adapter().send(message);

    if (isChannelError(outcome)) throw outcome;
    const request = provider.requests.find((r) => r.body.reference === message.communicationId);
    expect(request).toMatchObject({
      channel: 'sms',
      authorization: `Bearer ${API_KEY}`,
      idempotencyKey: message.communicationId,
      body: { to: '+32470123456', from: 'Acme', body: message.text, callbackUrl: webhook.url },
    });
    expect(outcome.providerMessageId).toMatch(/^SM\d+$/);
    expect(outcome.sent.mediaType).toBe('application/json');
    expect(JSON.parse(outcome.sent.content.toString())).toEqual(request!.body);
  });

  it('receives the provider’s signed sent and delivered receipts through the webhook', async () => {
    const message = sms('+31612345678');
    const outcome = await adapter().send(message);
    if (isChannelError(outcome)) throw outcome;

    const receipts = await webhook.receiptsFor(message.communicationId, 2);
    expect(receipts.map((r) => r.status)).toEqual(['sent', 'delivered']);
    expect(receipts.every((r) => r.providerMessageId === outcome.providerMessageId)).toBe(true);
  });

  it('sends WhatsApp through the same protocol on its own endpoint', async () => {
    const message = sms('+33612345678');
    const outcome = await adapter('whatsapp').send(message);

    if (isChannelError(outcome)) throw outcome;
    expect(provider.requests.find((r) => r.body.reference === message.communicationId)?.channel).toBe('whatsapp');
  });

  it('treats 429 and 5xx as retryable and 400 as permanent', async () => {
    const rateLimited = await adapter().send(sms(RATE_LIMITED));
    const down = await adapter().send(sms(PROVIDER_DOWN));
    const refused = await adapter().send(sms(REFUSED));

    expect(isChannelError(rateLimited) && [rateLimited.reason, rateLimited.retryable, rateLimited.providerCode]).toEqual([
      'rate_limited',
      true,
      429,
    ]);
    expect(isChannelError(down) && [down.reason, down.retryable, down.providerCode]).toEqual(['provider_unavailable', true, 503]);
    expect(isChannelError(refused) && [refused.reason, refused.retryable, refused.providerCode]).toEqual(['rejected', false, 400]);
  });

  it('treats a wrong API key as a permanent unauthorized error', async () => {
    const outcome = await adapter('sms', 'wrong-key').send(sms('+32470123456'));
    expect(isChannelError(outcome) && [outcome.reason, outcome.retryable]).toEqual(['unauthorized', false]);
  });

  it('refuses a recipient that is not a valid E.164 number without calling the provider', async () => {
    const before = provider.requests.length;
    for (const bad of ['0470123456', '+32123', 'not a number']) {
      const outcome = await adapter().send(sms(bad));
      expect(isChannelError(outcome) && [outcome.reason, outcome.retryable]).toEqual(['invalid_recipient', false]);
    }
    expect(provider.requests.length).toBe(before);
  });

  it('reports an unreachable provider as a retryable network failure', async () => {
    const gone = createServer();
    const port = await listen(gone);
    await close(gone);
    const outcome = await new HttpMessagingAdapter('sms', {
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: API_KEY,
      callbackUrl: webhook.url,
    }).send(sms('+32470123456'));
    expect(isChannelError(outcome) && [outcome.reason, outcome.retryable]).toEqual(['network', true]);
  });

  it('rejects a tampered receipt with 401 and records nothing', async () => {
    const reference = `com-tampered-${Math.random().toString(36).slice(2)}`;
    const status = await provider.postReceipt(
      webhook.url,
      { id: 'SM999', reference, status: 'failed', occurredAt: new Date().toISOString() },
      { tamper: (raw) => raw.replace('"failed"', '"delivered"') },
    );

    expect(status).toBe(401);
    expect(webhook.receipts.some((r) => r.communicationId === reference)).toBe(false);
    expect(webhook.rejected.at(-1)?.code).toBe('bad_signature');
  });

  it('rejects a replayed receipt outside the timestamp tolerance', async () => {
    const reference = `com-replayed-${Math.random().toString(36).slice(2)}`;
    const status = await provider.postReceipt(
      webhook.url,
      { id: 'SM998', reference, status: 'delivered', occurredAt: new Date().toISOString() },
      { timestamp: Math.floor(Date.now() / 1000) - 3600 },
    );

    expect(status).toBe(401);
    expect(webhook.rejected.at(-1)?.code).toBe('stale');
    expect(webhook.receipts.some((r) => r.communicationId === reference)).toBe(false);
  });

  it('answers 400 naming the field for a correctly signed but malformed receipt', async () => {
    const status = await provider.postReceipt(webhook.url, {
      id: 'SM997',
      reference: 'com-x',
      status: 'read',
      occurredAt: new Date().toISOString(),
    });

    expect(status).toBe(400);
    expect(webhook.rejected.at(-1)).toMatchObject({ code: 'malformed', field: 'status' });
  });
});

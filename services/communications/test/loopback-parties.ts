import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signDeliveryReceipt } from '../src/channels/http-sms.adapter';

/** The outside parties of the communications service, played on loopback for integration tests. */

export { startSmtpServer, type ArrivedMail } from '@amicus/test-smtp';

export interface ProviderRequest {
  channel: string;
  authorization?: string;
  body: { to: string; from: string; body: string; callbackUrl: string; reference: string };
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
  });
}

/** A send to the provider's API (`POST /v1/messages/sms|whatsapp`), or null (the caller answers 404). */
export async function providerSend(req: IncomingMessage): Promise<{ channel: string; body: ProviderRequest['body'] } | null> {
  const raw = await readBody(req);
  const match = /^\/v1\/messages\/(sms|whatsapp)$/.exec(req.url ?? '');
  if (req.method !== 'POST' || !match) return null;
  return { channel: match[1] as string, body: JSON.parse(raw) as ProviderRequest['body'] };
}

/** Plays the SMS/WhatsApp provider: accepts sends and posts signed delivery receipts back. */
export async function startMessagingProvider(secret: string) {
  const requests: ProviderRequest[] = [];
  let counter = 0;
  const postReceipt = async (callbackUrl: string, receipt: Record<string, unknown>, options: { secret?: string } = {}) => {
    const raw = JSON.stringify(receipt);
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await fetch(callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signDeliveryReceipt(raw, options.secret ?? secret, timestamp),
        [TIMESTAMP_HEADER]: String(timestamp),
      },
      body: raw,
    });
    await response.text();
    return response.status;
  };
  const server = createServer(
    (req, res) =>
      void (async () => {
        const send = await providerSend(req);
        if (!send) {
          res.statusCode = 404;
          return res.end();
        }
        const { body } = send;
        requests.push({ channel: send.channel, authorization: req.headers.authorization, body });
        const id = `SM${++counter}`;
        res.statusCode = 202;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ id, status: 'queued' }));
        setTimeout(() => {
          postReceipt(body.callbackUrl, { id, reference: body.reference, status: 'delivered', occurredAt: new Date().toISOString() }).catch(
            () => undefined,
          );
        }, 100);
      })(),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    postReceipt,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An IANA zone where it is `hour` o'clock at `now` (Etc/GMT-5 is UTC+5), for day and night debtors. */
export function zoneWhereItIs(hour: number, now: Date): string {
  let offset = (hour - now.getUTCHours() + 48) % 24;
  if (offset > 14) offset -= 24;
  if (offset === 0) return 'Etc/GMT';
  return offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

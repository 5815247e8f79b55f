import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkUblDocument } from '@amicus/peppol';

/**
 * A local Peppol access point for tests, speaking the API that
 * services/billing/src/invoices/peppol-access-point.ts describes:
 * POST /v1/documents (bearer token, the UBL, sender, receiver, idempotency key) → 202 with a
 * message id; GET /v1/documents/{id} → its status. A message to a participant in `registered`
 * is delivered at the first status request, to any other it fails ("not in the SMP"), as an
 * access point that looks the receiver up before sending over AS4 would answer.
 */
export interface ReceivedDocument {
  messageId: string;
  sender: string;
  receiver: string;
  idempotencyKey: string;
  document: 'Invoice' | 'CreditNote';
  number: string | null;
  ubl: string;
  status: 'accepted' | 'delivered' | 'failed';
  detail: string | null;
}

export async function startAccessPoint(opts: { token: string; registered: string[] }) {
  const received: ReceivedDocument[] = [];
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${opts.token}`) return json(res, 401, { error: 'bad token' });
      const url = new URL(req.url ?? '/', 'http://ap');
      if (req.method === 'POST' && url.pathname === '/v1/documents') {
        const key = String(req.headers['idempotency-key'] ?? '');
        const sender = String(req.headers['x-peppol-sender'] ?? '');
        const receiver = String(req.headers['x-peppol-receiver'] ?? '');
        if (!key || !/^\d{4}:.+/.test(sender) || !/^\d{4}:.+/.test(receiver))
          return json(res, 400, { error: 'Idempotency-Key, X-Peppol-Sender and X-Peppol-Receiver (scheme:id) are required' });
        const seen = received.find((d) => d.idempotencyKey === key);
        if (seen) return json(res, 200, { messageId: seen.messageId, status: seen.status });
        const ubl = Buffer.concat(chunks).toString('utf8');
        let doc: ReturnType<typeof checkUblDocument>;
        try {
          doc = checkUblDocument(ubl);
        } catch (e) {
          return json(res, 400, { error: (e as Error).message });
        }
        const d: ReceivedDocument = {
          messageId: `ap-${crypto.randomUUID()}`,
          sender,
          receiver,
          idempotencyKey: key,
          document: doc.document,
          number: doc.id,
          ubl,
          status: 'accepted',
          detail: null,
        };
        received.push(d);
        return json(res, 202, { messageId: d.messageId, status: d.status });
      }
      const m = /^\/v1\/documents\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && m) {
        const d = received.find((x) => x.messageId === decodeURIComponent(m[1]!));
        if (!d) return json(res, 404, { error: 'no such message' });
        if (d.status === 'accepted') {
          if (opts.registered.includes(d.receiver)) d.status = 'delivered';
          else Object.assign(d, { status: 'failed', detail: `receiver ${d.receiver} is not registered in the SMP` });
        }
        return json(res, 200, { messageId: d.messageId, status: d.status, detail: d.detail });
      }
      json(res, 404, { error: 'not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

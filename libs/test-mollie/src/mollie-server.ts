/**
 * A real HTTP server on loopback that speaks Mollie's v2 payments API, for tests (no payment
 * ever goes out): the bearer key check, POST/GET /v2/payments, refunds, Idempotency-Key (the
 * same key and request answer the same payment; the same key with another request is refused),
 * Mollie's error bodies (status, title, detail, field), and a checkout page. A test moves a
 * payment along (`settle`: paid, canceled, expired, failed; `chargeBack`) and the server calls
 * the payment's webhookUrl the way Mollie does: a form-encoded POST carrying only `id=tr_…`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatAmount, isCurrencyCode, minorDigits, parseMoney, type Money } from '@amicus/money';

/** Mollie's documented example key shape: `test_` and 30 characters. */
export const MOLLIE_TEST_API_KEY = 'test_amicusLocalMollieServer00000000';

export type MollieStatus = 'open' | 'pending' | 'authorized' | 'paid' | 'canceled' | 'expired' | 'failed';

export interface MollieAmount {
  currency: string;
  value: string;
}

export interface MolliePayment {
  resource: 'payment';
  id: string;
  mode: 'test';
  createdAt: string;
  amount: MollieAmount;
  description: string;
  method: string | null;
  metadata: unknown;
  status: MollieStatus;
  isCancelable: boolean;
  expiresAt?: string;
  paidAt?: string;
  canceledAt?: string;
  expiredAt?: string;
  failedAt?: string;
  amountRefunded?: MollieAmount;
  amountRemaining?: MollieAmount;
  amountChargedBack?: MollieAmount;
  details: { consumerName?: string; consumerAccount?: string; consumerBic?: string } | null;
  profileId: string;
  sequenceType: 'oneoff';
  redirectUrl: string;
  webhookUrl: string | null;
  _links: Record<string, { href: string; type: string }>;
}

export interface MollieRefund {
  resource: 'refund';
  id: string;
  mode: 'test';
  amount: MollieAmount;
  status: 'queued' | 'pending' | 'processing' | 'refunded' | 'failed' | 'canceled';
  createdAt: string;
  description: string;
  metadata: unknown;
  paymentId: string;
  _links: Record<string, { href: string; type: string }>;
}

/** A request the API received, as it came (for tests to check the key and headers sent). */
export interface MollieRequest {
  method: string;
  path: string;
  authorization: string | null;
  idempotencyKey: string | null;
  body: unknown;
}

export interface MollieServer {
  /** Where the API is: MOLLIE_API_URL (`http://127.0.0.1:<port>`; the API under /v2). */
  url: string;
  apiKey: string;
  requests: MollieRequest[];
  payment(id: string): MolliePayment | undefined;
  payments(): MolliePayment[];
  refunds(paymentId: string): MollieRefund[];
  /**
   * Moves a payment to `status` (paid: with paidAt, a method and the payer's details) and calls
   * its webhook as Mollie does; answers the webhook's HTTP status (null without a webhookUrl).
   */
  settle(
    id: string,
    status: Exclude<MollieStatus, 'open'>,
    opts?: { method?: string; consumerName?: string; consumerAccount?: string; consumerBic?: string; at?: Date },
  ): Promise<number | null>;
  /** The payer's bank takes `value` back (all of it by default), and the webhook is called. */
  chargeBack(id: string, value?: string): Promise<number | null>;
  /** Calls the payment's webhook again (Mollie retries until it gets a 2xx). */
  callWebhook(id: string): Promise<number | null>;
  /** The next `count` API requests answer `status` (a provider having a bad minute). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

const METHODS = ['bancontact', 'ideal', 'creditcard', 'kbc', 'belfius', 'banktransfer', 'paypal', 'applepay', 'eps', 'giropay'];
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly field?: string,
  ) {
    super(detail);
  }
}

const token = (prefix: string) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return prefix + [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
};

/** A real Mollie-protocol server on 127.0.0.1 (a free port unless given). */
export async function startMollieServer(opts: { apiKey?: string; port?: number } = {}): Promise<MollieServer> {
  const apiKey = opts.apiKey ?? MOLLIE_TEST_API_KEY;
  const payments = new Map<string, MolliePayment>();
  const refunds = new Map<string, MollieRefund[]>();
  const remembered = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const requests: MollieRequest[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 503 };
  let base = '';

  const amountOf = (a: MollieAmount): Money => parseMoney(a.value, a.currency);
  const wire = (m: Money): MollieAmount => ({ currency: m.currency, value: formatAmount(m) });

  function readAmount(raw: unknown, field: string): Money {
    if (raw === undefined || raw === null) throw new ApiError(422, `The ${field} is required`, field);
    const a = raw as Partial<MollieAmount>;
    if (typeof a !== 'object' || typeof a.currency !== 'string' || !isCurrencyCode(a.currency))
      throw new ApiError(422, `The ${field} currency is invalid`, `${field}.currency`);
    const digits = minorDigits(a.currency);
    const shape = digits === 0 ? /^\d{1,12}$/ : new RegExp(`^\\d{1,12}\\.\\d{${digits}}$`);
    if (typeof a.value !== 'string' || !shape.test(a.value))
      throw new ApiError(
        422,
        `The ${field} contains an invalid value: send a string with exactly ${digits} decimals for ${a.currency}`,
        `${field}.value`,
      );
    const m = parseMoney(a.value, a.currency);
    if (m.amountMinor <= 0n) throw new ApiError(422, `The ${field} is lower than the minimum`, `${field}.value`);
    return m;
  }

  function readUrl(raw: unknown, field: string, required: boolean): string | null {
    if (raw === undefined || raw === null || raw === '') {
      if (required) throw new ApiError(422, `The ${field} is required`, field);
      return null;
    }
    try {
      const u = new URL(String(raw));
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
      return u.toString();
    } catch {
      throw new ApiError(422, `The ${field} is invalid`, field);
    }
  }

  function readMetadata(raw: unknown): unknown {
    if (raw === undefined) return null;
    if (JSON.stringify(raw).length > 1024) throw new ApiError(422, 'The metadata is too large: at most 1024 bytes of JSON', 'metadata');
    return raw;
  }

  function createPayment(body: Record<string, unknown>): MolliePayment {
    const amount = readAmount(body.amount, 'amount');
    if (typeof body.description !== 'string' || !body.description.trim())
      throw new ApiError(422, 'The description is required', 'description');
    if (body.description.length > 255) throw new ApiError(422, 'The description is longer than 255 characters', 'description');
    const redirectUrl = readUrl(body.redirectUrl, 'redirectUrl', true)!;
    const webhookUrl = readUrl(body.webhookUrl, 'webhookUrl', false);
    const methods = body.method === undefined || body.method === null ? [] : Array.isArray(body.method) ? body.method : [body.method];
    for (const m of methods)
      if (typeof m !== 'string' || !METHODS.includes(m))
        throw new ApiError(422, `The payment method "${String(m)}" is invalid or not enabled`, 'method');
    const now = new Date();
    const id = token('tr_');
    const payment: MolliePayment = {
      resource: 'payment',
      id,
      mode: 'test',
      createdAt: iso(now),
      amount: wire(amount),
      description: body.description,
      method: methods.length === 1 ? (methods[0] as string) : null,
      metadata: readMetadata(body.metadata),
      status: 'open',
      isCancelable: false,
      expiresAt: iso(new Date(now.getTime() + 15 * 60_000)),
      details: null,
      profileId: 'pfl_AmicusTest',
      sequenceType: 'oneoff',
      redirectUrl,
      webhookUrl,
      _links: {},
    };
    payments.set(id, payment);
    return withLinks(payment);
  }

  function withLinks(p: MolliePayment): MolliePayment {
    p._links = {
      self: { href: `${base}/v2/payments/${p.id}`, type: 'application/hal+json' },
      ...(p.status === 'open' ? { checkout: { href: `${base}/checkout/${p.id}`, type: 'text/html' } } : {}),
      ...(refunds.get(p.id)?.length ? { refunds: { href: `${base}/v2/payments/${p.id}/refunds`, type: 'application/hal+json' } } : {}),
      documentation: { href: 'https://docs.mollie.com/reference/get-payment', type: 'text/html' },
    };
    return p;
  }

  function paymentOr404(id: string): MolliePayment {
    const p = payments.get(id);
    if (!p) throw new ApiError(404, `No payment exists with token ${id}.`);
    return withLinks(p);
  }

  function createRefund(p: MolliePayment, body: Record<string, unknown>): MollieRefund {
    if (p.status !== 'paid') throw new ApiError(422, `The payment ${p.id} is ${p.status}: only a paid payment is refundable`);
    const amount = readAmount(body.amount, 'amount');
    if (amount.currency !== p.amount.currency)
      throw new ApiError(422, `The amount's currency must be the payment's (${p.amount.currency})`, 'amount.currency');
    const remaining = amountOf(p.amountRemaining ?? p.amount);
    if (amount.amountMinor > remaining.amountMinor)
      throw new ApiError(422, `The amount exceeds the amount remaining on the payment (${formatAmount(remaining)})`, 'amount.value');
    const description = body.description === undefined ? '' : String(body.description);
    if (description.length > 255) throw new ApiError(422, 'The description is longer than 255 characters', 'description');
    const refund: MollieRefund = {
      resource: 'refund',
      id: token('re_'),
      mode: 'test',
      amount: wire(amount),
      status: 'pending',
      createdAt: iso(new Date()),
      description,
      metadata: readMetadata(body.metadata),
      paymentId: p.id,
      _links: {},
    };
    refund._links = {
      self: { href: `${base}/v2/payments/${p.id}/refunds/${refund.id}`, type: 'application/hal+json' },
      payment: { href: `${base}/v2/payments/${p.id}`, type: 'application/hal+json' },
    };
    refunds.set(p.id, [...(refunds.get(p.id) ?? []), refund]);
    const refunded = amountOf(p.amountRefunded ?? wire({ amountMinor: 0n, currency: amount.currency }));
    p.amountRefunded = wire({ amountMinor: refunded.amountMinor + amount.amountMinor, currency: amount.currency });
    p.amountRemaining = wire({ amountMinor: remaining.amountMinor - amount.amountMinor, currency: amount.currency });
    return refund;
  }

  /** The API's routes; the answer's status and body. */
  function route(method: string, path: string, body: unknown): { status: number; body: unknown } {
    const object = () => {
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new ApiError(400, 'The request body must be a JSON object');
      return body as Record<string, unknown>;
    };
    if (path === '/v2/payments') {
      if (method === 'POST') return { status: 201, body: createPayment(object()) };
      if (method === 'GET') {
        const all = [...payments.values()].reverse().map(withLinks);
        return { status: 200, body: { count: all.length, _embedded: { payments: all }, _links: {} } };
      }
      throw new ApiError(405, `The method ${method} is not allowed here`);
    }
    const one = /^\/v2\/payments\/([^/]+)$/.exec(path);
    if (one) {
      if (method !== 'GET') throw new ApiError(405, `The method ${method} is not allowed here`);
      return { status: 200, body: paymentOr404(one[1]!) };
    }
    const many = /^\/v2\/payments\/([^/]+)\/refunds$/.exec(path);
    if (many) {
      const p = paymentOr404(many[1]!);
      if (method === 'POST') return { status: 201, body: createRefund(p, object()) };
      if (method === 'GET') {
        const list = refunds.get(p.id) ?? [];
        return { status: 200, body: { count: list.length, _embedded: { refunds: list }, _links: {} } };
      }
      throw new ApiError(405, `The method ${method} is not allowed here`);
    }
    const refund = /^\/v2\/payments\/([^/]+)\/refunds\/([^/]+)$/.exec(path);
    if (refund && method === 'GET') {
      const r = (refunds.get(paymentOr404(refund[1]!).id) ?? []).find((x) => x.id === refund[2]);
      if (!r) throw new ApiError(404, `No refund exists with token ${refund[2]}.`);
      return { status: 200, body: r };
    }
    throw new ApiError(404, `The resource ${path} does not exist`);
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string, raw: string): Promise<void> {
    const authorization = header(req, 'authorization');
    const idempotencyKey = header(req, 'idempotency-key');
    let body: unknown = undefined;
    let badJson = false;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    requests.push({ method: req.method ?? '', path, authorization, idempotencyKey, body });
    const answer = (status: number, b: unknown) => send(res, status, b);
    try {
      if (failures.count > 0) {
        failures.count--;
        throw new ApiError(failures.status, 'The service is temporarily unavailable (a failure the test asked for)');
      }
      if (authorization !== `Bearer ${apiKey}`)
        throw new ApiError(401, 'Missing authentication, or failed to authenticate: send Authorization: Bearer <your API key>');
      if (badJson) throw new ApiError(400, 'The request body is not valid JSON');
      const method = req.method ?? 'GET';
      if (method === 'POST' && idempotencyKey) {
        const fingerprint = `${method} ${path} ${raw}`;
        const seen = remembered.get(idempotencyKey);
        if (seen) {
          if (seen.fingerprint !== fingerprint)
            throw new ApiError(422, 'The Idempotency-Key was used before for another request: use a new key for a new request');
          res.setHeader('Idempotent-Replayed', 'true');
          return answer(seen.status, seen.status < 300 ? refreshed(seen.body) : seen.body);
        }
        const out = route(method, path, body);
        remembered.set(idempotencyKey, { fingerprint, ...out });
        return answer(out.status, out.body);
      }
      const out = route(method, path, body);
      return answer(out.status, out.body);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return answer(e.status, errorBody(e));
    }
  }

  /** A replayed answer is the resource as it is now (Mollie answers with the same resource). */
  function refreshed(body: unknown): unknown {
    const b = body as { resource?: string; id?: string };
    return b.resource === 'payment' && b.id && payments.has(b.id) ? withLinks(payments.get(b.id)!) : body;
  }

  function checkout(req: IncomingMessage, res: ServerResponse, id: string, raw: string): Promise<void> | void {
    const p = payments.get(id);
    if (!p) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('no such payment');
    if (req.method === 'POST') {
      const status = new URLSearchParams(raw).get('status') as Exclude<MollieStatus, 'open'> | null;
      if (p.status !== 'open' || !status || !['paid', 'canceled', 'expired', 'failed'].includes(status))
        return void res.writeHead(400, { 'content-type': 'text/plain' }).end('this payment cannot be moved to that status');
      // The debtor goes back to the shop whether or not its webhook answered (Mollie retries it later).
      return server
        .settle(id, status)
        .catch(() => null)
        .then(() => void res.writeHead(303, { location: p.redirectUrl }).end());
    }
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test checkout ${p.id}</title></head>
<body><main><h1>Test checkout</h1><p>${escapeHtml(p.description)}: ${p.amount.currency} ${p.amount.value}</p>
${
  p.status === 'open'
    ? ['paid', 'canceled', 'failed', 'expired']
        .map(
          (s) =>
            `<form method="post"><input type="hidden" name="status" value="${s}"><button type="submit">${s === 'paid' ? 'Pay' : `Make it ${s}`}</button></form>`,
        )
        .join('\n')
    : `<p>This payment is ${p.status}.</p>`
}</main></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  }

  async function callWebhook(id: string): Promise<number | null> {
    const p = payments.get(id);
    if (!p) throw new Error(`no payment ${id}`);
    if (!p.webhookUrl) return null;
    const res = await fetch(p.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ id }).toString(),
    });
    await res.arrayBuffer();
    return res.status;
  }

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const page = /^\/checkout\/([^/]+)$/.exec(path);
      Promise.resolve(page ? checkout(req, res, page[1]!, raw) : api(req, res, path, raw)).catch((e: unknown) => {
        if (!res.headersSent) send(res, 500, errorBody(new ApiError(500, e instanceof Error ? e.message : String(e))));
      });
    });
  });
  await new Promise<void>((resolve) => http.listen(opts.port ?? 0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const server: MollieServer = {
    url: base,
    apiKey,
    requests,
    payment: (id) => {
      const p = payments.get(id);
      return p ? structuredClone(withLinks(p)) : undefined;
    },
    payments: () => [...payments.values()].map((p) => structuredClone(withLinks(p))),
    refunds: (id) => structuredClone(refunds.get(id) ?? []),
    async settle(id, status, o = {}) {
      const p = payments.get(id);
      if (!p) throw new Error(`no payment ${id}`);
      const at = iso(o.at ?? new Date());
      p.status = status;
      delete p.expiresAt;
      if (status === 'paid') {
        p.method = o.method ?? p.method ?? 'bancontact';
        p.paidAt = at;
        p.amountRefunded = wire({ amountMinor: 0n, currency: p.amount.currency });
        p.amountRemaining = { ...p.amount };
        p.details = {
          consumerName: o.consumerName ?? 'A. Tester',
          consumerAccount: o.consumerAccount ?? 'BE68539007547034',
          consumerBic: o.consumerBic ?? 'GKCCBEBB',
        };
      } else if (status === 'canceled') p.canceledAt = at;
      else if (status === 'expired') p.expiredAt = at;
      else if (status === 'failed') p.failedAt = at;
      return callWebhook(id);
    },
    async chargeBack(id, value) {
      const p = payments.get(id);
      if (!p || p.status !== 'paid') throw new Error(`payment ${id} is not paid`);
      const amount = value ? parseMoney(value, p.amount.currency) : amountOf(p.amount);
      p.amountChargedBack = wire(amount);
      return callWebhook(id);
    },
    callWebhook,
    failNext(count, status = 503) {
      failures = { count, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}

function errorBody(e: ApiError) {
  return {
    status: e.status,
    title: TITLES[e.status] ?? 'Error',
    detail: e.detail,
    ...(e.field ? { field: e.field } : {}),
    _links: { documentation: { href: 'https://docs.mollie.com/overview/handling-errors', type: 'text/html' } },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/hal+json' }).end(JSON.stringify(body));
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  return typeof v === 'string' ? v : null;
}

/** Mollie's timestamps: ISO 8601 with an offset, no milliseconds. */
function iso(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

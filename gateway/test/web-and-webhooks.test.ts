import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, signUserToken, verifyGatewayAssertion } from '@amicus/auth';
import { readGatewayConfig } from '../src/config';
import { RunningGateway, startGateway } from '../src/gateway';

/**
 * What the gateway serves beside /graphql: the built web app at `/` (every app route gets
 * index.html), the session endpoints the app signs in with, and payment providers' webhooks
 * passed to the cases service as they came.
 */
const GATEWAY_PORT = 14093;
const CASES_PORT = 14092;
const origin = `http://127.0.0.1:${GATEWAY_PORT}`;
const closed = 'http://127.0.0.1:1/graphql';

interface Seen {
  url: string;
  type: string | undefined;
  body: string;
  assertion: string | undefined;
  clientIp: string | undefined;
}

/** A stand-in for the cases service: answers `login` for one user and remembers webhooks. */
function fakeCases() {
  const seen: Seen[] = [];
  const token = signUserToken({ subject: 'u1', role: 'agent', clientId: null, brandIds: ['b1'], email: 'a@x.be' }, DEV_SECRETS.jwt);
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        type: req.headers['content-type'],
        body,
        assertion: req.headers[GATEWAY_ASSERTION_HEADER] as string | undefined,
        clientIp: req.headers['x-amicus-client-ip'] as string | undefined,
      });
      if (req.url === '/graphql') {
        const { variables } = JSON.parse(body) as { variables: { e: string; p: string } };
        res.setHeader('content-type', 'application/json');
        return res.end(
          JSON.stringify(
            variables.p === 'right'
              ? { data: { login: { token } } }
              : { data: null, errors: [{ message: 'wrong e-mail or password', extensions: { code: 'UNAUTHENTICATED' } }] },
          ),
        );
      }
      res.statusCode = 200;
      res.end('ok');
    });
  });
  return {
    seen,
    listen: () => new Promise<void>((r) => server.listen(CASES_PORT, '127.0.0.1', r)),
    close: () => new Promise((r) => server.close(r)),
  };
}

const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicus-web-'));
fs.mkdirSync(path.join(webDir, 'assets'));
fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
fs.writeFileSync(path.join(webDir, 'assets', 'app-abc123.js'), 'console.log(1)');

const cases = fakeCases();
let gateway: RunningGateway;

beforeAll(async () => {
  await cases.listen();
  gateway = await startGateway(
    readGatewayConfig({
      PORT: String(GATEWAY_PORT),
      CASES_URL: `http://127.0.0.1:${CASES_PORT}/graphql`,
      COMMUNICATIONS_URL: closed,
      BILLING_URL: closed,
      REPORTING_URL: closed,
      WEB_DIR: webDir,
    }),
    pino({ level: 'silent' }),
  );
  await gateway.ready;
});

afterAll(async () => {
  await gateway.stop();
  await cases.close();
  fs.rmSync(webDir, { recursive: true, force: true });
});

describe('the web app', () => {
  it('is index.html on every page the app routes itself, never cached; its hashed assets are cached for good', async () => {
    for (const page of ['/', '/agent/cases/123', '/pay/abcdef']) {
      const res = await fetch(origin + page);
      expect([page, res.status, res.headers.get('cache-control')]).toEqual([page, 200, 'no-cache']);
      expect(await res.text()).toContain('<div id="root">');
    }
    const asset = await fetch(`${origin}/assets/app-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404);
  });

  it('without a build says what to run', async () => {
    const other = await startGateway(
      readGatewayConfig({ PORT: String(GATEWAY_PORT + 10), WEB_DIR: '/nonexistent/web', CASES_URL: closed }),
      pino({ level: 'silent' }),
    );
    try {
      const res = await fetch(`http://127.0.0.1:${GATEWAY_PORT + 10}/client`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/npm run build/);
    } finally {
      await other.stop();
    }
  });
});

describe('the session endpoints', () => {
  it('sign in: the token goes into an httpOnly SameSite=Strict cookie, with a readable CSRF cookie; the body has the user only', async () => {
    const res = await fetch(`${origin}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@x.be', password: 'right' }),
    });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('amicus_session='))).toMatch(/HttpOnly/);
    expect(cookies.find((c) => c.startsWith('amicus_session='))).toMatch(/SameSite=Strict/);
    expect(cookies.find((c) => c.startsWith('amicus_csrf='))).not.toMatch(/HttpOnly/);
    const body = (await res.json()) as { user: unknown };
    expect(body).toEqual({ user: { id: 'u1', email: 'a@x.be', role: 'agent', clientId: null, brandIds: ['b1'] } });
    expect(JSON.stringify(body)).not.toMatch(/eyJ/);
  });

  it('a wrong password is a 401 with the reason, and sets no cookie', async () => {
    const res = await fetch(`${origin}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@x.be', password: 'wrong' }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'wrong e-mail or password' });
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('signing out needs the CSRF header when a CSRF cookie is there', async () => {
    const cookie = 'amicus_session=x; amicus_csrf=abc';
    expect((await fetch(`${origin}/session`, { method: 'DELETE', headers: { cookie } })).status).toBe(403);
    const out = await fetch(`${origin}/session`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': 'abc' } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join(';')).toMatch(/amicus_session=;/);
  });
});

describe("payment providers' webhooks", () => {
  it('reach the cases service as they came, with the caller’s address and the gateway’s assertion', async () => {
    cases.seen.length = 0;
    const res = await fetch(`${origin}/webhooks/mollie`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'id=tr_WDqYK6vllg',
    });
    expect(res.status).toBe(200);
    expect(cases.seen).toEqual([
      {
        url: '/webhooks/mollie',
        type: 'application/x-www-form-urlencoded',
        body: 'id=tr_WDqYK6vllg',
        assertion: expect.any(String),
        clientIp: '127.0.0.1',
      },
    ]);
    expect(verifyGatewayAssertion(cases.seen[0]!.assertion!, DEV_SECRETS.gatewayPublicKey, 'cases')).toEqual({ identity: null });
  });

  it('a provider name that is not a name is not found, and is not passed on', async () => {
    cases.seen.length = 0;
    expect((await fetch(`${origin}/webhooks/..%2Fgraphql`, { method: 'POST', body: 'x' })).status).toBe(404);
    expect(cases.seen).toEqual([]);
  });
});

/**
 * A real HTTP server on loopback speaking the settlement register protocol (README.md), for
 * tests and local runs: the bearer token check (401 without it), GET /v1/settlements matched on
 * country, name (case and spacing ignored) and postal code, and the test's hand on the register
 * (`admit`, `end`) the way a court's decisions reach it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegisterSettlement } from './settlement-register';

export const REGISTER_TEST_TOKEN = 'amicus-register-test-token';

export interface RegisterEntry extends RegisterSettlement {
  debtor: { name: string; postalCode: string | null };
}

export interface SettlementRegisterServer {
  url: string;
  /** The requests received, as their query strings. */
  requests: string[];
  admit(entry: RegisterEntry): void;
  end(reference: string, endedOn: string): void;
  close(): Promise<void>;
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

export async function startSettlementRegisterServer(port = 0, token = REGISTER_TEST_TOKEN): Promise<SettlementRegisterServer> {
  const entries: RegisterEntry[] = [];
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'unauthorized' });
    if (req.method !== 'GET' || url.pathname !== '/v1/settlements') return send(404, { error: 'not found' });
    requests.push(url.search);
    const country = url.searchParams.get('country');
    const name = url.searchParams.get('name');
    if (!country || !name) return send(400, { error: 'country and name are required' });
    const postalCode = url.searchParams.get('postalCode');
    const found = entries.filter(
      (e) =>
        e.country === country &&
        norm(e.debtor.name) === norm(name) &&
        (!postalCode || !e.debtor.postalCode || e.debtor.postalCode === postalCode),
    );
    send(200, { settlements: found.map(({ debtor: _d, ...s }) => s) });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    requests,
    admit: (entry) => void entries.push(entry),
    end: (reference, endedOn) => {
      const e = entries.find((x) => x.reference === reference);
      if (!e) throw new Error(`no settlement ${reference}`);
      Object.assign(e, { status: 'ended', endedOn });
    },
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

import http from 'node:http';
import pino from 'pino';
import { ConfigError } from '@amicus/config';
import { GATEWAY_ASSERTION_HEADER } from '@amicus/auth';
import { readGatewayConfig } from '../src/config';
import { startGateway } from '../src/gateway';

const closed = 'http://127.0.0.1:1/graphql'; // nothing listens on port 1
const FAKE_CASES_PORT = 14097;

/** A stand-in for the cases subgraph on a port of its own: answers `clients` and remembers what it was sent. */
function fakeCasesSubgraph() {
  const seen: { url: string; assertion: string | undefined; query: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        assertion: req.headers[GATEWAY_ASSERTION_HEADER] as string | undefined,
        query: (JSON.parse(body) as { query: string }).query,
      });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { clients: [{ id: 'c1' }] } }));
    });
  });
  return {
    seen,
    listen: () => new Promise<void>((resolve) => server.listen(FAKE_CASES_PORT, '127.0.0.1', resolve)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function ask(url: string, query: string) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return (await res.json()) as { data?: unknown; errors?: { message: string }[] };
}

/** The default: the committed gateway/supergraph.graphql, no introspection at start. */
describe('a gateway serving the committed supergraph', () => {
  it('is ready at once, before any subgraph, and sends each request to the configured URL of its subgraph', async () => {
    const config = readGatewayConfig({
      PORT: '14096',
      CASES_URL: `http://127.0.0.1:${FAKE_CASES_PORT}/graphql`,
      COMMUNICATIONS_URL: closed,
      BILLING_URL: closed,
      REPORTING_URL: closed,
    });
    expect(config.SUPERGRAPH_SOURCE).toBe('file');
    const gateway = await startGateway(config, pino({ level: 'silent' }));
    const cases = fakeCasesSubgraph();
    try {
      await gateway.ready;
      const health = await fetch('http://127.0.0.1:14096/health');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', subgraphs: ['cases', 'communications', 'billing', 'reporting'] });

      // cases is not up yet: its request fails, the gateway keeps serving
      expect((await ask(gateway.url, '{ clients { id } }')).errors?.length).toBeGreaterThan(0);
      await cases.listen();
      // started later (or restarted), it is reached: not at the supergraph's URL (port 4001) but at the configured one
      expect(await ask(gateway.url, '{ clients { id } }')).toEqual({ data: { clients: [{ id: 'c1' }] } });
      expect(cases.seen).toEqual([{ url: '/graphql', assertion: expect.any(String), query: expect.stringContaining('clients') }]);
      // a subgraph that is down fails only the requests that need it
      expect((await ask(gateway.url, '{ agreements { id } }')).errors?.length).toBeGreaterThan(0);
    } finally {
      await gateway.stop();
      await cases.close();
    }
  });

  it('does not start without its supergraph file, and says what to run', async () => {
    const config = readGatewayConfig({ PORT: '14095', SUPERGRAPH_FILE: '/nonexistent/supergraph.graphql' });
    await expect(startGateway(config, pino({ level: 'silent' }))).rejects.toThrow(
      /\/nonexistent\/supergraph\.graphql.*npm run schema.*SUPERGRAPH_SOURCE=introspection/,
    );
  });

  it('refuses an unknown SUPERGRAPH_SOURCE, naming the variable and the choices', () => {
    expect(() => readGatewayConfig({ SUPERGRAPH_SOURCE: 'rover' })).toThrow(ConfigError);
    expect(() => readGatewayConfig({ SUPERGRAPH_SOURCE: 'rover' })).toThrow(
      /SUPERGRAPH_SOURCE="rover": must be one of file, introspection/,
    );
  });
});

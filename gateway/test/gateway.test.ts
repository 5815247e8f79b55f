import pino from 'pino';
import { readGatewayConfig } from '../src/config';
import { startGateway } from '../src/gateway';
import { identityFromHeader } from '../src/authentication';
import { DEV_SECRETS, signUserToken } from '@amicus/auth';

/** The gateway on its own, composing by introspection: it must come up before any subgraph and say so. */
describe('a gateway started before its subgraphs (SUPERGRAPH_SOURCE=introspection)', () => {
  it('listens at once, answers 503 while composing, and stops cleanly', async () => {
    const closed = 'http://127.0.0.1:1/graphql'; // nothing listens on port 1
    const config = readGatewayConfig({
      PORT: '14099',
      SUPERGRAPH_SOURCE: 'introspection',
      CASES_URL: closed,
      COMMUNICATIONS_URL: closed,
      BILLING_URL: closed,
      REPORTING_URL: closed,
    });
    const gateway = await startGateway(config, pino({ level: 'silent' }));
    try {
      const health = await fetch('http://127.0.0.1:14099/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ status: 'composing' });
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      expect(res.status).toBe(503);
      expect((await res.json()) as object).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
    } finally {
      await gateway.stop();
    }
  });
});

describe('identityFromHeader', () => {
  const token = signUserToken({ subject: 'u1', role: 'legal', clientId: null, brandIds: [], email: null }, DEV_SECRETS.jwt);

  it('reads a bearer token, and treats no header as anonymous', () => {
    expect(identityFromHeader(`Bearer ${token}`, DEV_SECRETS.jwt)).toMatchObject({ subject: 'u1', role: 'legal' });
    expect(identityFromHeader(undefined, DEV_SECRETS.jwt)).toBeNull();
  });

  it('refuses a malformed header or a token signed elsewhere with UNAUTHENTICATED', () => {
    expect(() => identityFromHeader(`Token ${token}`, DEV_SECRETS.jwt)).toThrow(/Bearer/);
    expect(() => identityFromHeader(`Bearer ${token}`, 'another-secret')).toThrow('invalid token');
  });
});

import crypto from 'node:crypto';
import jwt from 'jsonwebtoken';
import {
  AuthError,
  GATEWAY_ASSERTION_SECONDS,
  gatewayPublicKeyOf,
  signGatewayAssertion,
  signUserToken,
  verifyGatewayAssertion,
  verifyUserToken,
} from './tokens';
import { DEV_SECRETS, Identity } from './identity';
import { hashPassword, verifyPassword } from './passwords';

const agent: Identity = { subject: 'u1', role: 'agent', clientId: null, brandIds: ['b1', 'b2'], email: 'a@x.be' };

describe('user tokens', () => {
  it('round-trips the identity', () => {
    expect(verifyUserToken(signUserToken(agent, 's3cret'), 's3cret')).toEqual(agent);
  });

  it('refuses a token signed with another secret', () => {
    expect(() => verifyUserToken(signUserToken(agent, 'one'), 'two')).toThrow(AuthError);
  });

  it('refuses an expired token', () => {
    const token = signUserToken(agent, 's', -10);
    expect(() => verifyUserToken(token, 's')).toThrow('token expired');
  });

  it('refuses to sign a client_user without a client', () => {
    expect(() => signUserToken({ ...agent, role: 'client_user' }, 's')).toThrow(/needs a clientId/);
  });

  it('does not accept a gateway assertion as a user token, nor the reverse', () => {
    expect(() => verifyUserToken(signGatewayAssertion(agent, PRIVATE, 'cases'), 's')).toThrow(AuthError);
    expect(() => verifyGatewayAssertion(signUserToken(agent, 's'), PUBLIC, 'cases')).toThrow('request did not come through the gateway');
  });

  it('carries the session a sign-in opened', () => {
    const token = signUserToken({ ...agent, sessionId: 'sess-1' }, 's');
    expect(verifyUserToken(token, 's')).toEqual({ ...agent, sessionId: 'sess-1' });
  });
});

const PRIVATE = DEV_SECRETS.gatewayPrivateKey;
const PUBLIC = DEV_SECRETS.gatewayPublicKey;

describe('gateway assertions', () => {
  it('carries an identity or says anonymous', () => {
    expect(verifyGatewayAssertion(signGatewayAssertion(agent, PRIVATE, 'cases'), PUBLIC, 'cases')).toEqual({ identity: agent });
    expect(verifyGatewayAssertion(signGatewayAssertion(null, PRIVATE, 'billing'), PUBLIC, 'billing')).toEqual({ identity: null });
  });

  it('is refused by a subgraph it was not minted for', () => {
    const forBilling = signGatewayAssertion(agent, PRIVATE, 'billing');
    expect(() => verifyGatewayAssertion(forBilling, PUBLIC, 'cases')).toThrow(/another audience/);
  });

  it('is refused once expired (a minute)', () => {
    const minted = Date.now() - (GATEWAY_ASSERTION_SECONDS + 10) * 1000;
    expect(() => verifyGatewayAssertion(signGatewayAssertion(agent, PRIVATE, 'cases', minted), PUBLIC, 'cases')).toThrow(/expired/);
  });

  it('is refused when signed with another key, or with the HMAC of a shared secret', () => {
    const other = gatewayKeyPair();
    expect(() => verifyGatewayAssertion(signGatewayAssertion(agent, other, 'cases'), PUBLIC, 'cases')).toThrow(/bad signature/);
    const hmac = jwt.sign({ anonymous: false, role: 'agency_admin', brandIds: [] }, PUBLIC, {
      algorithm: 'HS256',
      subject: 'x',
      audience: 'amicus-subgraph:cases',
      issuer: 'amicus-gateway',
      expiresIn: 60,
    });
    expect(() => verifyGatewayAssertion(hmac, PUBLIC, 'cases')).toThrow(/bad signature/);
  });

  it('derives the public key the subgraphs verify with from the private one', () => {
    expect(gatewayPublicKeyOf(PRIVATE)).toBe(PUBLIC);
  });
});

function gatewayKeyPair(): string {
  return crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse')).toBe(true);
    expect(await verifyPassword(hash, 'wrong horse')).toBe(false);
  });
});

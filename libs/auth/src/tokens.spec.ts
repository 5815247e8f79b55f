import { AuthError, signGatewayAssertion, signUserToken, verifyGatewayAssertion, verifyUserToken } from './tokens';
import { Identity } from './identity';
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
    expect(() => verifyUserToken(signGatewayAssertion(agent, 's'), 's')).toThrow(AuthError);
    expect(() => verifyGatewayAssertion(signUserToken(agent, 's'), 's')).toThrow('request did not come through the gateway');
  });
});

describe('gateway assertions', () => {
  it('carries an identity or says anonymous', () => {
    expect(verifyGatewayAssertion(signGatewayAssertion(agent, 'g'), 'g')).toEqual({ identity: agent });
    expect(verifyGatewayAssertion(signGatewayAssertion(null, 'g'), 'g')).toEqual({ identity: null });
  });
});

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct horse')).toBe(true);
    expect(await verifyPassword(hash, 'wrong horse')).toBe(false);
  });
});

import crypto from 'node:crypto';
import { DEV_SECRETS } from './identity';
import { MIN_SECRET_BYTES, adminPasswordProblem, secretProblems } from './secrets';

const strong = (c: string) => c.repeat(MIN_SECRET_BYTES);

describe('secretProblems (production)', () => {
  it('accepts long secrets of their own, one per purpose, and a real key pair', () => {
    expect(
      secretProblems([
        { name: 'JWT_SECRET', value: strong('a'), purpose: 'sessions' },
        { name: 'PAY_LINK_SECRET', value: strong('b'), purpose: 'payment-links' },
        { name: 'GATEWAY_ASSERTION_PUBLIC_KEY', value: publicKey(), purpose: 'gateway-assertion', kind: 'ed25519-public' },
      ]),
    ).toEqual([]);
  });

  it.each([
    ['JWT_SECRET', DEV_SECRETS.jwt, 'hmac'],
    ['MESSAGING_RECEIPT_SECRET', DEV_SECRETS.receipts, 'hmac'],
    ['PAY_LINK_SECRET', DEV_SECRETS.payLink, 'hmac'],
    ['GATEWAY_ASSERTION_PRIVATE_KEY', DEV_SECRETS.gatewayPrivateKey, 'ed25519-private'],
    ['GATEWAY_ASSERTION_PUBLIC_KEY', DEV_SECRETS.gatewayPublicKey, 'ed25519-public'],
  ] as const)('refuses the development default of %s, naming it', (name, value, kind) => {
    expect(secretProblems([{ name, value, purpose: 'sessions', kind }])).toEqual([
      expect.stringMatching(new RegExp(`^${name}: is the development default`)),
    ]);
  });

  it('refuses a secret shorter than 32 bytes, naming it', () => {
    expect(secretProblems([{ name: 'JWT_SECRET', value: 'x'.repeat(MIN_SECRET_BYTES - 1), purpose: 'sessions' }])).toEqual([
      'JWT_SECRET: is shorter than 32 bytes (e.g. `openssl rand -base64 48`)',
    ]);
  });

  it('refuses a key that is not an Ed25519 key of the right kind', () => {
    const [problem] = secretProblems([
      { name: 'GATEWAY_ASSERTION_PRIVATE_KEY', value: publicKey(), purpose: 'gateway-assertion', kind: 'ed25519-private' },
    ]);
    expect(problem).toMatch(/^GATEWAY_ASSERTION_PRIVATE_KEY: /);
  });

  it('refuses one key for two purposes, naming the second', () => {
    expect(
      secretProblems([
        { name: 'JWT_SECRET', value: strong('s'), purpose: 'sessions' },
        { name: 'PAY_LINK_SECRET', value: strong('s'), purpose: 'payment-links' },
      ]),
    ).toEqual(['PAY_LINK_SECRET: holds the same key as JWT_SECRET; each purpose needs its own']);
  });
});

describe('adminPasswordProblem (production)', () => {
  it('refuses the development password and a short one; empty means "generate one"', () => {
    expect(adminPasswordProblem('AMICUS_ADMIN_PASSWORD', DEV_SECRETS.adminPassword)).toMatch(
      /^AMICUS_ADMIN_PASSWORD: is the development default/,
    );
    expect(adminPasswordProblem('AMICUS_ADMIN_PASSWORD', 'short')).toMatch(/^AMICUS_ADMIN_PASSWORD: is shorter than 12/);
    expect(adminPasswordProblem('AMICUS_ADMIN_PASSWORD', '')).toBeNull();
    expect(adminPasswordProblem('AMICUS_ADMIN_PASSWORD', 'a long passphrase of mine')).toBeNull();
  });
});

function publicKey(): string {
  return crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}

import crypto from 'node:crypto';
import { ConfigError } from '@amicus/config';
import { assertProductionConfig, productionConfigProblems, readRuntimeConfig } from './runtime-config';

const publicKey = () => crypto.generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

describe('production config checks', () => {
  it('let the development defaults through outside production (tests, npm start)', () => {
    expect(productionConfigProblems(readRuntimeConfig(4001, {}))).toEqual([]);
    expect(productionConfigProblems({ ...readRuntimeConfig(4001, { NODE_ENV: 'test' }), JWT_SECRET: 'x' })).toEqual([]);
  });

  it('refuse in production a subgraph on the development gateway key, naming it', () => {
    expect(() => assertProductionConfig(readRuntimeConfig(4001, { NODE_ENV: 'production' }))).toThrow(ConfigError);
    expect(productionConfigProblems(readRuntimeConfig(4001, { NODE_ENV: 'production' }))).toEqual([
      expect.stringMatching(/^GATEWAY_ASSERTION_PUBLIC_KEY: is the development default/),
    ]);
  });

  it('refuse each bad secret a service holds, each named', () => {
    const config = {
      ...readRuntimeConfig(4001, { NODE_ENV: 'production', GATEWAY_ASSERTION_PUBLIC_KEY: publicKey() }),
      JWT_SECRET: 'too-short',
      PAY_LINK_SECRET: 'amicus-dev-pay-link-secret',
      MESSAGING_RECEIPT_SECRET: 'r'.repeat(40),
      AMICUS_ADMIN_PASSWORD: 'amicus-admin',
    };
    const problems = productionConfigProblems(config);
    expect(problems).toEqual([
      expect.stringMatching(/^JWT_SECRET: is shorter than 32 bytes/),
      expect.stringMatching(/^PAY_LINK_SECRET: is the development default/),
      expect.stringMatching(/^AMICUS_ADMIN_PASSWORD: is the development default/),
    ]);
  });

  it('accept a production configuration of its own', () => {
    const config = {
      ...readRuntimeConfig(4001, { NODE_ENV: 'production', GATEWAY_ASSERTION_PUBLIC_KEY: publicKey() }),
      JWT_SECRET: crypto.randomBytes(48).toString('base64'),
      AMICUS_ADMIN_PASSWORD: '',
    };
    expect(productionConfigProblems(config)).toEqual([]);
  });
});

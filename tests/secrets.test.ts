import crypto from 'node:crypto';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, GATEWAY_ASSERTION_SECONDS, gatewayPublicKeyOf, signGatewayAssertion } from '@amicus/auth';
import { SystemUnderTest, eventually } from './support/system';
import { session } from './support/session';

/**
 * Secrets and sessions (issue 18 §3): production refuses development secrets (each named) and
 * prints a one-time admin password on a first start; a subgraph takes only an assertion the
 * gateway minted for it, in the last minute; signing out, a disabled user and a changed role
 * count from the next request.
 */
const system = new SystemUnderTest('e2e_secrets', 20900, { KAFKA_TOPIC_PREFIX: 'e2e_secrets.', SESSION_CHECK_CACHE_MS: '0' });
const { gql, login } = session(system);
const ADMIN = { email: 'admin@amicus.local', password: 'amicus-admin' };

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'communications', 'billing', 'reporting', 'gateway']);
}, 120000);

afterAll(() => system.stopAll(), 60000);

async function direct(name: 'cases' | 'billing', assertion: string) {
  const res = await fetch(`http://127.0.0.1:${system.portOf(name)}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [GATEWAY_ASSERTION_HEADER]: assertion },
    body: JSON.stringify({ query: '{ users { id email } }' }),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { message: string }[] } };
}

const admin = { subject: crypto.randomUUID(), role: 'agency_admin' as const, clientId: null, brandIds: [], email: null };

describe('gateway assertions', () => {
  it('are taken by the subgraph they were minted for, refused by another and once expired', async () => {
    expect((await direct('cases', signGatewayAssertion(admin, DEV_SECRETS.gatewayPrivateKey, 'cases'))).body.data).toBeDefined();
    const forBilling = await direct('cases', signGatewayAssertion(admin, DEV_SECRETS.gatewayPrivateKey, 'billing'));
    expect(forBilling.status).toBe(401);
    expect(forBilling.body.errors?.[0]?.message).toMatch(/another audience/);
    const old = Date.now() - (GATEWAY_ASSERTION_SECONDS + 30) * 1000;
    const expired = await direct('cases', signGatewayAssertion(admin, DEV_SECRETS.gatewayPrivateKey, 'cases', old));
    expect(expired.status).toBe(401);
    expect(expired.body.errors?.[0]?.message).toMatch(/expired/);
  });

  it('cannot be minted by a subgraph: a key of its own, or an HMAC of what it holds, is refused', async () => {
    const own = crypto.generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect((await direct('cases', signGatewayAssertion(admin, own, 'cases'))).status).toBe(401);
  });
});

describe('sessions', () => {
  const email = `secrets-${Date.now()}@agency.example`;
  const password = 'a-password-of-mine';
  let adminToken: string;
  let userId: string;

  beforeAll(async () => {
    adminToken = await login(ADMIN.email, ADMIN.password);
    userId = (
      await gql('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: { email, password, role: 'legal' } }, adminToken)
    ).createUser.id;
  });

  it('lists its sessions; logout makes the token unusable at once', async () => {
    const token = await login(email, password);
    const { mySessions } = await gql('{ mySessions { id current revokedAt } }', {}, token);
    expect(mySessions).toEqual([expect.objectContaining({ current: true, revokedAt: null })]);
    expect(await gql('mutation { logout }', {}, token)).toEqual({ logout: true });
    const after = await system.graphql('{ mySessions { id } }', {}, token);
    expect(after.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/session has ended \(signed out\)/),
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it("an admin's revokeSession ends another user's session", async () => {
    const token = await login(email, password);
    const { mySessions } = await gql('{ mySessions { id current } }', {}, token);
    const current = mySessions.find((s: { current: boolean }) => s.current);
    await gql('mutation($id:ID!){ revokeSession(id:$id){ id revokedAt } }', { id: current.id }, adminToken);
    expect((await system.graphql('{ mySessions { id } }', {}, token)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a role change takes effect on the next request, with the same token', async () => {
    const token = await login(email, password);
    expect((await system.graphql('{ users { id } }', {}, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await gql('mutation($i:UpdateUserInput!){ updateUser(input:$i){ id role } }', { i: { id: userId, role: 'agency_admin' } }, adminToken);
    expect((await gql('{ users { id } }', {}, token)).users.length).toBeGreaterThan(1);
    await gql('mutation($i:UpdateUserInput!){ updateUser(input:$i){ id role } }', { i: { id: userId, role: 'legal' } }, adminToken);
    expect((await system.graphql('{ users { id } }', {}, token)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('a disabled user is refused on the next request', async () => {
    const token = await login(email, password);
    await gql(
      'mutation($i:SetUserDisabledInput!){ setUserDisabled(input:$i){ id } }',
      { i: { id: userId, disabled: true, reason: 'left' } },
      adminToken,
    );
    const refused = await system.graphql('{ mySessions { id } }', {}, token);
    expect(refused.errors?.[0]?.message).toMatch(/the user is disabled/);
  });
});

describe('production (NODE_ENV=production)', () => {
  const production = new SystemUnderTest('e2e_secrets_prod', 20910, { KAFKA_TOPIC_PREFIX: 'e2e_secrets_prod.', NODE_ENV: 'production' });

  afterAll(() => production.stopAll(), 60000);

  const exited = (name: 'reporting' | 'gateway' | 'cases') =>
    eventually(async () => {
      if (production.isRunning(name)) throw new Error(`${name} still running`);
    }, 30000);

  it('a subgraph and the gateway refuse to start on development secrets, naming each', async () => {
    production.start('reporting');
    production.start('gateway');
    await exited('reporting');
    await exited('gateway');
    expect(production.log('reporting')).toMatch(/GATEWAY_ASSERTION_PUBLIC_KEY: is the development default/);
    expect(production.log('gateway')).toMatch(/JWT_SECRET: is the development default/);
    expect(production.log('gateway')).toMatch(/GATEWAY_ASSERTION_PRIVATE_KEY: is the development default/);
  }, 60000);

  it('cases refuses the development admin password, and a short session secret', async () => {
    const prod2 = new SystemUnderTest('e2e_secrets_prod', 20910, {
      KAFKA_TOPIC_PREFIX: 'e2e_secrets_prod.',
      NODE_ENV: 'production',
      JWT_SECRET: 'short',
      AMICUS_ADMIN_PASSWORD: 'amicus-admin',
    });
    prod2.start('cases');
    await eventually(async () => {
      if (prod2.isRunning('cases')) throw new Error('cases still running');
    }, 30000);
    expect(prod2.log('cases')).toMatch(/JWT_SECRET: is shorter than 32 bytes/);
    expect(prod2.log('cases')).toMatch(/AMICUS_ADMIN_PASSWORD: is the development default/);
  }, 60000);

  it('with secrets of its own it starts: the first start prints a one-time admin password, introspection is off', async () => {
    const { privateKey } = crypto.generateKeyPairSync('ed25519');
    const priv = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const started = new SystemUnderTest('e2e_secrets_prod', 20910, {
      KAFKA_TOPIC_PREFIX: 'e2e_secrets_prod.',
      NODE_ENV: 'production',
      JWT_SECRET: crypto.randomBytes(48).toString('base64'),
      GATEWAY_ASSERTION_PRIVATE_KEY: priv,
      GATEWAY_ASSERTION_PUBLIC_KEY: gatewayPublicKeyOf(priv),
    });
    await started.resetDatabase();
    try {
      await started.startAll(['cases', 'gateway']);
      const printed = /with the one-time password\s+(\S+)/.exec(started.log('cases'));
      expect(printed).not.toBeNull();
      const token = await session(started).login(ADMIN.email, printed![1]!);
      expect((await session(started).gql('{ mySessions { current } }', {}, token)).mySessions).toEqual([{ current: true }]);
      expect((await started.graphql('{ __schema { types { name } } }', {}, token)).errors?.[0]?.message).toMatch(/introspection/i);
      expect(
        (
          await started.graphql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
            e: ADMIN.email,
            p: ADMIN.password,
          })
        ).errors,
      ).toBeDefined();
    } finally {
      await started.stopAll();
    }
  }, 120000);
});

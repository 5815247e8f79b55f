import { session, type Gql } from './support/session';
import { SystemUnderTest } from './support/system';

/**
 * Collection scenarios through the gateway: the agency admin writes a client's scenario and its
 * drafts, the client's user approves a version, the admin activates it; the other client's user
 * sees nothing of it, an agent cannot activate, and bad input names its field.
 */
const system = new SystemUnderTest('e2e_scenarios', 14700, { KAFKA_TOPIC_PREFIX: 'e2e_scenarios.' });
const { gql, login } = session(system);

async function refused(query: string, variables: object, token: string): Promise<{ code: unknown; fields: unknown[] }> {
  const res = await system.graphql<Gql>(query, variables, token);
  const e = res.errors?.[0];
  if (!e) throw new Error(`expected a refusal, got ${JSON.stringify(res.data)}`);
  const problems = (e.extensions?.problems ?? []) as { field: string }[];
  return { code: e.extensions?.code, fields: problems.map((p) => p.field) };
}

const PASSWORD = 'long-enough-pass';
let admin: string;
const A: Gql = {};
const B: Gql = {};

async function user(role: string, extra: object): Promise<string> {
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`;
  await gql('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: { email, password: PASSWORD, role, ...extra } }, admin);
  return login(email, PASSWORD);
}

async function tenant(t: Gql, name: string): Promise<void> {
  t.clientId = (
    await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name, country: 'BE' } }, admin)
  ).createClient.id;
  const brand = { clientId: t.clientId, name: `${name} Brand`, languages: ['nl'] };
  t.brandId = (await gql('mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }', { i: brand }, admin)).createBrand.id;
  t.clientUser = await user('client_user', { clientId: t.clientId });
  t.agent = await user('agent', { brandIds: [t.brandId] });
}

const VERSION =
  'id number status approvedBy approvedAt activatedAt steps { key kind channel delayDays anchor template conditions { minOpenMinor noReactionToPrevious } }';
const SCENARIO = `id name ownerKind clientId country debtorKind versions { ${VERSION} } activeVersion { number }`;
const CREATE = `mutation($i:CreateScenarioInput!){ createScenario(input:$i){ ${SCENARIO} } }`;
const DRAFT = `mutation($i:SaveScenarioDraftInput!){ saveScenarioDraft(input:$i){ ${VERSION} } }`;
const APPROVE = `mutation($i:ScenarioVersionInput!){ approveScenarioVersion(input:$i){ ${VERSION} } }`;
const ACTIVATE = `mutation($i:ScenarioVersionInput!){ activateScenarioVersion(input:$i){ ${VERSION} } }`;
const LIST = `query($c:ID){ scenarios(clientId:$c){ id ownerKind clientId name } }`;
const ONE = `query($id:ID!){ scenario(id:$id){ ${SCENARIO} history { action version actorKind } } }`;

const first = { key: 'first-reminder', kind: 'first_reminder', channel: 'preferred', delayDays: 0, anchor: 'placement' };
const notice = { key: 'formal-notice', kind: 'formal_notice', channel: 'letter', delayDays: 21, anchor: 'previous_step' };
const call = {
  key: 'call',
  kind: 'call_task',
  channel: 'preferred',
  delayDays: 5,
  anchor: 'previous_step',
  conditions: { noReactionToPrevious: true },
};

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  await tenant(A, 'Scenario Tenant A');
  await tenant(B, 'Scenario Tenant B');
}, 150000);

afterAll(() => system.stopAll(), 60000);

describe('a client’s scenario', () => {
  it('is drafted by the admin, approved by the client’s user, activated by the admin', async () => {
    const created = (await gql(CREATE, { i: { clientId: A.clientId, name: 'A — consumers', steps: [first, notice] } }, admin))
      .createScenario;
    expect(created).toMatchObject({ name: 'A — consumers', ownerKind: 'client', clientId: A.clientId, activeVersion: null });
    expect(created.versions).toEqual([expect.objectContaining({ number: 1, status: 'draft', approvedBy: null })]);
    A.scenarioId = created.id;

    const v2 = (
      await gql(
        DRAFT,
        { i: { scenarioId: A.scenarioId, steps: [first, notice, { ...call, conditions: { ...call.conditions, minOpenMinor: '50000' } }] } },
        admin,
      )
    ).saveScenarioDraft;
    expect(v2).toMatchObject({ number: 2, status: 'draft' });
    expect(v2.steps[2]).toEqual({ ...call, template: null, conditions: { minOpenMinor: '50000', noReactionToPrevious: true } });
    A.versionId = v2.id;

    const seen = (await gql(LIST, { c: A.clientId }, A.clientUser)).scenarios;
    expect(seen.filter((s: Gql) => s.ownerKind === 'client').map((s: Gql) => s.name)).toEqual(['A — consumers']);
    expect(seen.filter((s: Gql) => s.ownerKind === 'agency')).toHaveLength(4);

    const approved = (await gql(APPROVE, { i: { versionId: A.versionId } }, A.clientUser)).approveScenarioVersion;
    expect(approved).toMatchObject({ number: 2, status: 'draft', approvedBy: expect.any(String), approvedAt: expect.any(String) });
    expect(await refused(APPROVE, { i: { versionId: A.versionId } }, A.clientUser)).toEqual({ code: 'CONFLICT', fields: [] });

    expect(await refused(ACTIVATE, { i: { versionId: A.versionId } }, A.agent)).toEqual({ code: 'FORBIDDEN', fields: [] });
    expect(await refused(ACTIVATE, { i: { versionId: A.versionId } }, A.clientUser)).toEqual({ code: 'FORBIDDEN', fields: [] });
    expect((await gql(ACTIVATE, { i: { versionId: A.versionId } }, admin)).activateScenarioVersion).toMatchObject({
      status: 'active',
      activatedAt: expect.any(String),
    });

    const view = (await gql(ONE, { id: A.scenarioId }, A.agent)).scenario;
    expect(view.activeVersion).toEqual({ number: 2 });
    expect(view.versions.map((v: Gql) => [v.number, v.status])).toEqual([
      [1, 'draft'],
      [2, 'active'],
    ]);
    expect(view.history.map((h: Gql) => [h.action, h.version, h.actorKind])).toEqual([
      ['create', null, 'admin'],
      ['save_draft', 1, 'admin'],
      ['save_draft', 2, 'admin'],
      ['approve', 2, 'client'],
      ['activate', 2, 'admin'],
    ]);
  });

  it('shows the other client’s user and agent nothing of it', async () => {
    for (const token of [B.clientUser, B.agent]) {
      expect((await gql(LIST, { c: A.clientId }, token)).scenarios).toEqual([]);
      expect((await gql(ONE, { id: A.scenarioId }, token)).scenario).toBeNull();
      const all = (await gql(LIST, {}, token)).scenarios;
      expect(all.length).toBe(4);
      expect(all.every((s: Gql) => s.ownerKind === 'agency')).toBe(true);
      expect((await gql('query($c:ID!){ segments(clientId:$c){ key } }', { c: A.clientId }, token)).segments).toEqual([]);
    }
    expect(await refused(APPROVE, { i: { versionId: A.versionId } }, B.clientUser)).toEqual({
      code: 'NOT_FOUND',
      fields: ['input.versionId'],
    });
  });

  it('names the field of bad input', async () => {
    const badSteps = [
      { ...first, kind: 'postcard' },
      { ...notice, channel: 'pigeon', conditions: { countries: ['Belgium'] } },
    ];
    expect(await refused(CREATE, { i: { clientId: B.clientId, name: 'B', steps: badSteps } }, admin)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['input.steps[0].kind', 'input.steps[1].channel', 'input.steps[1].conditions.countries'],
    });
    expect(await refused(CREATE, { i: { clientId: B.clientId, country: 'BE', name: 'B', steps: [first] } }, admin)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['input.country'],
    });
    expect(await refused(DRAFT, { i: { scenarioId: 'not-an-id', steps: [first] } }, admin)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['input.scenarioId'],
    });
    expect(await refused(DRAFT, { i: { scenarioId: A.scenarioId, steps: [] } }, admin)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['input.steps'],
    });
    const SEGMENTS = 'mutation($i:SetSegmentsInput!){ setSegments(input:$i){ key } }';
    expect(await refused(SEGMENTS, { i: { clientId: A.clientId, segments: [{ key: 'large', minOpenMinor: '12.5' }] } }, admin)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['input.segments[0].minOpenMinor'],
    });
    expect(
      (await gql(SEGMENTS, { i: { clientId: A.clientId, segments: [{ key: 'large', minOpenMinor: '100000' }] } }, admin)).setSegments,
    ).toEqual([{ key: 'large' }]);
  });
});

import {
  buildASTSchema,
  getNamedType,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLObjectType,
  GraphQLOutputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  parse,
} from 'graphql';
import { DEV_SECRETS, GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '@amicus/auth';
import { Kafka, logLevel } from 'kafkajs';
import { CommunicationSent, createEvent, topicOf } from '@amicus/events';
import { session, type Gql } from './support/session';
import { SystemUnderTest, eventually } from './support/system';

/**
 * The case file through the gateway: placements by mutation and by file, the import report,
 * idempotent re-import, the lifecycle with its audit trail, the worklist, and a walk of every
 * query and mutation of the cases subgraph with tokens of the wrong tenant.
 */
const system = new SystemUnderTest('e2e_cases', 14200, {
  KAFKA_TOPIC_PREFIX: 'e2e_cases.',
  AMICUS_AGENCY_REGISTRATION: 'FPS-ECO-2024-0117',
});
const { gql, login } = session(system);

const PASSWORD = 'long-enough-pass';
let admin: string;
const A: Gql = {};
const B: Gql = {};

async function tenant(t: Gql, name: string): Promise<void> {
  t.clientId = (
    await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name, country: 'BE' } }, admin)
  ).createClient.id;
  t.brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId: t.clientId, name: `${name} Brand`, languages: ['nl', 'fr'], phone: '+3225551234' } },
      admin,
    )
  ).createBrand.id;
  const stamp = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const agent = await gql(
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email: `agent-${stamp}@agency.example`, password: PASSWORD, role: 'agent', brandIds: [t.brandId] } },
    admin,
  );
  t.agentId = agent.createUser.id;
  t.agent = await login(`agent-${stamp}@agency.example`, PASSWORD);
  await gql(
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email: `user-${stamp}@client.example`, password: PASSWORD, role: 'client_user', clientId: t.clientId } },
    admin,
  );
  t.clientUser = await login(`user-${stamp}@client.example`, PASSWORD);
}

const PLACE = `mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ placementId rowsRead imported rejected casesOpened casesExtended duplicates conflicts issues { kind line field reason } } }`;
const CASE = `query($id:ID!){ case(id:$id){ id phase outcome version clientId assignedAgentId holdUntil
  balance { currency principalMinor interestMinor costsMinor paidMinor openMinor }
  debtor { name kind country timeZone emails } claims { id invoiceNumber principalMinor status } notes { body }
  history { action actorKind reason } brand { name phone languages } } }`;

const claim = (over: object = {}) => ({
  debtorName: 'Jan Peeters',
  email: 'jan@example.be',
  addressLine1: 'Kerkstraat 1',
  postcode: '9000',
  city: 'Gent',
  country: 'BE',
  invoiceNumber: `F-${Math.random()}`,
  issueDate: '2025-01-02',
  dueDate: '2025-02-01',
  amount: '100.00',
  currency: 'EUR',
  ...over,
});

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['gateway', 'cases', 'communications', 'billing', 'reporting']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  await tenant(A, 'Tenant A');
  await tenant(B, 'Tenant B');
}, 150000);

afterAll(() => system.stopAll(), 60000);

describe('placements', () => {
  it('opens one case per debtor from a placement by mutation, with its debtor, claims, balance and history', async () => {
    const report = (
      await gql(
        PLACE,
        {
          i: {
            clientId: A.clientId,
            claims: [
              claim({ invoiceNumber: 'A-1', amount: '100.00' }),
              claim({ invoiceNumber: 'A-2', amount: '50.25' }),
              claim({ debtorName: 'Ann', email: 'ann@example.be', invoiceNumber: 'A-3', amount: '10.00' }),
            ],
          },
        },
        A.clientUser,
      )
    ).placeClaims;
    expect(report).toMatchObject({ rowsRead: 3, imported: 3, rejected: 0, casesOpened: 2 });
    A.placementId = report.placementId;
    const list = (
      await gql(
        'query($f:CaseFilterInput){ cases(filter:$f, orderBy:{field:OPEN_AMOUNT, direction:DESC}){ nodes { id balance { openMinor } } hasNextPage } }',
        { f: { clientId: A.clientId } },
        A.clientUser,
      )
    ).cases;
    expect(list.nodes.map((n: Gql) => n.balance.openMinor)).toEqual(['15025', '1000']);
    A.caseId = list.nodes[0].id;
    const view = (await gql(CASE, { id: A.caseId }, admin)).case;
    expect(view).toMatchObject({
      phase: 'placed',
      balance: { currency: 'EUR', principalMinor: '15025', interestMinor: '0', costsMinor: '0', paidMinor: '0', openMinor: '15025' },
      debtor: { name: 'Jan Peeters', kind: 'consumer', country: 'BE', timeZone: 'Europe/Brussels', emails: ['jan@example.be'] },
      history: [{ action: 'open', actorKind: 'client' }],
      brand: { name: 'Tenant A Brand', phone: '+3225551234' },
    });
    expect(view.claims.map((c: Gql) => c.invoiceNumber).sort()).toEqual(['A-1', 'A-2']);
    A.claimId = view.claims[0].id;
  });

  it('imports the good rows of a file, reports each bad row with line, field and reason, imports a row with a bad e-mail without it, and creates nothing on re-import', async () => {
    const csv = [
      'Klantnummer;Naam;E-mail;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta',
      'K1;Bakkerij Peeters;info@bakkerij.be;FILE-1;01/01/2025;31/01/2025;1.250,00;EUR',
      'K1;Bakkerij Peeters;info@bakkerij.be;FILE-2;05/01/2025;04/02/2025;99,99;EUR',
      'K2;Slager Janssens;not-an-email;FILE-3;05/01/2025;04/02/2025;10,00;EUR',
      'K3;Café Zwaan;;FILE-4;05/01/2025;31/02/2025;10,00;EUR',
    ].join('\r\n');
    const input = { clientId: A.clientId, fileName: 'export.csv', contentBase64: Buffer.from(csv, 'latin1').toString('base64') };
    const preview = (
      await gql(
        'query($i:PreviewPlacementInput!){ previewPlacementFile(input:$i){ mappingSource mappingProblems { reason } rows { line ok errors { field } warnings { kind field } } } }',
        { i: { ...input, rows: 3 } },
        A.clientUser,
      )
    ).previewPlacementFile;
    expect(preview).toMatchObject({
      mappingSource: 'suggested',
      mappingProblems: [],
      rows: [
        { line: 2, ok: true, warnings: [] },
        { line: 3, ok: true, warnings: [] },
        { line: 4, ok: true, errors: [], warnings: [{ kind: 'warning', field: 'email' }] },
      ],
    });

    const FILE =
      'mutation($i:PlacementFileInput!){ importPlacementFile(input:$i){ rowsRead imported rejected casesOpened duplicates warnings issues { kind line field reason } } }';
    const first = (await gql(FILE, { i: input }, A.clientUser)).importPlacementFile;
    expect(first).toMatchObject({ rowsRead: 4, imported: 3, rejected: 1, casesOpened: 2, warnings: 1 });
    expect(first.issues).toEqual([
      { kind: 'warning', line: 4, field: 'email', reason: expect.stringContaining('not an e-mail address') },
      { kind: 'rejected', line: 5, field: 'dueDate', reason: expect.any(String) },
    ]);
    const mapping = (await gql('query($c:ID!){ columnMapping(clientId:$c){ columns { field column } } }', { c: A.clientId }, A.clientUser))
      .columnMapping;
    expect(mapping.columns).toContainEqual({ field: 'invoiceNumber', column: 'Factuurnummer' });

    const again = (await gql(FILE, { i: input }, A.clientUser)).importPlacementFile;
    expect(again).toMatchObject({ rowsRead: 4, imported: 0, rejected: 1, casesOpened: 0, duplicates: 3 });
  });
});

describe('debtors', () => {
  it('lets the agent of the brand set a debtor’s preferred channel and language, and names a bad field', async () => {
    const debtorId = (await gql('query($id:ID!){ case(id:$id){ debtor { id } } }', { id: A.caseId }, admin)).case.debtor.id;
    const UPDATE = 'mutation($i:UpdateDebtorInput!){ updateDebtor(input:$i){ preferredChannel language timeZone emails } }';
    const updated = (await gql(UPDATE, { i: { debtorId, preferredChannel: 'sms', language: 'fr' } }, A.agent)).updateDebtor;
    expect(updated).toEqual({ preferredChannel: 'sms', language: 'fr', timeZone: 'Europe/Brussels', emails: ['jan@example.be'] });
    const bad = await system.graphql(UPDATE, { i: { debtorId, timeZone: 'Mars/Olympus' } }, A.agent);
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'input.timeZone', reason: 'not an IANA time zone' }],
    });
  });
});

describe('case lifecycle', () => {
  it('enforces the phase graph and records who, when and why in an append-only history', async () => {
    const PHASE = 'mutation($i:ChangeCasePhaseInput!){ changeCasePhase(input:$i){ phase version } }';
    expect((await gql(PHASE, { i: { caseId: A.caseId, to: 'amicable', reason: 'first look done' } }, A.agent)).changeCasePhase.phase).toBe(
      'amicable',
    );
    await gql(
      'mutation($i:AddCaseNoteInput!){ addCaseNote(input:$i){ id } }',
      { i: { caseId: A.caseId, note: 'debtor asked for a call on Friday' } },
      A.agent,
    );
    await gql(
      'mutation($i:HoldCaseInput!){ holdCase(input:$i){ holdUntil } }',
      { i: { caseId: A.caseId, until: '2099-01-01', reason: 'debtor in hospital' } },
      A.agent,
    );
    const skip = await system.graphql(PHASE, { i: { caseId: A.caseId, to: 'legal' } }, A.agent);
    expect(skip.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    await gql(PHASE, { i: { caseId: A.caseId, to: 'legal_review', reason: 'no reaction' } }, A.agent);
    const byAgent = await system.graphql(PHASE, { i: { caseId: A.caseId, to: 'legal' } }, A.agent);
    expect(byAgent.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const view = (await gql(CASE, { id: A.caseId }, admin)).case;
    expect(view.history.map((h: Gql) => h.action)).toEqual(['open', 'change_phase', 'note', 'hold', 'change_phase']);
    expect(view.history[3]).toMatchObject({ actorKind: 'agent', reason: 'debtor in hospital' });
    expect(view.notes).toEqual([{ body: 'debtor asked for a call on Friday' }]);
  });

  it('lets the client recall a claim (the case stays open) and a whole case (closed as returned to the client, then unchangeable)', async () => {
    const [bakery, other] = (
      await gql(
        'query($f:CaseFilterInput){ cases(filter:$f, orderBy:{field:OPEN_AMOUNT, direction:DESC}){ nodes { id claims { id principalMinor } } } }',
        { f: { clientId: A.clientId, phases: ['placed'] } },
        admin,
      )
    ).cases.nodes;
    const small = bakery.claims.find((c: Gql) => c.principalMinor === '9999');
    const afterClaim = (
      await gql(
        'mutation($i:RecallClaimInput!){ recallClaim(input:$i){ phase balance { openMinor } claims { principalMinor status } } }',
        { i: { claimId: small.id, reason: 'credit note issued' } },
        A.clientUser,
      )
    ).recallClaim;
    expect(afterClaim.phase).toBe('placed');
    expect(afterClaim.balance.openMinor).toBe('125000');
    expect(afterClaim.claims).toContainEqual({ principalMinor: '9999', status: 'recalled' });
    const recalled = (
      await gql(
        'mutation($i:RecallCaseInput!){ recallCase(input:$i){ phase outcome closeReason } }',
        { i: { caseId: other.id, reason: 'settled directly with the debtor' } },
        A.clientUser,
      )
    ).recallCase;
    expect(recalled).toEqual({ phase: 'closed', outcome: 'returned_to_client', closeReason: 'settled directly with the debtor' });
    const again = await system.graphql(
      'mutation($i:CloseCaseInput!){ closeCase(input:$i){ phase } }',
      { i: { caseId: other.id, outcome: 'paid', reason: 'x' } },
      admin,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
  it("lets a client user hold its own case (up to 90 days) and release it; another client's user finds no such case", async () => {
    const [open] = (
      await gql('query($f:CaseFilterInput){ cases(filter:$f){ nodes { id } } }', { f: { clientId: A.clientId, phases: ['placed'] } }, admin)
    ).cases.nodes;
    const HOLD = 'mutation($i:HoldCaseInput!){ holdCase(input:$i){ holdUntil history { action actorKind reason } } }';
    const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const tooLong = await system.graphql(HOLD, { i: { caseId: open.id, until: inDays(200), reason: 'we settle it' } }, A.clientUser);
    expect(tooLong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'until' }] });
    const stranger = await system.graphql(HOLD, { i: { caseId: open.id, until: inDays(30), reason: 'x' } }, B.clientUser);
    expect(stranger.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const held = (await gql(HOLD, { i: { caseId: open.id, until: inDays(30), reason: 'we settle it ourselves' } }, A.clientUser)).holdCase;
    expect(held.holdUntil).toBe(inDays(30));
    expect(held.history.at(-1)).toEqual({ action: 'hold', actorKind: 'client', reason: 'we settle it ourselves' });
    const RELEASE = 'mutation($i:ReleaseCaseHoldInput!){ releaseCaseHold(input:$i){ holdUntil } }';
    expect((await system.graphql(RELEASE, { i: { caseId: open.id, reason: 'x' } }, B.clientUser)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await gql(RELEASE, { i: { caseId: open.id, reason: 'no agreement reached' } }, A.clientUser)).releaseCaseHold).toEqual({
      holdUntil: null,
    });
  });
});

describe('worklist', () => {
  it('lists the agent’s cases most urgent first, in the name of the brand it speaks for', async () => {
    const placed = (
      await gql(
        PLACE,
        {
          i: {
            clientId: A.clientId,
            claims: [
              claim({ debtorName: 'Small', email: 's@x.be', amount: '20.00' }),
              claim({ debtorName: 'Large', email: 'l@x.be', amount: '20000.00' }),
              claim({ debtorName: 'Mid', email: 'm@x.be', amount: '900.00' }),
            ],
          },
        },
        admin,
      )
    ).placeClaims;
    expect(placed.casesOpened).toBe(3);
    const assigned = (
      await gql(
        'mutation($r:AssignmentRuleInput!){ assignCasesByRule(rule:$r){ assigned } }',
        { r: { brandId: A.brandId, agentId: A.agentId, minOpenMinor: '5000' } },
        admin,
      )
    ).assignCasesByRule;
    expect(assigned.assigned).toBeGreaterThanOrEqual(2);
    const list = (
      await gql(
        '{ myWorklist(first: 20){ due score debtorName brand { name phone languages } case { id balance { openMinor } } } }',
        {},
        A.agent,
      )
    ).myWorklist;
    const names = list.map((e: Gql) => e.debtorName);
    expect(names.indexOf('Large')).toBeLessThan(names.indexOf('Mid'));
    expect(names).not.toContain('Small');
    expect(list[0].brand).toEqual({ name: 'Tenant A Brand', phone: '+3225551234', languages: ['nl', 'fr'] });
    expect((await gql('{ myWorklist { debtorName } }', {}, B.agent)).myWorklist).toEqual([]);
  });
});

describe('legal assessment', () => {
  it('assesses a case of the file and a hypothetical case with rule, source and statement', async () => {
    const res = (
      await gql(
        'query($c:ID!){ assessCase(caseId:$c, step:"charge_interest"){ decisions { step rule source reason } statement { principalMinor lines { kind amountMinor } } } }',
        { c: A.caseId },
        admin,
      )
    ).assessCase;
    expect(res.decisions[0]).toMatchObject({ step: 'charge_interest', rule: expect.any(String), source: expect.any(String) });
    expect(res.statement.principalMinor).toBe('15025');
    const bad = await system.graphql(
      'query($j:String!){ assessHypotheticalCase(caseJson:$j){ now } }',
      { j: '{"now":"2025-01-01T00:00:00Z"}' },
      admin,
    );
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('judges a case with the agency’s own contacts, mirrored from the communications events', async () => {
    const BE_A_2 = async () => {
      const res = (
        await gql(
          'query($c:ID!){ assessCase(caseId:$c, step:"phone_call", at:"2025-04-01T10:00:00+02:00"){ decisions { checks { rule allowed } } } }',
          { c: A.caseId },
          admin,
        )
      ).assessCase;
      return res.decisions[0].checks.find((c: Gql) => c.rule === 'BE-A-2');
    };
    expect(await BE_A_2()).toMatchObject({ allowed: false }); // no formal notice yet: no other collection step (BE-A-2)
    const kafka = new Kafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const sent = createEvent(CommunicationSent, {
      aggregateId: A.caseId,
      clientId: A.clientId,
      payload: {
        communicationId: crypto.randomUUID(),
        requestId: null,
        caseId: A.caseId,
        clientId: A.clientId,
        channel: 'letter',
        kind: 'formal_notice',
        language: 'nl',
        templateVersionId: null,
        recipient: 'Kerkstraat 1, 9000 Gent',
        sentAt: '2025-03-01T09:00:00.000Z',
        providerMessageId: null,
      },
    });
    await producer
      .send({ topic: system.topic(topicOf(sent)), messages: [{ key: sent.aggregateId, value: JSON.stringify(sent) }] })
      .finally(() => producer.disconnect());
    await eventually(async () => expect(await BE_A_2()).toMatchObject({ allowed: true }), 10000, 250);
  });
});

describe('walls between tenants', () => {
  it('shows legal staff only cases in legal review or legal', async () => {
    const stamp = Date.now();
    await gql(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      { i: { email: `legal-${stamp}@agency.example`, password: PASSWORD, role: 'legal' } },
      admin,
    );
    const legal = await login(`legal-${stamp}@agency.example`, PASSWORD);
    const phases = (await gql('{ cases(page:{first:500}){ nodes { phase } } }', {}, legal)).cases.nodes.map((n: Gql) => n.phase);
    expect(phases.length).toBeGreaterThan(0);
    expect(phases.every((p: string) => p === 'legal_review' || p === 'legal')).toBe(true);
  });

  /** The cases subgraph's own schema (asked directly, with a gateway assertion). */
  async function casesSchema() {
    const res = await fetch(`http://127.0.0.1:${system.portOf('cases')}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(null, DEV_SECRETS.gatewayPrivateKey, 'cases'),
      },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    const sdl = ((await res.json()) as Gql).data._service.sdl as string;
    return buildASTSchema(parse(sdl), { assumeValidSDL: true });
  }

  function selection(type: GraphQLOutputType, depth = 0): string {
    const named = getNamedType(type);
    if (!isObjectType(named)) return '';
    const fields = Object.values((named as GraphQLObjectType).getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
    const parts = fields
      .map((f) => (isObjectType(getNamedType(f.type)) ? (depth < 2 ? `${f.name} ${selection(f.type, depth + 1)}` : '') : f.name))
      .filter(Boolean);
    return `{ ${parts.join(' ') || '__typename'} }`;
  }

  function value(name: string, type: GraphQLInputType, field: string): unknown {
    if (isNonNullType(type)) return value(name, type.ofType, field);
    if (isListType(type)) return [value(name, type.ofType, field)];
    if (isInputObjectType(type)) {
      const out: Record<string, unknown> = {};
      for (const f of Object.values((type as GraphQLInputObjectType).getFields())) {
        if (isNonNullType(f.type) || /Id$/.test(f.name)) out[f.name] = value(f.name, f.type, field);
      }
      return out;
    }
    if (isEnumType(type)) return type.getValues()[0]!.value;
    if (isScalarType(type)) {
      if (type.name === 'Int' || type.name === 'Float') return 1;
      if (type.name === 'Boolean') return false;
      const ids: Record<string, string> = {
        clientId: A.clientId,
        caseId: A.caseId,
        claimId: A.claimId,
        brandId: A.brandId,
        agentId: A.agentId,
        debtorId: A.debtorId,
      };
      if (ids[name]) return ids[name];
      if (name === 'id') return { client: A.clientId, debtor: A.debtorId, placement: A.placementId }[field] ?? A.caseId;
      if (name === 'contentBase64')
        return Buffer.from('Naam;Factuurnummer;Factuurdatum;Vervaldatum;Bedrag;Valuta\nX;W-1;2025-01-01;2025-01-31;1;EUR\n').toString(
          'base64',
        );
      if (name === 'until') return '2099-01-01';
      if (name === 'caseJson') return '{}';
      if (name === 'email') return 'nobody@example.com';
      return 'x';
    }
    return null;
  }

  it('gives a client user and an agent of the wrong tenant no data from any query or mutation', async () => {
    A.debtorId = (await gql('query($id:ID!){ case(id:$id){ debtor { id } } }', { id: A.caseId }, admin)).case.debtor.id;
    const before = (await gql(CASE, { id: A.caseId }, admin)).case;
    const secrets = [A.caseId, A.debtorId, A.claimId, A.placementId, 'Jan Peeters', 'A-1', 'Tenant A'];
    const schema = await casesSchema();
    const fields = [
      ...Object.values(schema.getQueryType()!.getFields()).map((f) => ['query', f] as const),
      ...Object.values(schema.getMutationType()!.getFields()).map((f) => ['mutation', f] as const),
    ].filter(([, f]) => !f.name.startsWith('_') && f.name !== 'login');
    expect(fields.length).toBeGreaterThan(20);
    const walked: string[] = [];
    for (const token of [B.clientUser, B.agent]) {
      for (const [kind, field] of fields) {
        const variables: Record<string, unknown> = {};
        const defs = field.args.map((a) => {
          variables[a.name] = value(a.name, a.type, field.name);
          return `$${a.name}: ${a.type.toString()}`;
        });
        const args = field.args.map((a) => `${a.name}: $${a.name}`);
        const query = `${kind}${defs.length ? `(${defs.join(', ')})` : ''} { ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${selection(field.type)} }`;
        const res = await system.graphql<Gql>(query, variables, token);
        const data = JSON.stringify(res.data ?? null);
        for (const secret of secrets)
          expect({ field: field.name, leaked: data.includes(secret) ? secret : null }).toEqual({ field: field.name, leaked: null });
        for (const e of res.errors ?? []) expect(['Jan Peeters', 'A-1'].some((s) => e.message.includes(s))).toBe(false);
        walked.push(field.name);
      }
    }
    expect(walked).toEqual(
      expect.arrayContaining(['cases', 'case', 'myWorklist', 'placeClaims', 'closeCase', 'recallCase', 'assessCase', 'debtor']),
    );
    const after = (await gql(CASE, { id: A.caseId }, admin)).case;
    expect(after).toEqual(before);
  });
});

describe('users', () => {
  const USERS = 'query($f:UserFilterInput){ users(filter:$f){ id email role clientId brandIds disabledAt disabledReason } }';
  const DISABLE = 'mutation($i:SetUserDisabledInput!){ setUserDisabled(input:$i){ id disabledAt disabledReason } }';

  it("lists the agency's users for the admin only, by role or client", async () => {
    const agents = (await gql(USERS, { f: { role: 'agent' } }, admin)).users as Gql[];
    expect(agents.map((u) => u.id)).toEqual(expect.arrayContaining([A.agentId, B.agentId]));
    expect(agents.every((u) => u.role === 'agent')).toBe(true);
    const ofA = (await gql(USERS, { f: { clientId: A.clientId } }, admin)).users as Gql[];
    expect(ofA.map((u) => [u.role, u.clientId])).toEqual([['client_user', A.clientId]]);
    for (const who of [A.agent, A.clientUser])
      expect((await system.graphql(USERS, {}, who)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("changes an agent's brands, refuses a scope that does not fit the role at its field, and a client user may not", async () => {
    const UPDATE = 'mutation($i:UpdateUserInput!){ updateUser(input:$i){ id role brandIds clientId } }';
    const moved = (await gql(UPDATE, { i: { id: A.agentId, brandIds: [A.brandId, B.brandId] } }, admin)).updateUser;
    expect(moved).toEqual({ id: A.agentId, role: 'agent', brandIds: [A.brandId, B.brandId], clientId: null });
    const wrong = await system.graphql(UPDATE, { i: { id: A.agentId, role: 'client_user' } }, admin);
    expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'input.clientId' }] });
    const unknown = await system.graphql(UPDATE, { i: { id: A.agentId, brandIds: [crypto.randomUUID()] } }, admin);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'input.brandIds' }] });
    expect((await system.graphql(UPDATE, { i: { id: A.agentId, brandIds: [] } }, A.clientUser)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    await gql(UPDATE, { i: { id: A.agentId, brandIds: [A.brandId] } }, admin);
  });

  it('disables a user with a reason (it signs in no more, as with a wrong password) and enables it again', async () => {
    const stamp = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const email = `leaver-${stamp}@agency.example`;
    const { id } = (
      await gql('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: { email, password: PASSWORD, role: 'legal' } }, admin)
    ).createUser;
    const LOGIN = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
    const noReason = await system.graphql(DISABLE, { i: { id, disabled: true } }, admin);
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'input.reason' }] });
    const off = (await gql(DISABLE, { i: { id, disabled: true, reason: 'left the agency' } }, admin)).setUserDisabled;
    expect(off).toMatchObject({ id, disabledReason: 'left the agency', disabledAt: expect.any(String) });
    const refused = await system.graphql(LOGIN, { e: email, p: PASSWORD }, '');
    const wrongPassword = await system.graphql(LOGIN, { e: email, p: 'not-the-password' }, '');
    expect(refused.errors?.[0]?.message).toBe(wrongPassword.errors?.[0]?.message);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(((await gql(USERS, {}, admin)).users as Gql[]).some((u) => u.id === id)).toBe(false);
    expect(((await gql(USERS, { f: { includeDisabled: true } }, admin)).users as Gql[]).some((u) => u.id === id)).toBe(true);
    await gql(DISABLE, { i: { id, disabled: false } }, admin);
    expect(await login(email, PASSWORD)).toEqual(expect.any(String));
  });

  it('does not let an admin disable itself', async () => {
    const me = ((await gql(USERS, { f: { role: 'agency_admin' } }, admin)).users as Gql[]).find((u) => u.email === 'admin@amicus.local')!;
    const self = await system.graphql(DISABLE, { i: { id: me.id, disabled: true, reason: 'oops' } }, admin);
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'input.id' }] });
  });
});

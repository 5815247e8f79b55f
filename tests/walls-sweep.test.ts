import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { Client } from 'pg';
import { startSmtpServer } from '@amicus/test-smtp';
import { session, type Gql } from './support/session';
import { SystemUnderTest, eventually } from './support/system';

/**
 * The sweep (issue 18 §1): every query and mutation of the composed schema — read from the
 * gateway's introspection, so a field added tomorrow is swept tomorrow — is called as each role
 * of a wrong tenant with the real ids of tenant A's objects, and nothing of tenant A may come
 * back or change.
 *
 * Tenant A: client A with brand A1 (its cases, debtors, claims, a communication sent, a payment,
 * a dispute, an approved agreement, a remittance, a client user). Brand A2 is client A's second
 * brand, without cases. Tenant B: client B with brand B1 and one case.
 *
 * The wrong tenants: a client user of client B; an agent of brand B1; an agent of brand A2 (its
 * client's other brand: client A's name and id are its own to see, nothing of brand A1's cases);
 * a legal user (tenant A's cases are all amicable); the debtor of B's case (anonymous, its pay
 * link's token in every `token` argument); and the debtor of tenant A's other case (same client
 * and brand; its own link in the token fields; watched for the first case's values only).
 *
 * Arguments: IDs are tenant A's real ids, found in the database by table (an argument `xId`,
 * `xIds` or the `id` of a field returning `X` takes the id of tenant A's row in table `xs`;
 * unknown: A's case); strings by name and description (dates today, amounts, the first of the
 * values a description lists); input objects built from the schema with their required fields
 * and every id-like field. Each field is called with every argument it can take and, when that
 * differs, with its required arguments only. Fields with a `token` argument are the debtor's
 * (anonymous: the identity is ignored there) and are called as the debtor only.
 *
 * Asserted: no answer's data (base64 documents decoded) holds any of tenant A's values — ids of
 * every row of A's in every schema, names, e-mails, invoice numbers, amounts, its pay link — and
 * no error message does either, except the ids the call itself sent; no call is refused by the
 * schema (the sweep's own calls are valid); and tenant A's rows in every schema are, byte for
 * byte, as before. As a control, the admin's queries find tenant A's data in the core fields.
 */

/** Public by design: called by nobody here, each with its reason. */
const PUBLIC_BY_DESIGN: Record<string, string> = {
  login:
    'the door itself: an e-mail and a password give the caller its own token, nothing of anyone else (its throttling is tested at the gateway)',
  logout: "ends the caller's own session and nothing else (tests/secrets.test.ts); called here it would sign the sweep's wrong tenants out",
};

const run = Date.now().toString(36);
const PREFIX = `e2e_walls_${run}.`;
const PASSWORD = 'walls-sweep-pass-1';
const TODAY = new Date().toISOString().slice(0, 10);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let system: SystemUnderTest;
let db: Client;
let gql: ReturnType<typeof session>['gql'];
let login: ReturnType<typeof session>['login'];
let admin = '';

interface Tenant {
  clientId: string;
  clientName: string;
  brandId: string;
  brandName: string;
  caseIds: string[];
  token: string;
}
let A: Tenant;
let B: Tenant;
let brandA2 = '';
let userAEmail = '';

/** Tenant A's values no wrong tenant may see, and the ids by table (for arguments). */
const markers = new Set<string>();
const idsByTable = new Map<string, string[]>();
let rowFilter = '';

interface Role {
  name: string;
  token: string | null;
  /** Values of tenant A this role sees by right. */
  own: Set<string>;
  /** A debtor's own pay link, put in every `token` argument instead of B's. */
  payToken?: string;
  /** Only these values are watched (a debtor of tenant A's other case: that case's values only). */
  only?: Set<string>;
}
const roles: Role[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  system = new SystemUnderTest('e2e_walls', 18700, { KAFKA_TOPIC_PREFIX: PREFIX, SMTP_PORT: String(smtp.port) });
  await system.resetDatabase();
  await system.startAll();
  ({ gql, login } = session(system));
  admin = await login('admin@amicus.local', 'amicus-admin');
  db = new Client({ connectionString: system.databaseUrl });
  await db.connect();

  const a = await clientWithBrand('Walls Alpha');
  brandA2 = await brand(a.clientId, `Walls Alpha Second ${run}`);
  const b = await clientWithBrand('Walls Beta');
  await place(a.clientId, a.brandId, [
    ['Quirina Alphadebtor', `quirina.${run}@alpha-debtors.example`, '481793.71', `WA-${run}-1`],
    ['Ulrik Alphasecond', `ulrik.${run}@alpha-debtors.example`, '75311.97', `WA-${run}-2`],
  ]);
  await place(b.clientId, b.brandId, [['Bettina Betadebtor', `bettina.${run}@beta-debtors.example`, '222.22', `WB-${run}-1`]]);
  A = { ...a, ...(await casesAndToken(a.clientId)) };
  B = { ...b, ...(await casesAndToken(b.clientId)) };

  // Tenant A's life: a client user, an e-mail sent, a payment, a dispute, an agreement, a remittance.
  userAEmail = `alpha-user-${run}@walls.example`;
  await gql(
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email: userAEmail, password: PASSWORD, role: 'client_user', clientId: A.clientId } },
    admin,
  );
  const caseA = A.caseIds[0]!;
  await gql(
    'mutation($i:SendCommunicationInput!){ sendCommunication(input:$i){ id } }',
    { i: { caseId: caseA, kind: 'first_reminder', channel: 'email' } },
    admin,
  );
  await gql(
    'mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id } }',
    { i: { caseId: caseA, amountMinor: '10001', receivedOn: TODAY, source: 'bank', payerName: 'Quirina Alphadebtor' } },
    admin,
  );
  const claimA = (await gql('query($id:ID!){ case(id:$id){ claims { id } } }', { id: A.caseIds[1] }, admin)).case.claims[0].id as string;
  await gql(
    'mutation($i:RaiseDisputeInput!){ raiseDispute(input:$i){ id } }',
    { i: { caseId: A.caseIds[1], claimIds: [claimA], reason: 'not_received', raisedBy: 'debtor', channel: 'phone' } },
    admin,
  );
  const agreement = (
    await gql(
      'mutation($i:AgreementVersionInput!){ createAgreementVersion(input:$i){ id } }',
      {
        i: {
          clientId: A.clientId,
          validFrom: '2025-01-01',
          bands: [{ from: '0', principalBp: 1500, interestBp: 1500, costsBp: 0 }],
          collectionCostsKeptBy: 'agency',
          remittancePeriod: 'monthly',
          payoutIban: 'BE68539007547034',
          vat: { kind: 'be_standard' },
        },
      },
      admin,
    )
  ).createAgreementVersion.id as string;
  await gql('mutation($id:ID!){ approveAgreementVersion(id:$id){ id } }', { id: agreement }, admin);
  const lastMonth = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
  await gql('mutation($c:ID!,$p:String!){ issueRemittance(clientId:$c, periodStart:$p){ id } }', { c: A.clientId, p: lastMonth }, admin);

  // Everything tenant A's has reached every service: the communication, the payment in billing and reporting.
  await eventually(
    async () => {
      const seen = await db.query(
        `SELECT (SELECT count(*) FROM communications.communications WHERE case_id = $1)::int AS sent,
                (SELECT count(*) FROM billing.ledger_entries WHERE client_id = $2)::int AS booked`,
        [caseA, A.clientId],
      );
      if (!seen.rows[0].sent || !seen.rows[0].booked) throw new Error(`not yet everywhere: ${JSON.stringify(seen.rows[0])}`);
    },
    60000,
    250,
  );

  // The wrong tenants.
  const clientUserB = await user('client_user', { clientId: B.clientId });
  const agentB = await user('agent', { brandIds: [B.brandId] });
  const agentA2 = await user('agent', { brandIds: [brandA2] });
  const legal = await user('legal', {});
  roles.push(
    { name: 'client user of client B', token: clientUserB, own: new Set() },
    { name: 'agent of brand B1', token: agentB, own: new Set() },
    { name: "agent of client A's other brand A2", token: agentA2, own: new Set([A.clientId, A.clientName].map((v) => v.toLowerCase())) },
    { name: 'legal user (A’s cases amicable)', token: legal, own: new Set() },
    { name: "debtor of B's case", token: null, own: new Set() },
  );

  await collectTenantA();
  roles.push({
    name: "debtor of A's other case (same client and brand)",
    token: null,
    own: new Set(),
    payToken: await tokenOf(A.caseIds[1]!),
    only: await caseValues(A.caseIds[0]!),
  });
}, 240000);

async function tokenOf(caseId: string): Promise<string> {
  return eventually(
    async () => {
      const { rows } = await db.query(
        `SELECT pay_link_token FROM communications.case_contacts WHERE case_id = $1 AND pay_link_token IS NOT NULL`,
        [caseId],
      );
      if (!rows.length) throw new Error('no pay link yet');
      return rows[0].pay_link_token as string;
    },
    30000,
    250,
  );
}

/** One case's own values: the ids of every row that names it or its debtor, its debtor's name and e-mails, its claims' numbers and amounts, its pay link. */
async function caseValues(caseId: string): Promise<Set<string>> {
  const out = new Set<string>();
  const { rows: kase } = await db.query(
    `SELECT c.debtor_id, d.name, d.emails FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id WHERE c.id = $1`,
    [caseId],
  );
  const anchors = `${caseId}|${kase[0].debtor_id}`;
  for (const { schema, table, hasId } of await tables()) {
    if (!hasId) continue;
    const { rows } = await db.query(`SELECT t.id::text AS id FROM ${quote(schema)}.${quote(table)} t WHERE t::text ~ $1`, [anchors]);
    (rows as { id: string }[]).filter((r) => UUID.test(r.id)).forEach((r) => out.add(r.id.toLowerCase()));
  }
  [kase[0].name as string, ...(kase[0].emails as string[])].forEach((v) => out.add(v.toLowerCase()));
  const { rows: claims } = await db.query(`SELECT invoice_number, principal_minor::text AS p FROM cases.claims WHERE case_id = $1`, [
    caseId,
  ]);
  for (const c of claims as { invoice_number: string; p: string }[]) {
    out.add(c.invoice_number.toLowerCase());
    out.add(c.p);
  }
  out.add((await tokenOf(caseId)).toLowerCase());
  out.add(caseId.toLowerCase());
  return out;
}

afterAll(async () => {
  await db?.end();
  await system?.stopAll();
  await smtp?.close();
}, 60000);

async function user(role: string, extra: object): Promise<string> {
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@walls.example`;
  await gql('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: { email, password: PASSWORD, role, ...extra } }, admin);
  return login(email, PASSWORD);
}

async function brand(clientId: string, name: string): Promise<string> {
  const id = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      {
        i: {
          clientId,
          name,
          languages: ['nl'],
          email: `pay-${crypto.randomUUID().slice(0, 6)}@walls-brands.example`,
          phone: '+3231234567',
        },
      },
      admin,
    )
  ).createBrand.id as string;
  await eventually(
    async () => {
      const looks = await gql('{ brandLooks { brandId } }', {}, admin);
      if (!(looks.brandLooks as Gql[]).some((l) => l.brandId === id)) throw new Error('no look yet');
    },
    30000,
    250,
  );
  return id;
}

async function clientWithBrand(name: string) {
  const clientName = `${name} ${run}`;
  const clientId = (
    await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name: clientName, country: 'BE' } }, admin)
  ).createClient.id as string;
  const brandName = `${name} Brand ${run}`;
  return { clientId, clientName, brandId: await brand(clientId, brandName), brandName };
}

async function place(clientId: string, brandId: string, debtors: [string, string, string, string][]) {
  const claims = debtors.map(([debtorName, email, amount, invoiceNumber]) => ({
    debtorName,
    email,
    addressLine1: 'Kerkstraat 12',
    postcode: '2000',
    city: 'Antwerpen',
    country: 'BE',
    language: 'nl',
    invoiceNumber,
    issueDate: '2025-01-01',
    dueDate: '2025-02-01',
    amount,
    currency: 'EUR',
  }));
  await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, brandId, claims } }, admin);
}

/** A client's cases and the pay link communications keeps for the first (the debtor's credential). */
async function casesAndToken(clientId: string): Promise<{ caseIds: string[]; token: string }> {
  const caseIds = (
    (await db.query(`SELECT id FROM cases.cases WHERE client_id = $1 ORDER BY opened_at, id`, [clientId])).rows as { id: string }[]
  ).map((r) => r.id);
  const token = await eventually(
    async () => {
      const { rows } = await db.query(
        `SELECT pay_link_token FROM communications.case_contacts WHERE case_id = $1 AND pay_link_token IS NOT NULL`,
        [caseIds[0]],
      );
      if (!rows.length) throw new Error('no pay link yet');
      return rows[0].pay_link_token as string;
    },
    30000,
    250,
  );
  return { caseIds, token };
}

/** Every schema's tables (not the system's). */
async function tables(): Promise<{ schema: string; table: string; hasId: boolean }[]> {
  const { rows } = await db.query(
    `SELECT t.table_schema AS schema, t.table_name AS table,
            EXISTS (SELECT 1 FROM information_schema.columns c
                     WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name AND c.column_name = 'id') AS "hasId"
       FROM information_schema.tables t
      WHERE t.table_type = 'BASE TABLE' AND t.table_schema NOT IN ('pg_catalog', 'information_schema', 'public')
      ORDER BY 1, 2`,
  );
  return rows;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Tenant A's rows: the rows of any table that name client A, brand A1, or one of A's cases or debtors. */
async function collectTenantA(): Promise<void> {
  const debtorIds = (await db.query(`SELECT DISTINCT debtor_id FROM cases.cases WHERE client_id = $1`, [A.clientId])).rows.map(
    (r: { debtor_id: string }) => r.debtor_id,
  );
  const anchors = [A.clientId, A.brandId, ...A.caseIds, ...debtorIds];
  rowFilter = anchors.join('|');
  for (const { schema, table, hasId } of await tables()) {
    if (!hasId) continue;
    const { rows } = await db.query(`SELECT t.id::text AS id FROM ${quote(schema)}.${quote(table)} t WHERE t::text ~ $1 ORDER BY 1`, [
      rowFilter,
    ]);
    const ids = (rows as { id: string }[]).map((r) => r.id).filter((id) => UUID.test(id) && id !== brandA2);
    if (!ids.length) continue;
    ids.forEach((id) => markers.add(id.toLowerCase()));
    idsByTable.set(table, [...(idsByTable.get(table) ?? []), ...ids]);
  }
  // The brand's id first, the other brand (A2) is not tenant A's for its agent.
  idsByTable.set('brands', [A.brandId]);
  const texts = [
    A.clientName,
    A.brandName,
    A.token,
    userAEmail,
    'Quirina Alphadebtor',
    'Ulrik Alphasecond',
    `quirina.${run}@alpha-debtors.example`,
    `ulrik.${run}@alpha-debtors.example`,
    `WA-${run}-1`,
    `WA-${run}-2`,
    '48179371',
    '481793.71',
    '7531197',
    '75311.97',
  ];
  texts.forEach((t) => markers.add(t.toLowerCase()));
}

/** Tenant A's rows in every schema, each as its text's hash: what must not change. */
async function snapshot(filter = rowFilter): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const { schema, table } of await tables()) {
    const { rows } = await db.query(`SELECT md5(t::text) AS h FROM ${quote(schema)}.${quote(table)} t WHERE t::text ~ $1 ORDER BY 1`, [
      filter,
    ]);
    if (rows.length)
      out.set(
        `${schema}.${table}`,
        (rows as { h: string }[]).map((r) => r.h),
      );
  }
  return out;
}

/** Waits until tenant A's rows stop moving (the relay and the consumers done with the setup). */
async function settled(): Promise<Map<string, string[]>> {
  let last = await snapshot();
  for (let i = 0; i < 40; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await snapshot();
    if (JSON.stringify([...now]) === JSON.stringify([...last])) return now;
    last = now;
  }
  return last;
}

// ---------------------------------------------------------------------------------------------
// Calls built from the schema.

const normal = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');
const ALIASES: Record<string, string> = { letter: 'communication', message: 'communication', entry: 'bankentry', proposal: 'escalation' };

/** Tenant A's id for an argument named `name` (or the `id` of something of type `typeName`). */
function idFor(name: string, typeName: string): string {
  let key = normal(name === 'id' ? typeName.replace(/(Model|Page|Connection)$/, '') : name.replace(/Ids?$/, ''));
  key = ALIASES[key] ?? key;
  const singular = (t: string) => normal(t.replace(/ies$/, 'y').replace(/s$/, ''));
  const tablesByKey = [...idsByTable.keys()];
  const exact = tablesByKey.find((t) => singular(t) === key);
  const byLastWord = tablesByKey.find((t) => singular(t.split('_').pop()!) === key || singular(t).endsWith(key));
  const table = exact ?? byLastWord ?? 'cases';
  return (idsByTable.get(table) ?? A.caseIds)[0]!;
}

const ID_LIKE = /(^id$|Ids?$)/;
const DATE_LIKE = /(^on$|^from$|^to$|^until$|^date$|^day$|[Dd]ate$|[Dd]ay$|[a-z]On$|Start$|From$|Until$)/;

/** A value for a string argument or input field, by its name and description. */
function stringFor(name: string, description: string | null | undefined): string {
  const d = description ?? '';
  if (/^token$/i.test(name)) return B.token;
  if (/yyyy-mm-dd/i.test(d) || DATE_LIKE.test(name)) return TODAY;
  if (/minor/i.test(name) || /minor units/i.test(d)) return '1000';
  if (/^amount$/i.test(name) || /decimal/i.test(d)) return '10.00';
  if (/email/i.test(name)) return `sweep-${run}@walls.example`;
  if (/iban/i.test(name)) return 'BE68539007547034';
  if (/currency/i.test(name)) return 'EUR';
  if (/language/i.test(name)) return 'nl';
  if (/country/i.test(name)) return 'BE';
  if (/phone/i.test(name)) return '+3231234567';
  const listed = /^([a-z_]+)(, [a-z_]+)+/.exec(d.trim());
  if (listed) return listed[1]!;
  return 'walls-sweep';
}

function valueFor(name: string, type: GraphQLInputType, description: string | null | undefined, typeName: string, depth: number): unknown {
  if (isNonNullType(type)) return valueFor(name, type.ofType, description, typeName, depth);
  if (isListType(type)) {
    const one = valueFor(name.replace(/s$/, ''), type.ofType as GraphQLInputType, description, typeName, depth);
    return one === undefined ? [] : [one];
  }
  if (isInputObjectType(type)) return depth > 3 ? undefined : inputFor(type, typeName, depth + 1);
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isScalarType(type)) {
    if (type.name === 'ID' || (type.name === 'String' && ID_LIKE.test(name))) return idFor(name.replace(/s$/, 's'), typeName);
    if (type.name === 'Int') return 1;
    if (type.name === 'Float') return 1;
    if (type.name === 'Boolean') return false;
    if (type.name === 'String') return stringFor(name, description);
    return TODAY; // dates and times
  }
  return undefined;
}

/** An input object with its required fields and every id-like field filled. */
function inputFor(type: ReturnType<typeof getNamedType> & object, typeName: string, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isInputObjectType(type)) return out;
  for (const f of Object.values(type.getFields())) {
    const required = isNonNullType(f.type) && f.defaultValue === undefined;
    const idLike = ID_LIKE.test(f.name) && isScalarType(getNamedType(f.type));
    if (!required && !idLike) continue;
    const v = valueFor(f.name, f.type, f.description, typeName, depth);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

/** A selection: leaf fields (null) and object fields with their own selection; `raw` for abstract types. */
type Sel = { entries: [string, Sel | null][] } | { raw: string };

const render = (sel: Sel | null): string =>
  sel === null ? '' : 'raw' in sel ? sel.raw : `{ ${sel.entries.map(([n, c]) => (c ? `${n} ${render(c)}` : n)).join(' ')} }`;

/** The fields to ask of a type: its scalars, and its objects' scalars three levels down (no field that needs arguments). */
function selection(type: GraphQLOutputType, schema: GraphQLSchema, depth = 0): Sel | null {
  const named = getNamedType(type) as GraphQLNamedType;
  if (isScalarType(named) || isEnumType(named)) return null;
  const entriesOf = (t: GraphQLObjectType): [string, Sel | null][] =>
    Object.values(t.getFields())
      .filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined))
      .flatMap((f): [string, Sel | null][] => {
        const inner = getNamedType(f.type);
        if (isScalarType(inner) || isEnumType(inner)) return [[f.name, null]];
        if (depth >= 2) return [];
        const sub = selection(f.type, schema, depth + 1);
        return sub ? [[f.name, sub]] : [];
      });
  if (isAbstractType(named)) {
    const parts = schema
      .getPossibleTypes(named)
      .map((t) => `... on ${t.name} ${render({ entries: entriesOf(t).filter(([, c]) => c === null) })}`);
    return { raw: `{ __typename ${parts.join(' ')} }` };
  }
  if (isObjectType(named)) {
    const entries = entriesOf(named);
    return { entries: entries.length ? entries : [['__typename', null]] };
  }
  return null;
}

/**
 * A selection the gateway refuses as too costly or deep, split in smaller ones that ask the
 * same fields together: its leaves in one, each object field in its own (split again if needed).
 */
function split(sel: Sel): Sel[] {
  if ('raw' in sel) return [];
  const leaves = sel.entries.filter(([, c]) => c === null);
  const objects = sel.entries.filter(([, c]) => c !== null);
  if (!objects.length) {
    // Leaves only (a list in a list): half of them each.
    if (leaves.length < 2) return [];
    const half = Math.ceil(leaves.length / 2);
    return [{ entries: leaves.slice(0, half) }, { entries: leaves.slice(half) }];
  }
  if (!leaves.length && objects.length === 1) {
    const [name, child] = objects[0]!;
    return split(child!).map((part) => ({ entries: [[name, part]] }));
  }
  return [...(leaves.length ? [{ entries: leaves }] : []), ...objects.map((o) => ({ entries: [o] }))];
}

interface Call {
  field: string;
  operation: 'query' | 'mutation';
  /** The operation up to the root field and its arguments. */
  head: string;
  sel: Sel | null;
  variables: Record<string, unknown>;
  /** The values this call sent (an error may name them back). */
  sent: Set<string>;
  /** Each argument's variable. */
  argVars: Record<string, string>;
}

const sentOf = (variables: Record<string, unknown>) => {
  const sent = new Set<string>();
  JSON.stringify(variables, (_k, v: unknown) => {
    if (typeof v === 'string') sent.add(v.toLowerCase());
    return v;
  });
  return sent;
};

/**
 * A call refused as bad input where the service names the values a field takes ("must be one of
 * a, b", "is one of a, b"): the same call with the first of them, so it reaches the walls.
 */
function corrected(c: Call, errors: { extensions?: Record<string, unknown> }[] | undefined): Call | null {
  const problems = (errors ?? []).flatMap((e) =>
    e.extensions?.code === 'BAD_USER_INPUT' ? ((e.extensions.problems as { field: string; reason: string }[]) ?? []) : [],
  );
  const variables = structuredClone(c.variables);
  let changed = false;
  for (const p of problems) {
    const value = /one of(?: the following values:)? ([A-Za-z_]+)/.exec(p.reason)?.[1];
    const [arg, ...path] = p.field.split('.');
    const variable = arg ? c.argVars[arg] : undefined;
    if (!value || !variable || !(variable in variables)) continue;
    if (!path.length) {
      if (variables[variable] === value) continue;
      variables[variable] = value;
    } else {
      let at = variables[variable] as Record<string, unknown> | undefined;
      for (const step of path.slice(0, -1)) at = at?.[step] as Record<string, unknown> | undefined;
      const last = path[path.length - 1]!;
      if (!at || typeof at !== 'object' || at[last] === value) continue;
      at[last] = value;
    }
    changed = true;
  }
  return changed ? { ...c, variables, sent: sentOf(variables) } : null;
}

const textOfCall = (c: Call) => `${c.head} ${render(c.sel)} }`;

function callsOf(schema: GraphQLSchema, operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): Call[] {
  const typeName = getNamedType(field.type).name;
  const build = (args: readonly GraphQLArgument[]): Call => {
    const variables: Record<string, unknown> = {};
    const declared: string[] = [];
    const passed: string[] = [];
    args.forEach((a, i) => {
      const v = valueFor(a.name, a.type, a.description, typeName, 0);
      if (v === undefined) return;
      variables[`a${i}`] = v;
      declared.push(`$a${i}: ${String(a.type)}`);
      passed.push(`${a.name}: $a${i}`);
    });
    const argVars = Object.fromEntries(passed.map((p) => p.split(': $')).map(([name, v]) => [name!, v!]));
    const head = `${operation} Sweep${declared.length ? `(${declared.join(', ')})` : ''} { ${field.name}${passed.length ? `(${passed.join(', ')})` : ''}`;
    return { field: field.name, operation, head, sel: selection(field.type, schema), variables, sent: sentOf(variables), argVars };
  };
  const takes = (a: GraphQLArgument) =>
    (isNonNullType(a.type) && a.defaultValue === undefined) || ID_LIKE.test(a.name) || isInputObjectType(getNamedType(a.type));
  const all = build(field.args.filter(takes));
  const required = build(field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined));
  return all.head === required.head && JSON.stringify(all.variables) === JSON.stringify(required.variables) ? [all] : [all, required];
}

/** The text of an answer, with base64 documents (PDF, XLSX, CSV) decoded beside it. */
function textOf(value: unknown): string {
  const parts: string[] = [];
  JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'string') {
      parts.push(v);
      if (v.length > 64 && /^[A-Za-z0-9+/=\s]+$/.test(v)) parts.push(Buffer.from(v, 'base64').toString('latin1'));
    }
    return v;
  });
  return parts.join('\n').toLowerCase();
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

describe('the walls, swept', () => {
  it("gives no wrong tenant anything of tenant A's, through any query or mutation, and changes nothing of it", async () => {
    const introspection = await system.graphql<IntrospectionQuery>(getIntrospectionQuery(), {}, admin);
    const schema = buildClientSchema(introspection.data!);
    const roots: ['query' | 'mutation', GraphQLObjectType][] = [
      ['query', schema.getQueryType()!],
      ['mutation', schema.getMutationType()!],
    ];
    const fields = roots.flatMap(([op, t]) => Object.values(t.getFields()).map((f) => ({ op, f })));
    const swept = fields.filter(({ f }) => !(f.name in PUBLIC_BY_DESIGN));
    const built = swept.flatMap(({ op, f }) => callsOf(schema, op, f));
    const tokenField = (c: Call) => /\btoken: \$/.test(c.head);

    const leaks: string[] = [];
    const invalid: string[] = [];
    const outcomes = new Map<string, number>();
    let sentCalls = 0;
    /** One call as one role: its answer searched for tenant A's values; a selection over the gateway's limits split and sent again. */
    async function sweep(c: Call, r: Role, depth = 0): Promise<Call[]> {
      const variables = r.payToken
        ? (JSON.parse(JSON.stringify(c.variables).split(B.token).join(r.payToken)) as Record<string, unknown>)
        : c.variables;
      const res = await system.graphql<Gql>(textOfCall(c), variables, r.token ?? undefined);
      sentCalls++;
      const data = textOf(res.data);
      const errors = textOf(res.errors?.map((e) => e.message));
      const found = [...(r.only ?? markers)].filter((m) => !r.own.has(m) && (data.includes(m) || (!c.sent.has(m) && errors.includes(m))));
      if (found.length)
        leaks.push(`${r.name} → ${c.field}: ${found.join(', ')}\n  ${textOfCall(c)}\n  ${JSON.stringify(res).slice(0, 600)}`);
      if (res.errors?.some((e) => e.extensions?.limit) && c.sel) {
        const parts = split(c.sel);
        if (parts.length) return (await Promise.all(parts.map((sel) => sweep({ ...c, sel }, r, depth)))).flat();
      }
      const better = corrected(c, res.errors);
      if (better && depth < 4) return sweep(better, r, depth + 1);
      const code = res.errors?.length ? String(res.errors[0]!.extensions?.code ?? 'error') : 'answered';
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
      if (process.env.WALLS_DEBUG) console.log(`${code} ${c.operation} ${c.field} as ${r.name}: ${JSON.stringify(res).slice(0, 300)}`);
      for (const e of res.errors ?? []) {
        if (e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' || /^Variable "\$/.test(e.message)) invalid.push(`${c.field}: ${e.message}`);
      }
      return [c];
    }

    const before = await settled();
    // The debtor first (anonymous; the only caller of the token fields): its pass also finds the selections the gateway's limits split.
    const debtor = roles.find((r) => r.token === null && !r.payToken)!;
    const calls: Call[] = [];
    await pool(built, 4, async (c) => {
      calls.push(...(await sweep(c, debtor)));
    });
    const staff = roles.filter((r) => r.token !== null);
    await pool(
      calls.filter((c) => !tokenField(c)).flatMap((c) => staff.map((r) => ({ c, r }))),
      4,
      async ({ c, r }) => {
        await sweep(c, r);
      },
    );
    const after = await snapshot();

    // The debtor of A's other case: the token fields, with its own link (without a token it is the anonymous caller above). What
    // it does to its own case is its right; the first case's rows must not move.
    const sameClientDebtor = roles.find((r) => r.payToken)!;
    const firstCase = `${A.caseIds[0]}|${(await db.query(`SELECT debtor_id FROM cases.cases WHERE id = $1`, [A.caseIds[0]])).rows[0].debtor_id}`;
    const beforeFirst = await snapshot(firstCase);
    await pool(calls.filter(tokenField), 4, async (c) => {
      await sweep(c, sameClientDebtor);
    });
    const afterFirst = await snapshot(firstCase);

    // The control: the agency admin's same queries find tenant A's data where it lives, so the ids and values are real.
    const controlFound = new Set<string>();
    await pool(
      calls.filter((c) => c.operation === 'query'),
      4,
      async (c) => {
        const res = await system.graphql<Gql>(textOfCall(c), c.variables, admin);
        const text = textOf(res.data);
        if ([...markers].some((m) => !c.sent.has(m) && text.includes(m))) controlFound.add(c.field);
      },
    );

    console.log(
      `walls sweep: ${fields.length} fields (${swept.length} swept: ${swept.filter((f) => f.op === 'query').length} queries, ` +
        `${swept.filter((f) => f.op === 'mutation').length} mutations; ${fields.length - swept.length} public by design: ` +
        `${Object.keys(PUBLIC_BY_DESIGN).join(', ')}), ${built.length} argument sets (${calls.length} after splitting for the limits), ` +
        `${sentCalls} calls as ${roles.length} wrong-tenant roles; control: the admin's queries found tenant A's data in ${controlFound.size} fields; ` +
        `outcomes ${JSON.stringify(Object.fromEntries(outcomes))}; ${markers.size} values of tenant A watched in ${before.size} tables of A's rows`,
    );
    expect(invalid).toEqual([]);
    expect(leaks).toEqual([]);
    expect(outcomes.get('TOO_MANY_REQUESTS') ?? 0).toBe(0);
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (t) => JSON.stringify(before.get(t) ?? []) !== JSON.stringify(after.get(t) ?? []),
    );
    expect(changed).toEqual([]);
    const changedFirst = [...new Set([...beforeFirst.keys(), ...afterFirst.keys()])].filter(
      (t) => JSON.stringify(beforeFirst.get(t) ?? []) !== JSON.stringify(afterFirst.get(t) ?? []),
    );
    expect(changedFirst).toEqual([]);
    const CORE = [
      'case',
      'cases',
      'client',
      'clients',
      'debtor',
      'communications',
      'communication',
      'portfolioSummary',
      'ledgerEntries',
      'disputes',
      'remittance',
    ];
    expect(CORE.filter((f) => !controlFound.has(f))).toEqual([]);
  }, 180000);
});

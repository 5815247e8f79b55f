import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import {
  REGISTER_TEST_TOKEN,
  openCasesDataSource,
  schedulerPass,
  standaloneContext,
  startSettlementRegisterServer,
  type SettlementRegisterServer,
} from '@amicus/cases';
import { addDays, instantAt, localDate } from '@amicus/calendar';
import { formatAmount } from '@amicus/money';
import { session, type Gql } from './support/session';
import { agencySetup, zoneWhereItIs } from './support/fixtures';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Legal stops through the whole system (gateway, the four services, real Kafka and Postgres; a
 * settlement register on loopback speaking its protocol): a Dutch consumer's case whose journey
 * has sent its 14-day letter; an agent flags the debtor in the statutory debt rescheduling (Wsnp)
 * with the ruling's date → no step goes out after it, the engine refuses every step (NL-S-1), the
 * statement stops interest at that date (NL-S-2), the claim filing PDF carries the statement of
 * that date (NL-S-3), escalation sees a legal stop; removing the flag (the settlement ends)
 * resumes the journey with the engine asked anew. The register flags a Belgian debtor's
 * collective debt settlement and, when it ends, removes it. Walls: another client's user and an
 * agent of another brand neither read nor set.
 */
let system: SystemUnderTest;
let register: SettlementRegisterServer;
let ds: DataSource;
let gql: ReturnType<typeof session>['gql'];
let login: ReturnType<typeof session>['login'];
let admin = '';
const run = crypto.randomUUID().slice(0, 8);
const PREFIX = 'e2e_legal_stops.';
const PASSWORD = 'legal-stops-pass-1';
// Dates inside the shipped reference-rate tables (to 2025-12-31): the interest is computed to the cent.
const DECISION = '2025-09-01';
/** The debtors' zone: one where it is noon now, so that the contact window is open whatever the time of the run. */
const zone = zoneWhereItIs(12);
const today = () => localDate(new Date().toISOString(), zone);

const { user } = agencySetup(
  { gql: (q, v, t) => gql(q, v, t), login: (e, p) => login(e, p) },
  { admin: () => admin, run, domain: 'legal-stops.example', password: PASSWORD },
);

beforeAll(async () => {
  register = await startSettlementRegisterServer();
  system = new SystemUnderTest('e2e_legal_stops', 19500, {
    KAFKA_TOPIC_PREFIX: PREFIX,
    AMICUS_SETTLEMENT_REGISTER_URL: register.url,
    AMICUS_SETTLEMENT_REGISTER_TOKEN: REGISTER_TEST_TOKEN,
  });
  await system.resetDatabase();
  await system.startAll(['gateway', 'cases', 'communications', 'billing', 'reporting']);
  ({ gql, login } = session(system));
  admin = await login('admin@amicus.local', 'amicus-admin');
  ds = await openCasesDataSource(system.databaseUrl, 2);
}, 150000);

afterAll(async () => {
  await ds?.destroy();
  await system?.stopAll();
  await register?.close();
}, 60000);

const pass = () =>
  schedulerPass(ds, standaloneContext({ timeZone: 'Europe/Brussels', agencyRegistration: 'FPS-ECO-2024-0117', topicPrefix: PREFIX }));

async function client(name: string, country: 'BE' | 'NL'): Promise<{ clientId: string; brandId: string }> {
  const clientId = (
    await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name: `${name} ${run}`, country } }, admin)
  ).createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      {
        i: {
          clientId,
          name: `${name} brand ${run}`,
          languages: ['nl'],
          email: `pay+${run}@${name.toLowerCase()}.example`,
          phone: '+3231234567',
        },
      },
      admin,
    )
  ).createBrand.id as string;
  return { clientId, brandId };
}

/**
 * A consumer's claim of €400 due 1 Feb 2025: in the Netherlands statutory interest runs from the
 * day of default (NL-C-4), so the statement has interest before the decision date; in Belgium
 * (the register's debtor) the address is Gent.
 */
async function place(clientId: string, name: string, country: 'BE' | 'NL'): Promise<{ caseId: string; debtorId: string }> {
  const claim = {
    debtorName: name,
    clientDebtorReference: `R-${name}`,
    email: `${name.split(' ')[0]!.toLowerCase()}+${run}@example.org`,
    addressLine1: country === 'NL' ? 'Damstraat 1' : 'Veldstraat 1',
    postcode: country === 'NL' ? '1012 JL' : '9000',
    city: country === 'NL' ? 'Amsterdam' : 'Gent',
    country,
    language: 'nl',
    invoiceNumber: `LS-${run}-${name.split(' ')[0]}`,
    issueDate: '2025-01-01',
    dueDate: '2025-02-01',
    amount: '400.00',
    currency: 'EUR',
    interestClause: true,
    damagesClause: true,
  };
  await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, claims: [claim] } }, admin);
  const found = await gql('query($f:CaseFilterInput){ cases(filter:$f){ nodes { id debtor { id name } } } }', { f: { clientId } }, admin);
  const c = (found.cases.nodes as Gql[]).find((x) => x.debtor.name === name)!;
  await gql(
    'mutation($i:UpdateDebtorInput!){ updateDebtor(input:$i){ id } }',
    { i: { debtorId: c.debtor.id, timeZone: zoneWhereItIs(12) } },
    admin,
  );
  return { caseId: c.id, debtorId: c.debtor.id };
}

const requested = async (caseId: string): Promise<number> =>
  (await ds.query(`SELECT count(*)::int AS n FROM cases.outbox WHERE type = 'CommunicationRequested' AND key = $1`, [caseId]))[0].n;
const journeyOf = async (caseId: string): Promise<Gql> =>
  (await ds.query(`SELECT status, reason, next_step_key FROM cases.case_journeys WHERE case_id = $1`, [caseId]))[0];
const auditOf = async (caseId: string, action: string): Promise<Gql[]> =>
  ds.query(`SELECT actor_kind, actor_id, reason, after FROM cases.audit_entries WHERE case_id = $1 AND action = $2 ORDER BY at`, [
    caseId,
    action,
  ]);

const errorOf = async (query: string, variables: object, token: string) => {
  const res = await system.graphql(query, variables, token);
  expect(res.errors?.length).toBeGreaterThan(0);
  return res.errors![0]!;
};

const FLAG = 'id kind status decisionDate country reference source setBy evidence contact { name email } removedAt removedBy removalReason';
const SET = `mutation($i:SetDebtorFlagInput!){ setDebtorFlag(input:$i){ ${FLAG} } }`;
const ASSESS = `query($id:ID!,$at:String){ assessCase(caseId:$id, at:$at){ decisions { step allowed rule source } statement { interestMinor totalMinor } } }`;

function pdfText(base64: string): string {
  const file = path.join(os.tmpdir(), `claim-declaration-${run}.pdf`);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

describe('legal stops through the whole system', () => {
  it('a collective debt settlement stops every step from its decision date, freezes interest, declares the claim, and its end resumes', async () => {
    const { clientId, brandId } = await client('Stopco', 'NL');
    const other = await client('Otherco', 'NL');
    const agent = await user('agent', { brandIds: [brandId] });
    const clientUser = await user('client_user', { clientId });
    const otherClientUser = await user('client_user', { clientId: other.clientId });
    const otherAgent = await user('agent', { brandIds: [other.brandId] });
    const { caseId } = await place(clientId, `Sara Sanering ${run}`, 'NL');

    // The journey starts and sends its first step: collection before the flag is known.
    await pass();
    await pass();
    const before = await requested(caseId);
    expect(before).toBeGreaterThan(0);

    // Walls: another client's user and an agent of another brand neither set nor read.
    const input = {
      caseId,
      kind: 'collective_settlement',
      decisionDate: DECISION,
      reference: `RCD/${run}`,
      contact: { name: 'Mr. A. de Vries (bewindvoerder)', email: 'bewind@devries.example' },
      evidence: 'ruling of the rechtbank Amsterdam applying the Wsnp, published in the Staatscourant',
    };
    for (const outsider of [otherClientUser, otherAgent]) {
      expect((await errorOf(SET, { i: input }, outsider)).extensions).toMatchObject({ code: 'NOT_FOUND' });
      expect((await errorOf('query($id:ID!){ debtorFlags(caseId:$id){ id } }', { id: caseId }, outsider)).extensions).toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    // Bad input: named fields, nothing written.
    const bad = await errorOf(SET, { i: { ...input, decisionDate: '2999-01-01', evidence: ' ' } }, agent);
    expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(bad.message).toMatch(/evidence/);
    expect(bad.message).toMatch(/decisionDate/);

    const flag = (await gql(SET, { i: input }, agent)).setDebtorFlag;
    expect(flag).toMatchObject({ kind: 'collective_settlement', status: 'active', decisionDate: DECISION, country: 'NL', source: 'agent' });
    expect(flag.setBy).toMatch(/^agent:/);
    const [setAudit] = await auditOf(caseId, 'debtor_flag_set');
    expect(setAudit).toMatchObject({ actor_kind: 'agent', reason: expect.stringContaining('rechtbank Amsterdam') });
    // The client's user sees its own debtor's flag.
    expect((await gql('query($id:ID!){ debtorFlags(caseId:$id){ id } }', { id: caseId }, clientUser)).debtorFlags).toEqual([
      { id: flag.id },
    ]);

    // No step goes out after the decision date: the journey stops at its gate.
    await pass();
    await pass();
    expect(await requested(caseId)).toBe(before);
    const stopped = await journeyOf(caseId);
    expect(stopped.status).toBe('finished');
    expect(stopped.reason).toMatch(/^collective debt settlement .*NL-S-1/);

    // The engine refuses every step and charge, citing the rule; interest stops at the decision date.
    const now = (await gql(ASSESS, { id: caseId, at: null }, agent)).assessCase;
    expect((now.decisions as Gql[]).every((d) => !d.allowed && d.rule === 'NL-S-1' && /Faillissementswet art\. 287/.test(d.source))).toBe(
      true,
    );
    const later = (await gql(ASSESS, { id: caseId, at: instantAt(addDays(today(), 20), 600, zone) }, agent)).assessCase;
    expect(BigInt(now.statement.interestMinor)).toBeGreaterThan(0n);
    expect(later.statement.interestMinor).toBe(now.statement.interestMinor);

    // Escalation reads it as a legal stop.
    const esc = await gql(
      'query($id:ID!){ case(id:$id){ escalation { eligibility { eligible conditions { key met detail } } } } }',
      { id: caseId },
      admin,
    );
    const cond = (esc.case.escalation.eligibility.conditions as Gql[]).find((c) => c.key === 'no_legal_stop')!;
    expect(cond).toMatchObject({ met: false });
    expect(cond.detail).toContain(DECISION);
    expect(esc.case.escalation.eligibility.eligible).toBe(false);

    // The claim declaration for the mediator: the statement of the decision date, in a PDF.
    const decl = (
      await gql(
        'query($id:ID!){ claimDeclaration(caseId:$id){ pdfBase64 asOf principalMinor interestMinor damagesMinor totalMinor currency } }',
        { id: caseId },
        clientUser,
      )
    ).claimDeclaration;
    expect(decl).toMatchObject({ asOf: DECISION, principalMinor: '40000', currency: 'EUR', interestMinor: now.statement.interestMinor });
    const text = pdfText(decl.pdfBase64);
    expect(text).toContain('Claim filed with the administrator (Wsnp)');
    expect(text).toContain(`Statement as of ${DECISION}`);
    expect(text).toContain(`Interest to ${DECISION}`);
    const money = (minor: string) => formatAmount({ amountMinor: BigInt(minor), currency: 'EUR' });
    expect(text).toContain(money(decl.interestMinor));
    expect(text).toContain(money(decl.totalMinor));
    expect(text).toContain(`RCD/${run}`);
    expect(text).toContain('NL-S-3');
    expect(text).toContain('NL-S-2');
    expect(
      (await errorOf('query($id:ID!){ claimDeclaration(caseId:$id){ asOf } }', { id: caseId }, otherClientUser)).extensions,
    ).toMatchObject({
      code: 'NOT_FOUND',
    });

    // The settlement ends: removing the flag resumes the journey, the engine asked anew.
    const removed = (
      await gql(
        `mutation($i:RemoveDebtorFlagInput!){ removeDebtorFlag(input:$i){ ${FLAG} } }`,
        {
          i: { flagId: flag.id, reason: 'the Wsnp was ended early by the rechtbank', evidence: 'ruling ending the Wsnp (art. 350 lid 3)' },
        },
        clientUser,
      )
    ).removeDebtorFlag;
    expect(removed).toMatchObject({ status: 'removed', removalReason: 'the Wsnp was ended early by the rechtbank' });
    expect(removed.removedBy).toMatch(/^client:/);
    expect(await auditOf(caseId, 'journey_resumed')).toHaveLength(1);
    expect((await journeyOf(caseId)).status).toBe('active');
    const after = (await gql(ASSESS, { id: caseId, at: null }, agent)).assessCase;
    expect((after.decisions as Gql[]).some((d) => d.rule === 'NL-S-1')).toBe(false);
    expect(BigInt(after.statement.interestMinor)).toBeGreaterThan(BigInt(now.statement.interestMinor));
    // What was frozen is the case's own statement of the decision date (interest for the days before it).
    const atDecision = (await gql(ASSESS, { id: caseId, at: instantAt(DECISION, 0, zone) }, agent)).assessCase;
    expect(atDecision.statement.interestMinor).toBe(now.statement.interestMinor);
    await pass();
    const resumed = await journeyOf(caseId);
    expect(resumed.reason ?? '').not.toMatch(/collective debt settlement/);
    // The history says who set it, on what, and who removed it and why.
    const history = (await gql(`query($id:ID!){ debtorFlags(caseId:$id, history:true){ ${FLAG} } }`, { id: caseId }, agent)).debtorFlags;
    expect(history).toEqual([expect.objectContaining({ id: flag.id, status: 'removed', evidence: input.evidence })]);
  });

  it('the register flags an admitted settlement and removes it when the settlement ends', async () => {
    const { clientId, brandId } = await client('Regco', 'BE');
    const agent = await user('agent', { brandIds: [brandId] });
    const name = `Rik Register ${run}`;
    const { caseId } = await place(clientId, name, 'BE');
    const CHECK = `mutation($id:ID!){ checkSettlementRegister(caseId:$id){ changed found flag { ${FLAG} } } }`;
    expect((await gql(CHECK, { id: caseId }, agent)).checkSettlementRegister).toMatchObject({
      changed: 'unchanged',
      found: [],
      flag: null,
    });
    register.admit({
      reference: `RCD/REG/${run}`,
      country: 'BE',
      status: 'admitted',
      decisionDate: '2025-08-15',
      endedOn: null,
      court: 'Arbeidsrechtbank Gent',
      mediator: { name: 'Mr. B. Peeters', email: 'peeters@mediator.example', phone: null, address: 'Kouter 1, 9000 Gent' },
      debtor: { name, postalCode: '9000' },
    });
    const flagged = (await gql(CHECK, { id: caseId }, agent)).checkSettlementRegister;
    expect(flagged).toMatchObject({
      changed: 'flagged',
      flag: { source: 'register', decisionDate: '2025-08-15', reference: `RCD/REG/${run}` },
    });
    expect(flagged.flag.setBy).toMatch(/^system:register:127\.0\.0\.1/);
    expect(flagged.flag.contact).toMatchObject({ name: 'Mr. B. Peeters' });
    expect(register.requests.some((q) => q.includes('postalCode=9000'))).toBe(true);
    register.end(`RCD/REG/${run}`, '2025-11-30');
    const ended = (await gql(CHECK, { id: caseId }, agent)).checkSettlementRegister;
    expect(ended).toMatchObject({ changed: 'removed', flag: { status: 'removed' } });
    expect(ended.flag.removalReason).toContain('2025-11-30');
  });

  it('the debtor reports hardship on its page: a review for an agent, not another reminder', async () => {
    const { clientId } = await client('Hardco', 'NL');
    const { caseId } = await place(clientId, `Hanna Hardship ${run}`, 'NL');
    await pass();
    const before = await requested(caseId);
    const token = await eventually(
      async () => {
        const [row] = await ds.query(`SELECT pay_link_token FROM communications.case_contacts WHERE case_id = $1`, [caseId]);
        if (!row?.pay_link_token) throw new Error('no pay link yet');
        return row.pay_link_token as string;
      },
      30000,
      250,
    );
    const REPORT = 'mutation($t:String!,$x:String!){ debtorReportHardship(token:$t, text:$x) }';
    expect((await errorOf(REPORT, { t: `${token}x`, x: 'lost my job' }, '')).extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect((await errorOf(REPORT, { t: token, x: ' ' }, '')).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await gql(REPORT, { t: token, x: 'I lost my job last month' }, '')).debtorReportHardship).toBe(true);
    const [flag] = (await gql(`query($id:ID!){ debtorFlags(caseId:$id){ ${FLAG} } }`, { id: caseId }, admin)).debtorFlags;
    expect(flag).toMatchObject({
      kind: 'hardship',
      source: 'debtor',
      setBy: 'system:debtor_page',
      evidence: expect.stringContaining('lost my job'),
    });
    await pass();
    await pass();
    expect(await requested(caseId)).toBe(before);
    expect(await journeyOf(caseId)).toMatchObject({ status: 'review', reason: expect.stringMatching(/^hardship reported/) });
  });
});

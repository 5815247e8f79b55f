import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { Clock } from '@amicus/calendar';
import { topicOf, type EventEnvelope } from '@amicus/events';
import { DEFAULT_LOOKUP_LIMITS, LookupGuard, type LookupLimits } from '@amicus/service-runtime';
import { AssessmentService } from '../src/assessment/assessment.service';
import { CaseReadsService } from '../src/case-file/case-reads.service';
import { PayLinks1765000000000 } from '../src/migrations/1765000000000-pay-links';
import { PAY_LINK_LIFETIME_DAYS, tokenHashOf } from '../src/pay-links/pay-link';
import { enterPayLink } from '../src/pay-links/pay-link-store';
import { PayLinksService } from '../src/pay-links/pay-links.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { placeDebtors, testClock } from './journeys';
import { paymentsService, refusal } from './money';

/**
 * Pay links on real Postgres: a case's token opens that case's statement and nothing of any
 * other case (the service's lookup, and row-level security under the link's role); unknown,
 * expired and revoked tokens read the same; a reissue revokes and announces; guessing is
 * rate-limited per address.
 */
let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('pay_links'));
});
afterAll(() => drop());

const admin = who('agency_admin');
const REGISTRATION = { AMICUS_AGENCY_REGISTRATION: '0123.456.789' };
const generous: LookupLimits = { failures: { points: 100_000, durationSeconds: 600 }, lookups: { points: 100_000, durationSeconds: 600 } };

const service = (clock: Clock, limits: LookupLimits = generous, on: DataSource = ds) =>
  new PayLinksService(new TenantDatabase(on), { schema: 'cases', topicPrefix: '' }, clock, REGISTRATION, new LookupGuard(limits));

/** A fresh address per call: each test's failures are its own. */
const address = () => `198.51.100.${Math.floor(Math.random() * 254) + 1}:${crypto.randomUUID()}`;

const outboxOf = async (caseId: string, type: string): Promise<EventEnvelope<Record<string, unknown>>[]> =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = $2 ORDER BY seq`, [caseId, type])).map(
    (r: { envelope: EventEnvelope<Record<string, unknown>> }) => r.envelope,
  );

/** The token CaseOpened carried for the case: the only place it is written. */
async function tokenOf(caseId: string): Promise<string> {
  const [opened] = await outboxOf(caseId, 'CaseOpened');
  return (opened!.payload.payLink as { token: string }).token;
}

/** Two debtors of one client, each with its case and its link. */
async function twoCases() {
  const clock = testClock('2025-02-10T09:00:00Z');
  const { clientId, brandIds } = await seedClient(ds);
  const placedAt = clock.now();
  const caseIds = await placeDebtors(ds, clientId, ['Anna Peeters', 'Bart Claes'], placedAt);
  const tokens = await Promise.all(caseIds.map(tokenOf));
  return { clock, placedAt, clientId, brandId: brandIds[0]!, caseIds, tokens };
}

describe('a pay link issued with its case', () => {
  it('is written with the placement: its hash in the case file, its token and expiry on CaseOpened only', async () => {
    const { caseIds, tokens, placedAt } = await twoCases();
    for (const [i, caseId] of caseIds.entries()) {
      const [opened] = await outboxOf(caseId, 'CaseOpened');
      const expiresAt = new Date(placedAt.getTime() + PAY_LINK_LIFETIME_DAYS * 86_400_000).toISOString();
      expect(opened!.payload.payLink).toEqual({ token: tokens[i], expiresAt });
      expect(tokens[i]).toMatch(/^[A-Za-z0-9_-]{22}$/);
      const rows = await ds.query(`SELECT token_hash, revoked_at FROM cases.pay_links WHERE case_id = $1`, [caseId]);
      expect(rows).toEqual([{ token_hash: tokenHashOf(tokens[i]!), revoked_at: null }]);
    }
    expect(new Set(tokens).size).toBe(2);
    // The token itself is nowhere in the table.
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM cases.pay_links WHERE token_hash = ANY($1)`, [tokens]);
    expect(n).toBe(0);
  });
});

describe('the statement behind a pay link', () => {
  it("opens exactly its own case's statement, as the legal engine gives it today; the second case's token shows the second", async () => {
    const { caseIds, tokens, clock, clientId, placedAt } = await twoCases();
    // Some history on the first case: the client's free reminder, and a payment.
    await ds.query(`UPDATE cases.claims SET first_reminder_sent_on = '2025-01-05' WHERE case_id = $1`, [caseIds[0]]);
    await paymentsService(ds, clock).record(
      admin,
      { caseId: caseIds[0]!, amountMinor: '5000', receivedOn: '2025-02-07', source: 'bank' },
      'c-1',
    );

    const links = service(clock);
    const first = await links.statement(tokens[0]!, address());
    const second = await links.statement(tokens[1]!, address());

    expect(first).toMatchObject({
      debtorName: 'Anna Peeters',
      clientName: `Client ${clientId.slice(0, 8)}`,
      brandName: 'Main brand',
      language: 'nl',
      currency: 'EUR',
      phase: 'placed',
      closed: false,
      outcome: null,
      paid: false,
    });
    expect(first.claims).toEqual([
      expect.objectContaining({ invoiceNumber: 'INV-Anna Peeters-0', dueDate: '2025-01-31', principalMinor: '40000', currency: 'EUR' }),
    ]);
    expect(second.debtorName).toBe('Bart Claes');
    expect(second.claims.map((c) => c.invoiceNumber)).toEqual(['INV-Bart Claes-1']);
    expect(second.statement.lines.every((l) => l.claimId === null || l.claimId === second.claims[0]!.id)).toBe(true);

    // The money is the engine's, as assessCase gives it for the case to its staff.
    const tenant = new TenantDatabase(ds);
    const assessed = await new AssessmentService(tenant, new CaseReadsService(tenant, clock), REGISTRATION as never, clock).assessCase(
      admin,
      caseIds[0]!,
      null,
      null,
    );
    expect(first.statement).toEqual(assessed.statement);
    expect(first.totalDueMinor).toBe(assessed.statement.totalMinor);
    expect(first.statement.lines.map((l) => l.kind)).toEqual(expect.arrayContaining(['principal', 'payment']));
    expect(first.statement.paidMinor).toBe('5000');
    // The reference is the case's own, the one the bank import matches.
    const reference = await paymentsService(ds, clock).reference(admin, caseIds[0]!);
    expect(first.paymentReference).toEqual(reference);
    expect(first.caseReference).toBe(reference!.caseNumber);
    expect(second.paymentReference.caseNumber).not.toBe(reference!.caseNumber);
    expect(first.expiresAt.toISOString()).toBe(new Date(placedAt.getTime() + PAY_LINK_LIFETIME_DAYS * 86_400_000).toISOString());
  });

  it('shows a case closed as paid with nothing to pay', async () => {
    const { caseIds, tokens, clock } = await twoCases();
    await paymentsService(ds, clock).record(
      admin,
      { caseId: caseIds[1]!, amountMinor: '40000', receivedOn: '2025-02-10', source: 'bank' },
      'c-2',
    );
    expect(await service(clock).statement(tokens[1]!, address())).toMatchObject({
      phase: 'closed',
      closed: true,
      outcome: 'paid',
      paid: true,
      totalDueMinor: '0',
    });
  });

  it('answers an unknown, an expired and a revoked token alike: NOT_FOUND with the same message', async () => {
    const { caseIds, tokens, clock } = await twoCases();
    const unknown = await refusal(service(clock).statement('AAAAAAAAAAAAAAAAAAAAAA', address()));
    const malformed = await refusal(service(clock).statement("x' OR 1=1 --", address()));
    const later = testClock(new Date(clock.now().getTime() + PAY_LINK_LIFETIME_DAYS * 86_400_000).toISOString());
    const expired = await refusal(service(later).statement(tokens[0]!, address()));
    // The day before it expires it still opens.
    later.advance(-60_000);
    expect((await service(later).statement(tokens[0]!, address())).debtorName).toBe('Anna Peeters');
    await service(clock).reissue(admin, caseIds[1]!, 'c-3');
    const revoked = await refusal(service(clock).statement(tokens[1]!, address()));
    const messages = [unknown, malformed, expired, revoked].map((r) => r.message);
    expect([unknown, malformed, expired, revoked].map((r) => r.code)).toEqual(['not_found', 'not_found', 'not_found', 'not_found']);
    expect(new Set(messages).size).toBe(1);
    expect(messages[0]).not.toMatch(/expired|revoked|unknown/i);
  });
});

describe('reissuing a pay link', () => {
  it('revokes the link in force, issues a new one and puts PayLinkIssued in the outbox with it', async () => {
    const { caseIds, tokens, clock, brandId } = await twoCases();
    const links = service(clock);
    const agent = who('agent', { brandIds: [brandId] });
    const issued = await links.reissue(agent, caseIds[0]!, 'c-4');
    expect(issued).toMatchObject({ caseId: caseIds[0], revoked: 1 });

    const [event] = await outboxOf(caseIds[0]!, 'PayLinkIssued');
    expect(event).toMatchObject({ type: 'PayLinkIssued', version: 1, correlationId: 'c-4', aggregateId: caseIds[0] });
    expect(topicOf(event!)).toBe('amicus.cases');
    const token = event!.payload.token as string;
    expect(event!.payload).toEqual({ caseId: caseIds[0], token, expiresAt: issued.expiresAt.toISOString() });
    expect(token).not.toBe(tokens[0]);

    expect((await links.statement(token, address())).debtorName).toBe('Anna Peeters');
    expect((await refusal(links.statement(tokens[0]!, address()))).code).toBe('not_found');
    // The other case's link is untouched.
    expect((await links.statement(tokens[1]!, address())).debtorName).toBe('Bart Claes');

    const rows = await ds.query(`SELECT token_hash, revoked_at FROM cases.pay_links WHERE case_id = $1 ORDER BY issued_at, revoked_at`, [
      caseIds[0],
    ]);
    expect(rows).toEqual(
      expect.arrayContaining([
        { token_hash: tokenHashOf(tokens[0]!), revoked_at: issued.issuedAt },
        { token_hash: tokenHashOf(token), revoked_at: null },
      ]),
    );
    const [audit] = await ds.query(
      `SELECT actor_kind, actor_id, reason FROM cases.audit_entries WHERE case_id = $1 AND action = 'pay_link_issued'`,
      [caseIds[0]],
    );
    expect(audit).toMatchObject({ actor_kind: 'agent', actor_id: agent.subject });
  });

  it('is for the admin and the agents of the case’s brand: anyone else is refused and nothing changes', async () => {
    const { caseIds, tokens, clock, clientId } = await twoCases();
    const links = service(clock);
    expect((await refusal(links.reissue(who('agent', { brandIds: [crypto.randomUUID()] }), caseIds[0]!, 'c-5'))).code).toBe('not_found');
    expect((await refusal(links.reissue(who('client_user', { clientId }), caseIds[0]!, 'c-6'))).code).toBe('forbidden');
    expect((await refusal(links.reissue(who('legal'), caseIds[0]!, 'c-7'))).code).toBe('forbidden');
    expect((await refusal(links.reissue(admin, crypto.randomUUID(), 'c-8'))).code).toBe('not_found');
    expect(await outboxOf(caseIds[0]!, 'PayLinkIssued')).toEqual([]);
    expect((await links.statement(tokens[0]!, address())).debtorName).toBe('Anna Peeters');
  });
});

describe('the walls of a pay link in Postgres', () => {
  /** Every row a pay-link transaction sees of a table, asked without any filter. */
  const seenWith = (token: string, sql: string) =>
    ds.transaction(async (m) => {
      await enterPayLink(m, tokenHashOf(token));
      return (await m.query(sql)) as Record<string, unknown>[];
    });

  it('shows the one case of a link in force and nothing of any other, even to a query without a filter', async () => {
    const { caseIds, tokens, clock } = await twoCases();
    expect((await seenWith(tokens[0]!, `SELECT id FROM cases.cases`)).map((r) => r.id)).toEqual([caseIds[0]]);
    expect(new Set((await seenWith(tokens[0]!, `SELECT case_id FROM cases.claims`)).map((r) => r.case_id))).toEqual(new Set([caseIds[0]]));
    expect(await seenWith(tokens[0]!, `SELECT name FROM cases.debtors`)).toEqual([{ name: 'Anna Peeters' }]);
    expect((await seenWith(tokens[0]!, `SELECT case_id FROM cases.pay_links`)).map((r) => r.case_id)).toEqual([caseIds[0]]);
    expect(await seenWith('AAAAAAAAAAAAAAAAAAAAAA', `SELECT id FROM cases.cases`)).toEqual([]);
    // Revoked: the case is out of sight at once.
    await service(clock).reissue(admin, caseIds[0]!, 'c-9');
    expect(await seenWith(tokens[0]!, `SELECT id FROM cases.cases`)).toEqual([]);
    expect(await seenWith(tokens[0]!, `SELECT id FROM cases.claims`)).toEqual([]);
    // A pay link writes nothing.
    await expect(
      ds.transaction(async (m) => {
        await enterPayLink(m, tokenHashOf(tokens[1]!));
        const [, n] = await m.query(`UPDATE cases.cases SET hold_reason = 'x' WHERE id = $1`, [caseIds[1]]);
        if (n === 0) throw new Error('refused');
      }),
    ).rejects.toThrow(/refused|permission|policy/);
  });
});

describe('guessing pay links', () => {
  it(`trips after ${DEFAULT_LOOKUP_LIMITS.failures.points} failures from one address: TOO_MANY_REQUESTS, even for a good token; another address goes on`, async () => {
    const { tokens, clock } = await twoCases();
    const links = service(clock, DEFAULT_LOOKUP_LIMITS);
    const guesser = address();
    for (let i = 0; i < DEFAULT_LOOKUP_LIMITS.failures.points; i++)
      expect((await refusal(links.statement(`guess-${i}`.padEnd(22, 'x'), guesser))).code).toBe('not_found');
    const tripped = await links.statement(tokens[0]!, guesser).then(
      () => null,
      (e: unknown) => e as { code: string; details: { retryAfterSeconds: number } },
    );
    expect(tripped).toMatchObject({ code: 'too_many_requests', details: { retryAfterSeconds: expect.any(Number) } });
    expect(tripped!.details.retryAfterSeconds).toBeGreaterThan(0);
    expect((await links.statement(tokens[0]!, address())).debtorName).toBe('Anna Peeters');
  });

  it('caps lookups of any outcome per address, more generously', async () => {
    const { tokens, clock } = await twoCases();
    const links = service(clock, { failures: { points: 20, durationSeconds: 600 }, lookups: { points: 3, durationSeconds: 600 } });
    const visitor = address();
    for (let i = 0; i < 3; i++) await links.statement(tokens[0]!, visitor);
    expect((await refusal(links.statement(tokens[0]!, visitor))).code).toBe('too_many_requests');
  });

  it('opens no case for any string that is not a token issued (property)', async () => {
    const { clock } = await twoCases();
    const links = service(clock);
    const base64url = fc.string({
      unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'),
      minLength: 22,
      maxLength: 22,
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(base64url, fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 })), async (guess) => {
        expect((await refusal(links.statement(guess, address()))).code).toBe('not_found');
      }),
      { numRuns: 150 },
    );
  });
});

describe('the migration', () => {
  // A database of its own: taking the table down and up again revokes every link in it.
  let own: Awaited<ReturnType<typeof freshCasesDatabase>>;
  beforeAll(async () => {
    own = await freshCasesDatabase('pay_links_migration');
  });
  afterAll(() => own.drop());

  it('gives every case that exists its link, announced by PayLinkIssued', async () => {
    const clock = testClock(new Date().toISOString());
    const { clientId } = await seedClient(own.ds);
    const caseIds = await placeDebtors(own.ds, clientId, ['Anna Peeters', 'Bart Claes'], clock.now());
    const migration = new PayLinks1765000000000();
    const q = own.ds.createQueryRunner();
    try {
      await q.startTransaction();
      await migration.down(q);
      await migration.up(q);
      await q.commitTransaction();
    } finally {
      await q.release();
    }
    const links: { case_id: string; token_hash: string }[] = await own.ds.query(
      `SELECT case_id, token_hash FROM cases.pay_links WHERE revoked_at IS NULL`,
    );
    expect(links.map((l) => l.case_id).sort()).toEqual([...caseIds].sort());
    for (const [i, caseId] of caseIds.entries()) {
      const events: { envelope: EventEnvelope<Record<string, unknown>>; topic: string }[] = await own.ds.query(
        `SELECT envelope, topic FROM cases.outbox WHERE key = $1 AND type = 'PayLinkIssued'`,
        [caseId],
      );
      expect(events).toHaveLength(1);
      const [{ envelope, topic }] = events as [(typeof events)[number]];
      expect(topic).toBe(topicOf(envelope));
      expect(envelope.correlationId).toBe('migration:PayLinks1765000000000');
      const token = envelope.payload.token as string;
      expect(links.find((l) => l.case_id === caseId)!.token_hash).toBe(tokenHashOf(token));
      expect((await service(clock, generous, own.ds).statement(token, address())).debtorName).toBe(['Anna Peeters', 'Bart Claes'][i]);
    }
  });
});

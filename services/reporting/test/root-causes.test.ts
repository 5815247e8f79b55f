import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import type {
  ComplaintClosedV1,
  ComplaintLoggedV1,
  DisputeAnsweredV1,
  DisputeRaisedV1,
  DisputeResolvedV1,
  EventEnvelope,
} from '@amicus/events';
import { asTenant, freshServiceDatabase } from '@amicus/service-runtime';
import { reportingSchema } from '../src/reporting-schema';
import { REPORTING_APP_ROLE } from '../src/tenant-reads';
import { RootCausesService } from '../src/root-causes/root-causes.service';
import { RootCausesResolver } from '../src/root-causes/root-causes.resolver';

/**
 * The root causes on the real schema (migration 1765550000000): the handlers fill one record per
 * dispute and complaint whatever order the events come in, and `rootCauses` gives a client user
 * its own client's, an agent its brands', the admin all — and another client's user, an agent of
 * other brands and legal staff nothing, even when they name the client; the tables' row-level
 * security says the same with no filter in the query.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let service: RootCausesService;
let resolver: RootCausesResolver;

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('reporting_root_causes', reportingSchema));
  service = new RootCausesService(ds, new Clock('Europe/Brussels'));
  resolver = new RootCausesResolver(service);
});

afterAll(() => drop());

const envelope = <P>(type: string, aggregateId: string, payload: P, occurredAt: string): EventEnvelope<P> => ({
  id: crypto.randomUUID(),
  type,
  version: 1,
  occurredAt,
  clientId: null,
  aggregateId,
  correlationId: crypto.randomUUID(),
  causationId: null,
  payload,
});
const run = (f: (m: DataSource['manager']) => Promise<void>) => ds.transaction(f);

const client = crypto.randomUUID();
const other = crypto.randomUUID();
const brand = crypto.randomUUID();
const brand2 = crypto.randomUUID();
const otherBrand = crypto.randomUUID();

const who = (role: Identity['role'], over: Partial<Identity> = {}): Identity => ({
  subject: `u-${role}`,
  role,
  clientId: null,
  brandIds: [],
  email: null,
  ...over,
});
const ctx = (identity: Identity) => ({ identity }) as never;

async function dispute(
  clientId: string,
  brandId: string,
  reason: DisputeRaisedV1['reason'],
  then: { answeredAt?: string; late?: boolean; outcome?: DisputeResolvedV1['outcome'] },
  order: 'in_order' | 'reversed' = 'in_order',
) {
  const disputeId = crypto.randomUUID();
  const caseId = crypto.randomUUID();
  const steps: ((m: DataSource['manager']) => Promise<void>)[] = [
    (m) =>
      service.disputeRaised(
        envelope<DisputeRaisedV1>(
          'DisputeRaised',
          caseId,
          {
            disputeId,
            caseId,
            clientId,
            brandId,
            claims: [{ claimId: crypto.randomUUID(), invoiceNumber: 'INV-1', openMinor: '40000' }],
            currency: 'EUR',
            reason,
            text: null,
            raisedBy: 'debtor',
            channel: 'debtor_page',
            answerDueOn: '2026-03-16',
            language: 'nl',
            actor: 'debtor',
          },
          '2026-03-02T09:00:00Z',
        ),
        m,
      ),
  ];
  if (then.answeredAt)
    steps.push((m) =>
      service.disputeAnswered(
        envelope<DisputeAnsweredV1>(
          'DisputeAnswered',
          caseId,
          { disputeId, caseId, clientId, answer: 'ok', proposedOutcome: null, late: then.late ?? false, actor: 'client:u' },
          then.answeredAt!,
        ),
        m,
      ),
    );
  if (then.outcome)
    steps.push((m) =>
      service.disputeResolved(
        envelope<DisputeResolvedV1>(
          'DisputeResolved',
          caseId,
          {
            disputeId,
            caseId,
            clientId,
            brandId,
            claimIds: [crypto.randomUUID()],
            outcome: then.outcome!,
            credits: [],
            currency: 'EUR',
            explanation: 'as the client says',
            language: 'nl',
            actor: 'agent:a',
          },
          '2026-03-20T10:00:00Z',
        ),
        m,
      ),
    );
  for (const step of order === 'reversed' ? steps.reverse() : steps) await run(step);
}

async function complaint(clientId: string, brandId: string, closed: boolean) {
  const complaintId = crypto.randomUUID();
  const caseId = crypto.randomUUID();
  const base = { complaintId, caseId, clientId, brandId, category: 'tone' as const, actor: 'agent:a' };
  await run((m) =>
    service.complaintLogged(
      envelope<ComplaintLoggedV1>(
        'ComplaintLogged',
        caseId,
        { ...base, channel: 'phone', by: 'debtor', dueOn: '2026-03-10' },
        '2026-03-03T08:00:00Z',
      ),
      m,
    ),
  );
  if (closed)
    await run((m) =>
      service.complaintClosed(
        envelope<ComplaintClosedV1>('ComplaintClosed', caseId, { ...base, upheld: true, answeredInTime: true }, '2026-03-05T08:00:00Z'),
        m,
      ),
    );
}

beforeAll(async () => {
  // The clients and their brands as reporting knows them from cases (an agent sees the clients of its brands).
  for (const [id, brands] of [
    [client, [brand, brand2]],
    [other, [otherBrand]],
  ] as const)
    await ds.query(
      `INSERT INTO reporting.client_portfolios (client_id, client_name, country, brand_ids) VALUES ($1, 'C', 'BE', $2::uuid[])`,
      [id, brands],
    );
  await dispute(client, brand, 'not_received', { answeredAt: '2026-03-06T12:00:00Z', outcome: 'upheld' });
  // Its events delivered backwards: the same record.
  await dispute(client, brand2, 'not_received', { answeredAt: '2026-03-20T09:00:00Z', late: true, outcome: 'rejected' }, 'reversed');
  await dispute(client, brand, 'wrong_amount', {});
  await dispute(other, otherBrand, 'already_paid', { outcome: 'upheld' });
  await complaint(client, brand, true);
  await complaint(client, brand2, false);
  await complaint(other, otherBrand, false);
});

describe('rootCauses', () => {
  it("gives the client's user its own client's disputes, answers and complaints", async () => {
    const v = (await resolver.rootCauses(ctx(who('client_user', { clientId: client })), client, '2026-03-01', '2026-03-31'))!;
    expect(v.disputes).toEqual({ raised: 3, open: 1, resolved: 2, upheld: 1, rejected: 1, partlyUpheld: 0 });
    expect(v.byReason.map((r) => [r.reason, r.raised])).toEqual([
      ['not_received', 2],
      ['wrong_amount', 1],
    ]);
    expect(v.answers).toEqual({ answered: 2, withinSla: 1, withinSlaBp: 5000, medianDaysToAnswer: 11 });
    expect(v.shares).toEqual({ upheldBp: 5000, rejectedBp: 5000, partlyUpheldBp: 0 });
    expect(v.complaints.find((c) => c.category === 'tone')).toMatchObject({ logged: 2, open: 1, closed: 1, upheld: 1 });
    // Outside the period: nothing.
    expect((await resolver.rootCauses(ctx(who('client_user', { clientId: client })), client, '2026-04-01', null))!.disputes.raised).toBe(0);
  });

  it("gives an agent only its brands' disputes, the admin all", async () => {
    const agent = (await resolver.rootCauses(ctx(who('agent', { brandIds: [brand2] })), client, null, null))!;
    expect(agent.disputes.raised).toBe(1);
    expect(agent.byBrand).toEqual([expect.objectContaining({ brandId: brand2, raised: 1, rejected: 1 })]);
    const admin = (await resolver.rootCauses(ctx(who('agency_admin')), client, null, null))!;
    expect(admin.disputes.raised).toBe(3);
    expect((await resolver.rootCauses(ctx(who('agency_admin')), other, null, null))!.disputes.raised).toBe(1);
  });

  it('finds no such client for another client’s user, an agent of other brands, or legal staff, even naming it', async () => {
    for (const identity of [
      who('client_user', { clientId: other }),
      who('agent', { brandIds: [otherBrand] }),
      who('legal'),
      who('client_user', { clientId: null }),
    ])
      expect(await resolver.rootCauses(ctx(identity), client, null, null)).toBeNull();
    // Its own client is there for the client's user even before anything was counted.
    const fresh = crypto.randomUUID();
    expect((await resolver.rootCauses(ctx(who('client_user', { clientId: fresh })), fresh, null, null))?.disputes.raised).toBe(0);
  });

  it('walls the tables themselves: with no filter, each caller reads only its rows', async () => {
    const rows = (identity: Identity, table: string) =>
      asTenant(
        ds,
        identity,
        REPORTING_APP_ROLE,
        (m) => m.query(`SELECT client_id, brand_id FROM reporting.${table}`) as Promise<{ client_id: string }[]>,
      );
    for (const table of ['root_cause_disputes', 'root_cause_complaints']) {
      expect((await rows(who('client_user', { clientId: other }), table)).every((r) => r.client_id === other)).toBe(true);
      expect(await rows(who('legal'), table)).toEqual([]);
      expect(await rows(who('agent', { brandIds: [otherBrand] }), table)).toHaveLength(1);
    }
    await expect(
      asTenant(ds, who('agency_admin'), REPORTING_APP_ROLE, (m) => m.query(`DELETE FROM reporting.root_cause_disputes`)),
    ).rejects.toThrow(/permission denied/);
  });

  it('names the field a caller got wrong', async () => {
    const admin = ctx(who('agency_admin'));
    await expect(resolver.rootCauses(admin, 'nope', null, null)).rejects.toMatchObject({
      problems: [expect.objectContaining({ field: 'clientId' })],
    });
    await expect(resolver.rootCauses(admin, client, '2026-13-01', null)).rejects.toMatchObject({
      problems: [expect.objectContaining({ field: 'from' })],
    });
    await expect(resolver.rootCauses(admin, client, '2026-03-31', '2026-03-01')).rejects.toMatchObject({
      problems: [expect.objectContaining({ field: 'to' })],
    });
  });
});

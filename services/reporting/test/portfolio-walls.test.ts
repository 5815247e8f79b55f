import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { ROLES, type Identity } from '@amicus/auth';
import { Clock, addDays } from '@amicus/calendar';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { reportingSchema } from '../src/reporting-schema';
import { PortfolioService } from '../src/portfolio/portfolio.service';
import { CollectionsReadsService } from '../src/collections/collections-reads.service';
import {
  CasePhase,
  PortfolioCase,
  caseInScope,
  openedCase,
  portfolioScope,
  portfolioTotals,
  visiblePortfolios,
} from '../src/portfolio/portfolio';
import { insertCase } from '../src/portfolio/case-store';
import { ageing } from '../src/collections/ageing';
import { collectionCurves, monthOf, monthsBetween } from '../src/collections/collection-curve';
import { reportFilter } from '../src/collections/report-filter';

/**
 * The walls are asked in SQL; `visiblePortfolios` and `caseInScope` are the rule in TypeScript
 * (the cases service's: a client user its client, an agent its brands, legal staff the legal
 * phases, the admin all). On generated clients, brands, cases and callers — wrong tenants, ids
 * that are not UUIDs, upper-case ids among them — the summary, the curves and the ageing must
 * show exactly what the rule shows, with the figures the pure functions compute.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let portfolios: PortfolioService;
let reads: CollectionsReadsService;
const clock = new Clock('Europe/Brussels');
const today = clock.today();

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('reporting_walls', reportingSchema));
  portfolios = new PortfolioService(ds, clock);
  reads = new CollectionsReadsService(ds, clock);
});

afterAll(() => drop());

async function insertPortfolio(p: { clientId: string; clientName: string; brandIds: string[] }): Promise<void> {
  await ds.query(`INSERT INTO reporting.client_portfolios (client_id, client_name, country, brand_ids) VALUES ($1, $2, 'BE', $3)`, [
    p.clientId,
    p.clientName,
    p.brandIds,
  ]);
}

const PHASES: CasePhase[] = ['placed', 'amicable', 'legal_review', 'legal', 'closed'];

/** A generated case: its brand among its client's (or none), its phase, a claim and maybe a payment on it. */
const caseGen = fc.record({
  brand: fc.option(fc.nat(3), { nil: null }),
  phase: fc.constantFrom(...PHASES),
  currency: fc.constantFrom('EUR', 'USD'),
  principal: fc.bigInt({ min: 1n, max: 10n ** 9n }),
  paidPerMille: fc.integer({ min: 0, max: 1000 }),
  interest: fc.bigInt({ min: 0n, max: 10n ** 6n }),
  placedDaysAgo: fc.integer({ min: 0, max: 200 }),
  overdueAtPlacement: fc.integer({ min: -10, max: 300 }),
  paidDaysAfter: fc.integer({ min: 0, max: 100 }),
});

type GeneratedCase = typeof caseGen extends fc.Arbitrary<infer T> ? T : never;

const callerGen = fc.record({
  role: fc.constantFrom(...ROLES),
  client: fc.oneof(fc.nat(4), fc.constantFrom('none' as const, 'stranger' as const, 'not-a-uuid' as const, 'upper' as const)),
  brands: fc.array(fc.oneof(fc.nat(3), fc.constant('not-a-uuid' as const)), { maxLength: 3 }),
});

describe('the walls, asked in SQL', () => {
  it('shows each caller the portfolios, figures, curves and ageing the rule shows it', async () => {
    const world = fc.record({
      brandCount: fc.integer({ min: 1, max: 4 }),
      clients: fc.array(fc.record({ brands: fc.array(fc.nat(3), { maxLength: 3 }), cases: fc.array(caseGen, { maxLength: 4 }) }), {
        minLength: 1,
        maxLength: 4,
      }),
    });
    await fc.assert(
      fc.asyncProperty(world, fc.array(callerGen, { minLength: 1, maxLength: 4 }), async ({ brandCount, clients }, callers) => {
        const brands = Array.from({ length: brandCount }, () => crypto.randomUUID());
        const facts: { kase: PortfolioCase; claim: ClaimFacts }[] = [];
        const all = [];
        for (const [i, client] of clients.entries()) {
          const clientId = crypto.randomUUID();
          const brandIds = [...new Set(client.brands.filter((b) => b < brandCount).map((b) => brands[b]!))];
          await insertPortfolio({ clientId, clientName: `Client ${i}`, brandIds });
          const cases: PortfolioCase[] = [];
          for (const g of client.cases) {
            const { kase, claim } = await insertGeneratedCase(clientId, brandIds, g);
            cases.push(kase);
            facts.push({ kase, claim });
          }
          all.push({ clientId, brandIds, cases });
        }
        const ours = new Set<string>(all.map((p) => p.clientId));
        for (const c of callers) {
          const named: Record<'none' | 'stranger' | 'not-a-uuid' | 'upper', string | null> = {
            none: null,
            stranger: crypto.randomUUID(),
            'not-a-uuid': 'not-a-uuid',
            upper: all[0]!.clientId.toUpperCase(),
          };
          const clientId = typeof c.client === 'number' ? all[c.client % all.length]!.clientId : named[c.client];
          const brandIds = c.brands.map((b) => (b === 'not-a-uuid' ? b : (brands[b] ?? crypto.randomUUID())));
          const identity: Identity = { subject: 'u', role: c.role, clientId, brandIds, email: null };
          const scope = portfolioScope(identity);

          const inSql = (await portfolios.summary(identity)).filter((p) => ours.has(p.clientId));
          const expected = visiblePortfolios(identity, all).map((p) => ({
            clientId: p.clientId,
            brandIds: [...p.brandIds].sort(),
            totals: portfolioTotals(p.cases.filter((k) => caseInScope(scope, k))),
          }));
          expect(inSql.map((p) => ({ clientId: p.clientId, brandIds: [...p.brandIds].sort(), totals: p.totals }))).toEqual(expected);

          const seen = facts.filter((f) => caseInScope(scope, f.kase));
          const curves = (await reads.collectionCurves(identity, reportFilter({}))).filter((k) => ours.has(k.clientId));
          expect(curves).toEqual(expectedCurves(seen));
          const aged = (await reads.ageing(identity, reportFilter({}))).filter((k) => ours.has(k.clientId));
          expect(aged).toEqual(expectedAgeing(seen));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('gives a client user nothing of another client, also when it names that client', async () => {
    const mine = crypto.randomUUID();
    const theirs = crypto.randomUUID();
    await insertPortfolio({ clientId: mine, clientName: 'Mine', brandIds: [] });
    await insertPortfolio({ clientId: theirs, clientName: 'Theirs', brandIds: [] });
    const g: GeneratedCase = {
      brand: null,
      phase: 'amicable',
      currency: 'EUR',
      principal: 40000n,
      paidPerMille: 250,
      interest: 0n,
      placedDaysAgo: 40,
      overdueAtPlacement: 30,
      paidDaysAfter: 10,
    };
    await insertGeneratedCase(theirs, [], g);
    const me: Identity = { subject: 'u', role: 'client_user', clientId: mine, brandIds: [], email: null };
    expect((await portfolios.summary(me)).map((p) => p.clientId)).toEqual([mine]);
    expect(await reads.collectionCurves(me, reportFilter({ clientId: theirs }))).toEqual([]);
    expect(await reads.ageing(me, reportFilter({ clientId: theirs }))).toEqual([]);
    const admin: Identity = { subject: 'a', role: 'agency_admin', clientId: null, brandIds: [], email: null };
    expect((await reads.ageing(admin, reportFilter({ clientId: theirs }))).map((a) => a.clientId)).toEqual([theirs]);
    expect(await reads.collectionCurves(admin, reportFilter({ clientId: theirs, currency: 'USD' }))).toEqual([]);
  });

  it('says which filter is wrong', () => {
    expect(() => reportFilter({ clientId: 'not-a-uuid', currency: 'eur' })).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        problems: [
          { field: 'clientId', reason: expect.stringContaining('UUID') },
          { field: 'currency', reason: expect.stringContaining('ISO 4217') },
        ],
      }),
    );
  });

  it('gives a portfolio without figures no totals, and keeps amounts above 2^53 exact', async () => {
    const clientId = crypto.randomUUID();
    await insertPortfolio({ clientId, clientName: 'Figures', brandIds: [] });
    const me: Identity = { subject: 'u', role: 'client_user', clientId, brandIds: [], email: null };
    expect(await portfolios.summary(me)).toEqual([{ clientId, clientName: 'Figures', country: 'BE', brandIds: [], totals: [] }]);
    const big = {
      ...openedCase({ caseId: crypto.randomUUID(), clientId, brandId: null, currency: 'USD' }),
      placedMinor: 9007199254740993n,
      openMinor: 9007199254740993n,
    };
    await insertCase(ds.manager, big);
    const [p] = await portfolios.summary(me);
    expect(p!.totals[0]).toMatchObject({ currency: 'USD', openCases: 1, placedMinor: 9007199254740993n, openMinor: 9007199254740993n });
  });
});

interface ClaimFacts {
  claimId: string;
  placedOn: string;
  dueOn: string;
  principal: bigint;
  paid: bigint;
  paidOn: string;
}

/** Writes a generated case, its claim and (if any) the principal a payment counts for on it, as the handlers would. */
async function insertGeneratedCase(
  clientId: string,
  brandIds: string[],
  g: GeneratedCase,
): Promise<{ kase: PortfolioCase; claim: ClaimFacts }> {
  const brandId = g.brand === null || brandIds.length === 0 ? null : brandIds[g.brand % brandIds.length]!;
  const paid = (g.principal * BigInt(g.paidPerMille)) / 1000n;
  const closed = g.phase === 'closed';
  const kase: PortfolioCase = {
    ...openedCase({ caseId: crypto.randomUUID(), clientId, brandId, currency: g.currency }),
    phase: g.phase,
    closed,
    outcome: closed ? 'written_off' : null,
    placedMinor: g.principal,
    openMinor: closed ? 0n : g.principal - paid,
    closedOpenMinor: closed ? g.principal - paid : 0n,
    collected: { principalMinor: paid, interestMinor: paid > 0n ? g.interest : 0n, costsMinor: 0n },
  };
  await insertCase(ds.manager, kase);
  const placedOn = addDays(today, -g.placedDaysAgo);
  const claim: ClaimFacts = {
    claimId: crypto.randomUUID(),
    placedOn,
    dueOn: addDays(placedOn, -g.overdueAtPlacement),
    principal: g.principal,
    paid,
    paidOn: addDays(placedOn, g.paidDaysAfter),
  };
  await ds.query(
    `INSERT INTO reporting.portfolio_claims (claim_id, case_id, client_id, currency, placed_on, due_on, principal_minor) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [claim.claimId, kase.caseId, clientId, g.currency, claim.placedOn, claim.dueOn, g.principal.toString()],
  );
  if (paid > 0n) {
    const paymentId = crypto.randomUUID();
    await ds.query(`INSERT INTO reporting.portfolio_payments (payment_id, case_id) VALUES ($1, $2)`, [paymentId, kase.caseId]);
    await ds.query(
      `INSERT INTO reporting.payment_principal_parts (payment_id, claim_id, case_id, received_on, amount_minor) VALUES ($1, $2, $3, $4, $5)`,
      [paymentId, claim.claimId, kase.caseId, claim.paidOn, paid.toString()],
    );
  }
  return { kase, claim };
}

function expectedCurves(seen: { kase: PortfolioCase; claim: ClaimFacts }[]) {
  const key = (f: { kase: PortfolioCase; claim: ClaimFacts }) => ({
    clientId: f.kase.clientId,
    currency: f.kase.currency,
    cohortMonth: monthOf(f.claim.placedOn),
  });
  const placed = new Map<string, { clientId: string; currency: string; cohortMonth: string; placedMinor: bigint }>();
  for (const f of seen) {
    const k = key(f);
    const id = `${k.clientId} ${k.currency} ${k.cohortMonth}`;
    placed.set(id, { ...k, placedMinor: (placed.get(id)?.placedMinor ?? 0n) + f.claim.principal });
  }
  return collectionCurves(
    [...placed.values()],
    seen
      .filter((f) => f.claim.paid > 0n)
      .map((f) => ({ ...key(f), monthsSincePlacement: monthsBetween(f.claim.placedOn, f.claim.paidOn), collectedMinor: f.claim.paid })),
    today,
  );
}

function expectedAgeing(seen: { kase: PortfolioCase; claim: ClaimFacts }[]) {
  return ageing(
    seen
      .filter((f) => !f.kase.closed)
      .map((f) => ({
        clientId: f.kase.clientId,
        currency: f.kase.currency,
        oldestDueOn: f.claim.dueOn,
        openMinor: f.claim.principal - f.claim.paid,
      })),
    today,
  );
}

import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { ROLES, type Identity } from '@amicus/auth';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { reportingSchema } from '../src/reporting-schema';
import { PortfolioService } from '../src/portfolio/portfolio.service';
import { visiblePortfolios } from '../src/portfolio/portfolio';

/**
 * The portfolio summary filters in SQL; `visiblePortfolios` is the rule in TypeScript. On
 * generated clients, brands and callers both must pick the same portfolios.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let service: PortfolioService;

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('reporting', reportingSchema));
  service = new PortfolioService(ds);
});

afterAll(() => drop());

async function insertPortfolio(p: { clientId: string; clientName: string; brandIds: string[] }): Promise<void> {
  await ds.query(`INSERT INTO reporting.client_portfolios (client_id, client_name, country, brand_ids) VALUES ($1, $2, 'BE', $3)`, [
    p.clientId,
    p.clientName,
    p.brandIds,
  ]);
}

describe('portfolioSummary, filtered in SQL', () => {
  it('shows each caller the portfolios visiblePortfolios shows it', async () => {
    const world = fc.record({
      brandCount: fc.integer({ min: 1, max: 4 }),
      clients: fc.array(fc.array(fc.nat(3), { maxLength: 3 }), { minLength: 1, maxLength: 5 }),
    });
    const caller = fc.record({
      role: fc.constantFrom(...ROLES),
      client: fc.oneof(fc.nat(4), fc.constantFrom('none' as const, 'stranger' as const, 'not-a-uuid' as const, 'upper' as const)),
      brands: fc.array(fc.oneof(fc.nat(3), fc.constant('not-a-uuid' as const)), { maxLength: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(world, fc.array(caller, { minLength: 1, maxLength: 4 }), async ({ brandCount, clients }, callers) => {
        const brands = Array.from({ length: brandCount }, () => crypto.randomUUID());
        const all = clients.map((picks, i) => ({
          clientId: crypto.randomUUID(),
          clientName: `Client ${i}`,
          brandIds: [...new Set(picks.filter((b) => b < brandCount).map((b) => brands[b]))],
        }));
        for (const p of all) await insertPortfolio(p);
        const ours = new Set<string>(all.map((p) => p.clientId));
        for (const c of callers) {
          const named: Record<'none' | 'stranger' | 'not-a-uuid' | 'upper', string | null> = {
            none: null,
            stranger: crypto.randomUUID(),
            'not-a-uuid': 'not-a-uuid',
            upper: all[0].clientId.toUpperCase(),
          };
          const clientId = typeof c.client === 'number' ? all[c.client % all.length].clientId : named[c.client];
          const brandIds = c.brands.map((b) => (b === 'not-a-uuid' ? b : (brands[b] ?? crypto.randomUUID())));
          const identity: Identity = { subject: 'u', role: c.role, clientId, brandIds, email: null };
          const inSql = (await service.summary(identity)).map((p) => p.clientId).filter((id) => ours.has(id));
          expect(inSql).toEqual(visiblePortfolios(identity, all).map((p) => p.clientId));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('gives each visible portfolio its figures per currency, exact, in currency order', async () => {
    const clientId = crypto.randomUUID();
    await insertPortfolio({ clientId, clientName: 'Figures', brandIds: [] });
    const totals = `INSERT INTO reporting.portfolio_totals (client_id, currency, open_cases, placed_minor, collected_minor, open_minor) VALUES ($1, $2, $3, $4, $5, $6)`;
    // above 2^53: a JS number would round it
    await ds.query(totals, [clientId, 'USD', 1, '9007199254740993', '1', '9007199254740992']);
    await ds.query(totals, [clientId, 'EUR', 2, '52550', '0', '40000']);
    const [p] = await service.summary({ subject: 'u', role: 'client_user', clientId, brandIds: [], email: null });
    expect(p).toEqual({
      clientId,
      clientName: 'Figures',
      country: 'BE',
      brandIds: [],
      totals: [
        { currency: 'EUR', openCases: 2, placedMinor: 52550n, collectedMinor: 0n, openMinor: 40000n },
        { currency: 'USD', openCases: 1, placedMinor: 9007199254740993n, collectedMinor: 1n, openMinor: 9007199254740992n },
      ],
    });
  });

  it('gives a portfolio without figures no totals', async () => {
    const clientId = crypto.randomUUID();
    await insertPortfolio({ clientId, clientName: 'Empty', brandIds: [] });
    expect(await service.summary({ subject: 'u', role: 'client_user', clientId, brandIds: [], email: null })).toEqual([
      { clientId, clientName: 'Empty', country: 'BE', brandIds: [], totals: [] },
    ]);
  });
});

import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { ROLES, caseInWall, clientInWall, tenantWall, type Identity } from '@amicus/auth';
import { asTenant, freshServiceDatabase } from '@amicus/service-runtime';
import { reportingSchema } from '../src/reporting-schema';
import { REPORTING_APP_ROLE } from '../src/tenant-reads';

/**
 * Row-level security in reporting (migration 1765520000000): the requests' role sees, with no
 * filter at all in the query, exactly the rows libs/auth's walls give the caller — portfolios,
 * cases, claims and their payments' parts — and may not write, nor read what its reads do not use.
 */
let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('reporting_rls', reportingSchema));
});

afterAll(() => drop());

const PHASES = ['placed', 'amicable', 'legal_review', 'legal', 'closed'] as const;
const as = <T>(identity: Identity, sql: string, params: unknown[] = []) =>
  asTenant(ds, identity, REPORTING_APP_ROLE, (m) => m.query(sql, params) as Promise<T>);

describe('reporting row-level security', () => {
  it('shows each caller, without a filter, the rows its wall gives it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            brands: fc.integer({ min: 0, max: 2 }),
            cases: fc.array(fc.record({ brand: fc.nat(2), phase: fc.constantFrom(...PHASES) }), { maxLength: 3 }),
          }),
          {
            minLength: 1,
            maxLength: 3,
          },
        ),
        fc.constantFrom(...ROLES),
        fc.nat(5),
        fc.nat(8),
        async (clients, role, clientPick, brandPick) => {
          await ds.query(
            `TRUNCATE reporting.payment_principal_parts, reporting.portfolio_payments, reporting.portfolio_claims, reporting.portfolio_cases, reporting.client_portfolios`,
          );
          const world: {
            clientId: string;
            brandIds: string[];
            cases: { caseId: string; clientId: string; brandId: string | null; phase: string }[];
          }[] = [];
          for (const [i, c] of clients.entries()) {
            const clientId = crypto.randomUUID();
            const brandIds = Array.from({ length: c.brands }, () => crypto.randomUUID());
            await ds.query(
              `INSERT INTO reporting.client_portfolios (client_id, client_name, country, brand_ids) VALUES ($1, $2, 'BE', $3)`,
              [clientId, `Client ${i}`, brandIds],
            );
            const cases = [];
            for (const k of c.cases) {
              const kase = {
                caseId: crypto.randomUUID(),
                clientId,
                brandId: brandIds.length ? brandIds[k.brand % brandIds.length]! : null,
                phase: k.phase,
              };
              await ds.query(
                `INSERT INTO reporting.portfolio_cases (case_id, client_id, brand_id, currency, phase, closed, outcome)
                 VALUES ($1, $2, $3, 'EUR', $4, $5, $6)`,
                [kase.caseId, clientId, kase.brandId, k.phase, k.phase === 'closed', k.phase === 'closed' ? 'paid' : null],
              );
              await ds.query(
                `INSERT INTO reporting.portfolio_claims (claim_id, case_id, client_id, currency, placed_on, due_on, principal_minor) VALUES ($1, $2, $3, 'EUR', '2026-01-01', '2025-12-01', 100)`,
                [crypto.randomUUID(), kase.caseId, clientId],
              );
              cases.push(kase);
            }
            world.push({ clientId, brandIds, cases });
          }
          const allBrands = world.flatMap((w) => w.brandIds);
          const identity: Identity = {
            subject: 'u',
            role,
            clientId: world[clientPick % world.length]!.clientId,
            brandIds: allBrands.length ? [allBrands[brandPick % allBrands.length]!] : [],
            email: null,
          };
          const wall = tenantWall(identity);
          const sorted = (xs: string[]) => [...xs].sort();

          const portfolios = await as<{ client_id: string }[]>(identity, `SELECT client_id FROM reporting.client_portfolios`);
          expect(sorted(portfolios.map((r) => r.client_id))).toEqual(
            sorted(world.filter((w) => clientInWall(wall, w)).map((w) => w.clientId)),
          );
          const cases = await as<{ case_id: string }[]>(identity, `SELECT case_id FROM reporting.portfolio_cases`);
          const seen = world.flatMap((w) => w.cases).filter((k) => caseInWall(wall, k));
          expect(sorted(cases.map((r) => r.case_id))).toEqual(sorted(seen.map((k) => k.caseId)));
          const claims = await as<{ case_id: string }[]>(identity, `SELECT case_id FROM reporting.portfolio_claims`);
          expect(sorted(claims.map((r) => r.case_id))).toEqual(sorted(seen.map((k) => k.caseId)));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('lets the requests’ role write nothing and read no table its reads do not use', async () => {
    const admin: Identity = { subject: 'u', role: 'agency_admin', clientId: null, brandIds: [], email: null };
    await expect(
      as(admin, `INSERT INTO reporting.client_portfolios (client_id, client_name, country) VALUES ($1, 'x', 'BE')`, [crypto.randomUUID()]),
    ).rejects.toThrow(/permission denied/);
    await expect(as(admin, `DELETE FROM reporting.portfolio_cases`)).rejects.toThrow(/permission denied/);
    await expect(as(admin, `TRUNCATE reporting.portfolio_cases`)).rejects.toThrow(/permission denied/);
    await expect(as(admin, `SELECT * FROM reporting.portfolio_payments`)).rejects.toThrow(/permission denied/);
    await expect(as(admin, `SELECT * FROM reporting.migrations`)).rejects.toThrow(/permission denied/);
  });
});

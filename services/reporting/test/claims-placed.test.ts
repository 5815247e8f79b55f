import type { DataSource } from 'typeorm';
import { Clock } from '@amicus/calendar';
import { CaseOpened, ClaimPlaced, ClaimsPlaced, ClientOnboarded, createEvent } from '@amicus/events';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { reportingSchema } from '../src/reporting-schema';
import { PortfolioService } from '../src/portfolio/portfolio.service';

/**
 * Placements now send one ClaimsPlaced per case; ClaimPlaced@1 (one per claim) is still in the
 * topics and still read. Both give the case the same claims (cohort, due day, principal) and
 * the same placed and open amounts.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let portfolios: PortfolioService;
const clock = new Clock('Europe/Brussels');
const clientId = crypto.randomUUID();
const at = new Date('2026-09-15T10:00:00Z');
const debtor = {
  kind: 'consumer' as const,
  name: 'D',
  country: 'BE',
  language: 'nl',
  timeZone: 'Europe/Brussels',
  vatNumber: null,
  emails: [],
  phones: [],
  addresses: [],
  preferredChannel: null,
};
const claims = [
  { invoiceNumber: 'F1', issueDate: '2026-08-01', dueDate: '2026-09-01', principalMinor: '40000', description: null },
  { invoiceNumber: 'F2', issueDate: '2026-07-01', dueDate: '2026-08-01', principalMinor: '10050', description: 'Levering' },
];
const run = (f: (m: DataSource['manager']) => Promise<void>) => ds.transaction(f);

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('reporting_claims_placed', reportingSchema));
  portfolios = new PortfolioService(ds, clock);
  const payload = { clientId, name: 'Brewery', country: 'BE', enterpriseNumber: '0403.170.701', sme: true };
  await run((m) => portfolios.clientOnboarded(createEvent(ClientOnboarded, { aggregateId: clientId, clientId, payload }), m));
});
afterAll(() => drop());

async function openCase(): Promise<string> {
  const caseId = crypto.randomUUID();
  const payload = {
    caseId,
    clientId,
    brandId: crypto.randomUUID(),
    debtorId: crypto.randomUUID(),
    debtor,
    currency: 'EUR',
    placementId: null,
  };
  await run((m) => portfolios.caseOpened(createEvent(CaseOpened, { aggregateId: caseId, clientId, occurredAt: at, payload }), m));
  return caseId;
}

async function figuresOf(caseId: string) {
  const [c] = await ds.query(
    `SELECT placed_minor::text AS placed, open_minor::text AS open FROM reporting.portfolio_cases WHERE case_id = $1`,
    [caseId],
  );
  const kept = await ds.query(
    `SELECT currency, placed_on::text AS cohort, due_on::text AS due, principal_minor::text AS principal FROM reporting.portfolio_claims WHERE case_id = $1 ORDER BY due_on`,
    [caseId],
  );
  return { ...c, claims: kept };
}

it('keeps the claims of one ClaimsPlaced as it keeps those of as many ClaimPlaced@1', async () => {
  const old = await openCase();
  for (const c of claims)
    await run((m) =>
      portfolios.claimPlaced(
        createEvent(ClaimPlaced, {
          aggregateId: old,
          clientId,
          occurredAt: at,
          payload: { ...c, caseId: old, claimId: crypto.randomUUID(), clientId, currency: 'EUR', placementId: null },
        }),
        m,
      ),
    );
  const current = await openCase();
  const payload = {
    caseId: current,
    clientId,
    placementId: crypto.randomUUID(),
    currency: 'EUR',
    principalMinor: '50050',
    claims: claims.map((c) => ({ ...c, claimId: crypto.randomUUID() })),
  };
  await run((m) => portfolios.claimsPlaced(createEvent(ClaimsPlaced, { aggregateId: current, clientId, occurredAt: at, payload }), m));
  expect(await figuresOf(old)).toMatchObject({ placed: '50050', open: '50050' });
  expect((await figuresOf(old)).claims).toHaveLength(2);
  expect(await figuresOf(current)).toEqual(await figuresOf(old));
});

import type { DataSource } from 'typeorm';
import { Clock } from '@amicus/calendar';
import { CaseOpened, ClaimPlaced, ClaimsPlaced, createEvent } from '@amicus/events';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { billingSchema } from '../src/billing-schema';
import { LedgerPostingsService } from '../src/ledger/ledger-postings.service';

/**
 * Placements now send one ClaimsPlaced per case; ClaimPlaced@1 (one per claim) is still in the
 * topics and still read. Both keep the same claims for the commission tiers.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let postings: LedgerPostingsService;
const clock = new Clock('Europe/Brussels');
const clientId = crypto.randomUUID();
const at = new Date('2026-02-01T10:00:00Z');
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
  { invoiceNumber: 'F1', issueDate: '2024-05-01', dueDate: '2024-06-01', principalMinor: '50000', description: null },
  { invoiceNumber: 'F2', issueDate: '2025-05-01', dueDate: '2025-06-01', principalMinor: '1250', description: 'Levering' },
];

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('billing_claims_placed', billingSchema));
  postings = new LedgerPostingsService(clock);
});
afterAll(() => drop());

const run = (f: (m: DataSource['manager']) => Promise<void>) => ds.transaction(f);

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
  await run((m) => postings.caseOpened(createEvent(CaseOpened, { aggregateId: caseId, clientId, occurredAt: at, payload }), m));
  return caseId;
}

async function claimsOf(caseId: string) {
  return ds.query(
    `SELECT principal_minor::text AS principal, due_date::text AS due, placed_on::text AS placed FROM billing.claims WHERE case_id = $1 ORDER BY due_date`,
    [caseId],
  );
}

it('keeps the claims of one ClaimsPlaced as it keeps those of as many ClaimPlaced@1, once however often it comes', async () => {
  const old = await openCase();
  for (const c of claims)
    await run((m) =>
      postings.claimPlaced(
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
  const event = createEvent(ClaimsPlaced, {
    aggregateId: current,
    clientId,
    occurredAt: at,
    payload: {
      caseId: current,
      clientId,
      placementId: crypto.randomUUID(),
      currency: 'EUR',
      principalMinor: '51250',
      claims: claims.map((c) => ({ ...c, claimId: crypto.randomUUID() })),
    },
  });
  await run((m) => postings.claimsPlaced(event, m));
  await run((m) => postings.claimsPlaced(event, m));
  expect(await claimsOf(old)).toHaveLength(2);
  expect(await claimsOf(current)).toEqual(await claimsOf(old));
});

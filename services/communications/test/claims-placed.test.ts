import type { DataSource } from 'typeorm';
import { CaseOpened, ClaimPlaced, ClaimsPlaced, createEvent } from '@amicus/events';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { CaseContactEntity } from '../src/case-contacts/case-contact.entity';
import { CaseContactsService } from '../src/case-contacts/case-contacts.service';
import { COMMUNICATIONS_SCHEMA } from '../src/app.module';
import { FirstSlice1764000000000 } from '../src/migrations/1764000000000-first-slice';
import { Communications1764100000000 } from '../src/migrations/1764100000000-communications';
import { CaseStanding1764600000000 } from '../src/migrations/1764600000000-case-standing';
import { PayLinks1764700000000 } from '../src/migrations/1764700000000-pay-links';
import { CasePhase1765000000000 } from '../src/migrations/1765000000000-case-phase';

/**
 * Placements now send one ClaimsPlaced per case; ClaimPlaced@1 (one per claim) is still in the
 * topics and still read. Both give the case the same claims, in the same order, for its letters.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let contacts: CaseContactsService;
const clientId = crypto.randomUUID();
const debtor = {
  kind: 'consumer' as const,
  name: 'Jan Peeters',
  country: 'BE',
  language: 'nl',
  timeZone: 'Europe/Brussels',
  vatNumber: null,
  emails: ['jan@example.be'],
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
  ({ ds, drop } = await freshServiceDatabase('communications_claims_placed', {
    schema: COMMUNICATIONS_SCHEMA,
    entities: [CaseContactEntity],
    // The migrations that shape case_contacts, in order.
    migrations: [
      FirstSlice1764000000000,
      Communications1764100000000,
      CaseStanding1764600000000,
      PayLinks1764700000000,
      CasePhase1765000000000,
    ],
  }));
  contacts = new CaseContactsService(ds);
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
  await run((m) => contacts.caseOpened(createEvent(CaseOpened, { aggregateId: caseId, clientId, payload }), m));
  return caseId;
}

async function claimsOf(caseId: string): Promise<Record<string, unknown>[]> {
  const [row] = await ds.query(`SELECT claims FROM communications.case_contacts WHERE case_id = $1`, [caseId]);
  return (row.claims as Record<string, unknown>[]).map(({ claimId, ...rest }) => ({ ...rest, claimId: typeof claimId }));
}

it('lists the claims of one ClaimsPlaced as those of as many ClaimPlaced@1, once however often it comes', async () => {
  const old = await openCase();
  for (const c of claims)
    await run((m) =>
      contacts.claimPlaced(
        createEvent(ClaimPlaced, {
          aggregateId: old,
          clientId,
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
  const event = createEvent(ClaimsPlaced, { aggregateId: current, clientId, payload });
  await run((m) => contacts.claimsPlaced(event, m));
  await run((m) => contacts.claimsPlaced(event, m));
  expect(await claimsOf(old)).toEqual([
    {
      number: 'F1',
      issueDate: '2026-08-01',
      dueDate: '2026-09-01',
      description: null,
      principalMinor: '40000',
      currency: 'EUR',
      claimId: 'string',
    },
    {
      number: 'F2',
      issueDate: '2026-07-01',
      dueDate: '2026-08-01',
      description: 'Levering',
      principalMinor: '10050',
      currency: 'EUR',
      claimId: 'string',
    },
  ]);
  expect(await claimsOf(current)).toEqual(await claimsOf(old));
});

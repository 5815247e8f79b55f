import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { billingSchema } from '../src/billing-schema';
import type { AgreementTermsInput } from '../src/agreements/agreement';
import { AgreementsService } from '../src/agreements/agreements.service';

/** The agreements against the real Postgres: versions drafted and approved by the admin, the wall in the query, amounts exact. */
let ds: DataSource;
let drop: () => Promise<void>;
let service: AgreementsService;
const mine = crypto.randomUUID();
const theirs = crypto.randomUUID();
const admin: Identity = { subject: 'admin', role: 'agency_admin', clientId: null, brandIds: [], email: null };
const clientUser = (clientId: string): Identity => ({ ...admin, subject: 'cu', role: 'client_user', clientId });

const terms = (feeMinor: string): AgreementTermsInput => ({
  currency: 'EUR',
  commission: { tieredBy: 'none', bands: [{ from: '0', principalBp: 1500, interestBp: 1500, costsBp: 0 }] },
  fees: { caseOpened: feeMinor },
  collectionCostsKeptBy: 'agency',
  remittancePeriod: 'monthly',
  payoutIban: 'BE68539007547034',
  vat: { kind: 'be_standard', vatNumber: null },
});

async function approved(clientId: string, validFrom: string, feeMinor: string) {
  const draft = await service.createVersion(admin, clientId, { validFrom, terms: terms(feeMinor) });
  return service.approveVersion(admin, draft.id);
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e: unknown = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
}

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('billing', billingSchema));
  service = new AgreementsService(ds, new Clock('Europe/Brussels'));
  await approved(mine, '2025-01-01', '2500');
  // above 2^53: a JS number would round it
  await approved(mine, '2025-07-01', '9007199254740993');
  await approved(theirs, '2025-03-01', '1000');
});

afterAll(() => drop());

describe('agreement versions', () => {
  it('shows the agency every client’s versions, the most recent first, the earlier one closed by the later', async () => {
    const seen = (await service.visibleAgreements(admin)).filter((a) => a.clientId === mine || a.clientId === theirs);
    expect(seen.map((a) => [a.clientId, a.version, a.validFrom, a.validTo])).toEqual([
      [mine, 2, '2025-07-01', null],
      [theirs, 1, '2025-03-01', null],
      [mine, 1, '2025-01-01', '2025-06-30'],
    ]);
  });

  it('shows a client user its own client’s versions only, and nothing of another client asked by id', async () => {
    expect((await service.visibleAgreements(clientUser(mine))).map((a) => a.clientId)).toEqual([mine, mine]);
    expect(await service.visibleAgreements(clientUser(mine), theirs)).toEqual([]);
    expect(await service.inForce(clientUser(mine), theirs, '2025-05-01')).toBeNull();
  });

  it('shows an agent none', async () => {
    expect(await service.visibleAgreements({ ...admin, role: 'agent', brandIds: [crypto.randomUUID()] })).toEqual([]);
  });

  it('reads the fee per case as exact bigint minor units, and the version in force on a day', async () => {
    expect((await service.inForce(clientUser(mine), mine, '2025-06-30'))?.version).toBe(1);
    const latest = await service.inForce(clientUser(mine), mine, '2026-01-01');
    expect(latest?.terms.fees.caseOpened).toBe(9007199254740993n);
  });

  it('lets only the admin write, names bad fields, and refuses a second approval', async () => {
    expect((await refusal(service.createVersion(clientUser(mine), mine, { validFrom: '2026-01-01', terms: terms('0') }))).code).toBe(
      'forbidden',
    );
    const bad = await refusal(
      service.createVersion(admin, mine, { validFrom: '2025-07-01', terms: { ...terms('x'), payoutIban: 'BE00' } }),
    );
    expect(bad.problems.map((p) => p.field)).toEqual(['input.validFrom', 'input.terms.fees.caseOpened', 'input.terms.payoutIban']);
    const draft = await service.createVersion(admin, theirs, { validFrom: '2026-01-01', terms: terms('0') });
    expect(await service.inForce(admin, theirs, '2026-02-01')).toMatchObject({ version: 1 });
    expect((await service.visibleAgreements(clientUser(theirs))).map((a) => a.status)).toEqual(['approved']);
    expect((await service.visibleAgreements(admin, theirs)).map((a) => a.status)).toEqual(['draft', 'approved']);
    await service.approveVersion(admin, draft.id);
    expect((await refusal(service.approveVersion(admin, draft.id))).code).toBe('conflict');
    expect((await refusal(service.approveVersion(admin, crypto.randomUUID()))).code).toBe('not_found');
    expect(await service.inForce(admin, theirs, '2026-02-01')).toMatchObject({ version: 2 });
  });
});

import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { billingSchema } from '../src/billing-schema';
import { AgreementsService } from '../src/agreements/agreements.service';

/** The agreements read against the real Postgres: the wall is in the query, the fee exact to the cent. */
let ds: DataSource;
let drop: () => Promise<void>;
let service: AgreementsService;
const mine = crypto.randomUUID();
const theirs = crypto.randomUUID();
const admin: Identity = { subject: 'admin', role: 'agency_admin', clientId: null, brandIds: [], email: null };

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('billing', billingSchema));
  service = new AgreementsService(ds);
  const insert = (clientId: string, feeMinor: string, validFrom: string) =>
    ds.query(
      `INSERT INTO billing.agreements (id, client_id, commission_bp, fee_per_case_minor, currency, valid_from) VALUES ($1, $2, 1500, $3, 'EUR', $4)`,
      [crypto.randomUUID(), clientId, feeMinor, validFrom],
    );
  await insert(mine, '2500', '2025-01-01');
  // above 2^53: a JS number would round it
  await insert(mine, '9007199254740993', '2025-07-01');
  await insert(theirs, '1000', '2025-03-01');
});

afterAll(() => drop());

describe('visibleAgreements', () => {
  it('shows the agency every client’s agreements, the most recent first', async () => {
    const seen = await service.visibleAgreements(admin);
    expect(seen.map((a) => [a.clientId, a.validFrom])).toEqual([
      [mine, '2025-07-01'],
      [theirs, '2025-03-01'],
      [mine, '2025-01-01'],
    ]);
  });

  it('shows a client user its own client’s agreements only', async () => {
    const seen = await service.visibleAgreements({ ...admin, role: 'client_user', clientId: mine });
    expect(seen.map((a) => a.clientId)).toEqual([mine, mine]);
  });

  it('shows an agent none', async () => {
    expect(await service.visibleAgreements({ ...admin, role: 'agent', brandIds: [crypto.randomUUID()] })).toEqual([]);
  });

  it('reads the fee per case as exact bigint minor units', async () => {
    const [latest] = await service.visibleAgreements({ ...admin, role: 'client_user', clientId: mine });
    expect(latest).toMatchObject({ commissionBp: 1500, feePerCase: { amountMinor: 9007199254740993n, currency: 'EUR' } });
  });
});

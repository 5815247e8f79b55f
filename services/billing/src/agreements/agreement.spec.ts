import fc from 'fast-check';
import type { Identity } from '@amicus/auth';
import {
  type Agreement,
  type AgreementTermsInput,
  agreementInForce,
  agreementScope,
  approveVersion,
  draftVersion,
  parseAgreementTerms,
  ratesFor,
  REVERSE_CHARGE_MENTION,
} from './agreement';

const who = (role: Identity['role'], clientId: string | null = null): Identity => ({
  subject: 'u',
  role,
  clientId,
  brandIds: ['b1'],
  email: null,
});

const beTerms = (over: Partial<AgreementTermsInput> = {}): AgreementTermsInput => ({
  currency: 'EUR',
  commission: { tieredBy: 'none', bands: [{ from: '0', principalBp: 1500, interestBp: 2000, costsBp: 0 }] },
  fees: { caseOpened: '2500', letter: '150', registeredLetter: '850', call: '300', success: '0' },
  monthlyMinimumMinor: '5000',
  collectionCostsKeptBy: 'agency',
  remittancePeriod: 'monthly',
  payoutIban: 'BE68 5390 0754 7034',
  vat: { kind: 'be_standard', vatNumber: 'BE0403.170.701' },
  ...over,
});

describe('agreementScope', () => {
  it('shows the agency every agreement', () => {
    expect(agreementScope(who('agency_admin'))).toEqual({ kind: 'all' });
  });
  it('shows a client user only its own client’s agreements', () => {
    expect(agreementScope(who('client_user', 'c1'))).toEqual({ kind: 'client', clientId: 'c1' });
  });
  it('shows a client user without a client, an agent and legal staff nothing', () => {
    for (const identity of [who('client_user'), who('agent'), who('legal')]) expect(agreementScope(identity)).toEqual({ kind: 'none' });
  });
});

describe('parseAgreementTerms', () => {
  it('reads Belgian terms: IBAN in electronic format, VAT number normalised, 21 %', () => {
    const parsed = parseAgreementTerms(beTerms());
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.terms).toMatchObject({
      payoutIban: 'BE68539007547034',
      vat: { kind: 'be_standard', rateBp: 2100, vatNumber: 'BE0403170701' },
      fees: { caseOpened: 2500n, letter: 150n, registeredLetter: 850n, call: 300n, success: 0n },
      monthlyMinimum: 5000n,
    });
  });

  it('charges a German business client by reverse charge, with the legal mention', () => {
    const parsed = parseAgreementTerms(beTerms({ vat: { kind: 'reverse_charge', country: 'DE', vatNumber: 'DE136695976' } }));
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.terms.vat).toEqual({ kind: 'reverse_charge', country: 'DE', vatNumber: 'DE136695976', mention: REVERSE_CHARGE_MENTION });
  });

  it('names every bad field', () => {
    const parsed = parseAgreementTerms(
      beTerms({
        currency: 'EURO',
        commission: {
          tieredBy: 'claim_amount',
          bands: [
            { from: '100', principalBp: 10001, interestBp: 0, costsBp: 0 },
            { from: '50', principalBp: 0, interestBp: 1.5, costsBp: 0 },
          ],
        },
        fees: { letter: '-1' },
        collectionCostsKeptBy: 'nobody',
        remittancePeriod: 'daily',
        payoutIban: 'BE68 5390 0754 7035',
        vat: { kind: 'reverse_charge', country: 'DE', vatNumber: 'DE136695970' },
      }),
    );
    expect('problems' in parsed && parsed.problems.map((p) => p.field)).toEqual([
      'terms.currency',
      'terms.commission.bands[0].principalBp',
      'terms.commission.bands[0].from',
      'terms.commission.bands[1].interestBp',
      'terms.commission.bands[1].from',
      'terms.fees.letter',
      'terms.collectionCostsKeptBy',
      'terms.remittancePeriod',
      'terms.payoutIban',
      'terms.vat.vatNumber',
    ]);
  });

  it('refuses reverse charge for a Belgian client, outside the EU, and a VAT number of another country', () => {
    const fields = (vat: AgreementTermsInput['vat']) => {
      const parsed = parseAgreementTerms(beTerms({ vat }));
      return 'problems' in parsed ? parsed.problems.map((p) => `${p.field}: ${p.reason}`) : [];
    };
    expect(fields({ kind: 'reverse_charge', country: 'BE', vatNumber: 'BE0403170701' })).toEqual([
      'terms.vat.country: is Belgium: a Belgian client is charged Belgian VAT (be_standard)',
    ]);
    expect(fields({ kind: 'reverse_charge', country: 'CH', vatNumber: null })).toEqual([
      'terms.vat.country: is not an EU member state',
      'terms.vat.vatNumber: is required for reverse charge (a business client)',
    ]);
    expect(fields({ kind: 'reverse_charge', country: 'NL', vatNumber: 'DE136695976' })).toEqual([
      'terms.vat.vatNumber: is a VAT number of DE, not NL',
    ]);
  });
});

const admin = { createdBy: 'admin' };
function approved(versions: Agreement[], input: { validFrom: string }, id: string, clientId = 'c1'): Agreement[] {
  const d = draftVersion(versions, { validFrom: input.validFrom, terms: beTerms() }, { id, clientId, ...admin });
  if ('problems' in d) throw new Error(JSON.stringify(d.problems));
  const decision = approveVersion([...versions, d.agreement], id, 'admin');
  if (!decision.ok) throw new Error(decision.reason);
  return [...versions.map((v) => (v.id === decision.closed?.id ? decision.closed : v)), decision.approved];
}

describe('versions', () => {
  it('a new version closes the one before on the day before it starts', () => {
    const v = approved(approved([], { validFrom: '2026-01-01' }, 'a1'), { validFrom: '2026-07-01' }, 'a2');
    expect(v.map((a) => [a.version, a.validFrom, a.validTo, a.status])).toEqual([
      [1, '2026-01-01', '2026-06-30', 'approved'],
      [2, '2026-07-01', null, 'approved'],
    ]);
    expect(agreementInForce(v, '2025-12-31')).toBeNull();
    expect(agreementInForce(v, '2026-06-30')?.id).toBe('a1');
    expect(agreementInForce(v, '2026-07-01')?.id).toBe('a2');
  });

  it('a draft is not in force, and one starting before the version in force is refused', () => {
    const v = approved([], { validFrom: '2026-03-01' }, 'a1');
    const early = draftVersion(v, { validFrom: '2026-03-01', terms: beTerms() }, { id: 'a2', clientId: 'c1', ...admin });
    expect('problems' in early && early.problems[0]?.field).toBe('input.validFrom');
    const draft = draftVersion(v, { validFrom: '2026-04-01', terms: beTerms() }, { id: 'a3', clientId: 'c1', ...admin });
    if ('problems' in draft) throw new Error('expected a draft');
    expect(agreementInForce([...v, draft.agreement], '2026-05-01')?.id).toBe('a1');
    expect(approveVersion([...v, draft.agreement], 'a1', 'admin')).toMatchObject({ ok: false, code: 'conflict' });
    expect(approveVersion(v, 'nope', 'admin')).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('on any day at most one version is in force, and it is the latest approved one started by then', () => {
    const day = fc.integer({ min: 0, max: 2000 }).map((n) => new Date(Date.UTC(2024, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(fc.uniqueArray(day, { minLength: 1, maxLength: 6 }), day, (starts, probe) => {
        const sorted = [...starts].sort();
        let versions: Agreement[] = [];
        sorted.forEach((s, i) => (versions = approved(versions, { validFrom: s }, `a${i}`)));
        const covering = versions.filter((a) => a.validFrom <= probe && (a.validTo === null || probe <= a.validTo));
        expect(covering.length).toBeLessThanOrEqual(1);
        const expected = sorted.filter((s) => s <= probe).pop();
        expect(agreementInForce(versions, probe)?.validFrom ?? null).toBe(expected ?? null);
      }),
    );
  });
});

describe('ratesFor', () => {
  const parsed = parseAgreementTerms(
    beTerms({
      commission: {
        tieredBy: 'claim_age_days',
        bands: [
          { from: '0', principalBp: 1000, interestBp: 1000, costsBp: 0 },
          { from: '180', principalBp: 2000, interestBp: 2000, costsBp: 0 },
          { from: '365', principalBp: 3000, interestBp: 3000, costsBp: 0 },
        ],
      },
    }),
  );
  if ('problems' in parsed) throw new Error('bad terms');
  const c = parsed.terms.commission;
  it('takes the band the claim’s age at placement falls in', () => {
    expect(ratesFor(c, { ageAtPlacementDays: 0, principalMinor: 1n }).principalBp).toBe(1000);
    expect(ratesFor(c, { ageAtPlacementDays: 179, principalMinor: 1n }).principalBp).toBe(1000);
    expect(ratesFor(c, { ageAtPlacementDays: 180, principalMinor: 1n }).principalBp).toBe(2000);
    expect(ratesFor(c, { ageAtPlacementDays: 4000, principalMinor: 1n }).principalBp).toBe(3000);
  });
  it('takes the first band when the claim is unknown', () => {
    expect(ratesFor(c, null).principalBp).toBe(1000);
  });
});

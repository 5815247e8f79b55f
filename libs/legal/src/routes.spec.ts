import fc from 'fast-check';
import { COURT_ROUTES, courtLanguage, courtRoute } from './routes';

const base = { contested: false, legalStop: false };

describe('court routes (#16 §2)', () => {
  it('an uncontested Belgian B2B claim goes by the bailiff’s summons to pay, whatever the amount (art. 1394/20)', () => {
    const a = courtRoute({ ...base, country: 'BE', debtorKind: 'business', principalMinor: 10_000_000n });
    expect(a.route?.id).toBe('BE-R-1');
    expect(a.route?.source).toMatch(/1394\/20/);
  });

  it('a contested Belgian B2B claim goes to a court: the justice of the peace up to €5,000, above it first instance', () => {
    expect(courtRoute({ ...base, contested: true, country: 'BE', debtorKind: 'business', principalMinor: 500_000n }).route?.id).toBe(
      'BE-R-2',
    );
    const above = courtRoute({ ...base, contested: true, country: 'BE', debtorKind: 'business', principalMinor: 500_001n });
    expect(above.route?.id).toBe('BE-R-3');
    expect(above.considered.find((c) => c.id === 'BE-R-2')?.reason).toMatch(/€5,000\.01 is above the limit of €5,000/);
  });

  it('a Belgian consumer claim never goes by the summons to pay; the justice of the peace within art. 590', () => {
    const a = courtRoute({ ...base, country: 'BE', debtorKind: 'consumer', principalMinor: 120_000n });
    expect(a.route?.id).toBe('BE-R-2');
    expect(a.route?.source).toMatch(/art\. 590/);
    expect(a.considered[0]).toEqual({ id: 'BE-R-1', fits: false, reason: 'not for a consumer debtor' });
  });

  it('the Netherlands: the kantonrechter up to €25,000 (art. 93 Rv), consumer purchase and credit whatever the amount', () => {
    expect(courtRoute({ ...base, country: 'NL', debtorKind: 'consumer', principalMinor: 2_500_000n }).route?.id).toBe('NL-R-1');
    expect(courtRoute({ ...base, country: 'NL', debtorKind: 'business', principalMinor: 2_500_001n }).route?.id).toBe('NL-R-2');
    expect(
      courtRoute({ ...base, country: 'NL', debtorKind: 'consumer', principalMinor: 9_000_000n, consumerSaleOrCredit: true }).route?.id,
    ).toBe('NL-R-1');
  });

  it('under a legal stop no route fits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('BE', 'NL'),
        fc.constantFrom('consumer', 'business'),
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        (country, kind, p) => {
          const a = courtRoute({ contested: false, legalStop: true, country, debtorKind: kind, principalMinor: p });
          expect(a.route).toBeNull();
        },
      ),
    );
  });

  it('every claim of a known jurisdiction has a route, within its limit, and every route names a source', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('BE', 'NL'),
        fc.constantFrom('consumer', 'business'),
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 10n ** 10n }),
        (country, kind, contested, p) => {
          const r = courtRoute({ legalStop: false, contested, country, debtorKind: kind, principalMinor: p }).route;
          expect(r).not.toBeNull();
          if (r!.limitMinor !== null) expect(p <= r!.limitMinor).toBe(true);
          if (r!.id === 'BE-R-1') expect(kind === 'business' && !contested).toBe(true);
        },
      ),
    );
    for (const r of COURT_ROUTES) expect(r.source.length).toBeGreaterThan(10);
  });

  it('the court’s language: nl in the Netherlands; in Belgium by region, Brussels the debtor’s nl or fr', () => {
    expect(courtLanguage('NL', '1011 AB', 'en')).toBe('nl');
    expect(courtLanguage('BE', '9000', 'fr')).toBe('nl');
    expect(courtLanguage('BE', '4000', 'nl')).toBe('fr');
    expect(courtLanguage('BE', '4700', 'fr')).toBe('de');
    expect(courtLanguage('BE', '1000', 'nl')).toBe('nl');
    expect(courtLanguage('BE', '1050', 'en')).toBe('fr');
    expect(courtLanguage('BE', '1348', 'nl')).toBe('fr');
  });
});

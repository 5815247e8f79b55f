import fc from 'fast-check';
import { ClientPortfolio, applyCaseFact, recoveryRateBp, visiblePortfolios } from './portfolio';

const p = (clientId: string, brandIds: string[]): ClientPortfolio => ({
  clientId,
  clientName: clientId,
  country: 'BE',
  brandIds,
  totals: [],
});

describe('visiblePortfolios', () => {
  const all = [p('c1', ['b1']), p('c2', ['b2', 'b3'])];
  it('shows a client user only its own client', () => {
    expect(
      visiblePortfolios({ subject: 'u', role: 'client_user', clientId: 'c2', brandIds: [], email: null }, all).map((x) => x.clientId),
    ).toEqual(['c2']);
  });
  it('shows an agent the clients of its brands', () => {
    expect(
      visiblePortfolios({ subject: 'u', role: 'agent', clientId: null, brandIds: ['b3'], email: null }, all).map((x) => x.clientId),
    ).toEqual(['c2']);
  });
  it('shows the agency everything', () => {
    expect(visiblePortfolios({ subject: 'u', role: 'agency_admin', clientId: null, brandIds: [], email: null }, all)).toHaveLength(2);
  });
});

describe('recoveryRateBp', () => {
  it('is collected over placed in basis points', () => {
    expect(recoveryRateBp({ placedMinor: 40000n, collectedMinor: 10000n })).toBe(2500);
    expect(recoveryRateBp({ placedMinor: 0n, collectedMinor: 0n })).toBe(0);
  });
});

describe('applyCaseFact', () => {
  const zero = { openCases: 0, placedMinor: 0n, collectedMinor: 0n, openMinor: 0n };

  it('follows a case from opening to closing', () => {
    let t = applyCaseFact(zero, { kind: 'opened' });
    t = applyCaseFact(t, { kind: 'claim_placed', principalMinor: 40000n });
    t = applyCaseFact(t, { kind: 'claim_placed', principalMinor: 12550n });
    t = applyCaseFact(t, { kind: 'claim_recalled', balanceMinor: 12550n });
    expect(t).toEqual({ openCases: 1, placedMinor: 52550n, collectedMinor: 0n, openMinor: 40000n });
    expect(applyCaseFact(t, { kind: 'closed', openMinor: 40000n })).toEqual({
      openCases: 0,
      placedMinor: 52550n,
      collectedMinor: 0n,
      openMinor: 0n,
    });
  });

  it('keeps open equal to placed minus recalled minus closed, to the cent', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }), fc.nat(), (claims, cut) => {
        let t = applyCaseFact(zero, { kind: 'opened' });
        for (const c of claims) t = applyCaseFact(t, { kind: 'claim_placed', principalMinor: c });
        const recalled = claims.slice(0, cut % claims.length);
        for (const c of recalled) t = applyCaseFact(t, { kind: 'claim_recalled', balanceMinor: c });
        const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
        expect(t.openMinor).toBe(sum(claims) - sum(recalled));
        expect(applyCaseFact(t, { kind: 'closed', openMinor: t.openMinor }).openMinor).toBe(0n);
      }),
    );
  });
});

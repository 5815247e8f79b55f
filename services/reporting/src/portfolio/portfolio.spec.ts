import fc from 'fast-check';
import type { Identity } from '@amicus/auth';
import {
  CaseFact,
  PortfolioCase,
  applyCaseFact,
  caseInScope,
  openedCase,
  portfolioScope,
  portfolioTotals,
  recoveryRateBp,
  visiblePortfolios,
} from './portfolio';

const who = (role: Identity['role'], clientId: string | null, brandIds: string[]): Identity => ({
  subject: 'u',
  role,
  clientId,
  brandIds,
  email: null,
});
const kase = (clientId: string, brandId: string | null, phase: PortfolioCase['phase']): PortfolioCase => ({
  ...openedCase({ caseId: `${clientId}-${phase}`, clientId, brandId, currency: 'EUR' }),
  phase,
});
const p = (clientId: string, brandIds: string[], cases: PortfolioCase[] = []) => ({ clientId, brandIds, cases });

describe('visiblePortfolios', () => {
  const all = [p('c1', ['b1'], [kase('c1', 'b1', 'amicable')]), p('c2', ['b2', 'b3'], [kase('c2', 'b3', 'legal')])];
  it('shows a client user only its own client', () => {
    expect(visiblePortfolios(who('client_user', 'c2', []), all).map((x) => x.clientId)).toEqual(['c2']);
  });
  it('shows an agent the clients of its brands', () => {
    expect(visiblePortfolios(who('agent', null, ['b3']), all).map((x) => x.clientId)).toEqual(['c2']);
  });
  it('shows legal staff only the clients with a case in a legal phase', () => {
    expect(visiblePortfolios(who('legal', null, []), all).map((x) => x.clientId)).toEqual(['c2']);
  });
  it('shows an agent of one brand nothing of its client’s other brands, legal staff only the brands of legal cases', () => {
    expect(visiblePortfolios(who('agent', null, ['b3']), all).map((x) => x.brandIds)).toEqual([['b3']]);
    expect(visiblePortfolios(who('legal', null, []), all).map((x) => x.brandIds)).toEqual([['b3']]);
    expect(visiblePortfolios(who('client_user', 'c2', []), all).map((x) => x.brandIds)).toEqual([['b2', 'b3']]);
  });
  it('shows the agency everything', () => {
    expect(visiblePortfolios(who('agency_admin', null, []), all)).toHaveLength(2);
  });
});

describe('caseInScope (the cases service rule)', () => {
  it('lets legal staff count the cases in legal review and legal only', () => {
    const legal = portfolioScope(who('legal', null, []));
    expect(
      (['placed', 'amicable', 'legal_review', 'legal', 'closed'] as const).filter((ph) => caseInScope(legal, kase('c', 'b', ph))),
    ).toEqual(['legal_review', 'legal']);
  });
  it('lets an agent count its brands’ cases only, never a case without a brand', () => {
    const agent = portfolioScope(who('agent', null, ['b1']));
    expect(caseInScope(agent, kase('c1', 'b1', 'amicable'))).toBe(true);
    expect(caseInScope(agent, kase('c1', 'b2', 'amicable'))).toBe(false);
    expect(caseInScope(agent, kase('c1', null, 'amicable'))).toBe(false);
  });
  it('lets a client user without a client count nothing', () => {
    expect(caseInScope(portfolioScope(who('client_user', null, [])), kase('c1', 'b1', 'amicable'))).toBe(false);
  });
});

describe('recoveryRateBp', () => {
  it('is principal collected over placed in basis points', () => {
    expect(recoveryRateBp({ placedMinor: 40000n, collectedPrincipalMinor: 10000n })).toBe(2500);
    expect(recoveryRateBp({ placedMinor: 0n, collectedPrincipalMinor: 0n })).toBe(0);
  });
});

describe('applyCaseFact', () => {
  const opened = openedCase({ caseId: 'k', clientId: 'c1', brandId: 'b1', currency: 'EUR' });
  const fold = (facts: CaseFact[]) => facts.reduce(applyCaseFact, opened);

  it('follows a case from opening to closing', () => {
    const t = fold([
      { kind: 'claim_placed', principalMinor: 40000n },
      { kind: 'claim_placed', principalMinor: 12550n },
      { kind: 'claim_recalled', balanceMinor: 12550n },
      { kind: 'collected', delta: { principalMinor: 10000n, interestMinor: 300n, costsMinor: 4000n } },
      { kind: 'phase_changed', to: 'amicable' },
    ]);
    expect(t).toMatchObject({ phase: 'amicable', placedMinor: 52550n, openMinor: 30000n, closed: false });
    const closed = applyCaseFact(t, { kind: 'closed', outcome: 'written_off' });
    expect(closed).toMatchObject({ phase: 'closed', closed: true, openMinor: 0n, closedOpenMinor: 30000n });
    expect(portfolioTotals([closed])).toEqual([
      {
        currency: 'EUR',
        openCases: 0,
        placedMinor: 52550n,
        collectedMinor: 14300n,
        collectedPrincipalMinor: 10000n,
        collectedInterestMinor: 300n,
        collectedCostsMinor: 4000n,
        openMinor: 0n,
        writtenOffMinor: 30000n,
        returnedMinor: 0n,
      },
    ]);
  });

  it('opens a paid case again when its payment is undone, with the principal undone open', () => {
    const paid = fold([
      { kind: 'claim_placed', principalMinor: 40000n },
      { kind: 'collected', delta: { principalMinor: 40000n, interestMinor: 0n, costsMinor: 0n } },
      { kind: 'closed', outcome: 'paid' },
    ]);
    const undone = [
      { kind: 'reopened' },
      { kind: 'collected', delta: { principalMinor: -40000n, interestMinor: 0n, costsMinor: 0n } },
      { kind: 'phase_changed', to: 'amicable' },
    ] as CaseFact[];
    expect(undone.reduce(applyCaseFact, paid)).toEqual(
      fold([
        { kind: 'claim_placed', principalMinor: 40000n },
        { kind: 'phase_changed', to: 'amicable' },
      ]),
    );
  });

  it('keeps open equal to placed minus taken back minus collected principal, to the cent, until it closes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 10n ** 12n }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.array(fc.bigInt({ min: -(10n ** 6n), max: 10n ** 9n }), { maxLength: 5 }),
        (claims, cut, payments) => {
          let t = opened;
          for (const c of claims) t = applyCaseFact(t, { kind: 'claim_placed', principalMinor: c });
          const recalled = claims.slice(0, cut % claims.length);
          for (const c of recalled) t = applyCaseFact(t, { kind: 'claim_recalled', balanceMinor: c });
          for (const m of payments)
            t = applyCaseFact(t, { kind: 'collected', delta: { principalMinor: m, interestMinor: 0n, costsMinor: 0n } });
          const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
          expect(t.openMinor).toBe(sum(claims) - sum(recalled) - sum(payments));
          expect(t.collected.principalMinor).toBe(sum(payments));
          const closed = applyCaseFact(t, { kind: 'closed', outcome: 'returned_to_client' });
          expect(closed.openMinor).toBe(0n);
          expect(portfolioTotals([closed])[0]!.returnedMinor).toBe(t.openMinor);
        },
      ),
    );
  });
});

import { ClientPortfolio, recoveryRateBp, visiblePortfolios } from './portfolio';

const p = (clientId: string, brandIds: string[]): ClientPortfolio => ({
  clientId,
  clientName: clientId,
  country: 'BE',
  brandIds,
  openCases: 0,
  placedMinor: 0n,
  collectedMinor: 0n,
  openMinor: 0n,
  currency: 'EUR',
});

describe('visiblePortfolios', () => {
  const all = [p('c1', ['b1']), p('c2', ['b2', 'b3'])];
  it('shows a client user only its own client', () => {
    expect(visiblePortfolios({ subject: 'u', role: 'client_user', clientId: 'c2', brandIds: [], email: null }, all).map((x) => x.clientId)).toEqual(['c2']);
  });
  it('shows an agent the clients of its brands', () => {
    expect(visiblePortfolios({ subject: 'u', role: 'agent', clientId: null, brandIds: ['b3'], email: null }, all).map((x) => x.clientId)).toEqual(['c2']);
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

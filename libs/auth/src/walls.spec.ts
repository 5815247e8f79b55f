import fc from 'fast-check';
import type { Identity } from './identity';
import {
  brandInWall,
  caseInWall,
  clientInWall,
  debtorWall,
  mayActForClient,
  mayReadCase,
  tenantWall,
  walledClientId,
  type CaseOwnership,
} from './walls';

const who = (role: Identity['role'], extra: Partial<Identity> = {}): Identity => ({
  subject: 'u1',
  role,
  clientId: null,
  brandIds: [],
  email: null,
  ...extra,
});
const PHASES = ['placed', 'amicable', 'legal_review', 'legal', 'closed'] as const;
const amicable: CaseOwnership = { caseId: 'k1', clientId: 'c1', brandId: 'b1', phase: 'amicable' };

describe('one rule per role', () => {
  it('the agency admin reads every case', () => {
    expect(mayReadCase(who('agency_admin'), amicable)).toBe(true);
  });
  it('a client user reads its own client’s cases only', () => {
    expect(mayReadCase(who('client_user', { clientId: 'c1' }), amicable)).toBe(true);
    expect(mayReadCase(who('client_user', { clientId: 'c2' }), amicable)).toBe(false);
  });
  it('an agent reads the cases of its brands only, not its client’s other brands', () => {
    expect(mayReadCase(who('agent', { brandIds: ['b1'] }), amicable)).toBe(true);
    expect(mayReadCase(who('agent', { brandIds: ['b2'] }), amicable)).toBe(false);
    expect(mayReadCase(who('agent', { brandIds: ['b1'] }), { ...amicable, brandId: null })).toBe(false);
  });
  it('legal staff read cases in legal review or legal only (an unknown phase is not legal)', () => {
    expect(PHASES.filter((phase) => mayReadCase(who('legal'), { ...amicable, phase }))).toEqual(['legal_review', 'legal']);
    expect(mayReadCase(who('legal'), { ...amicable, phase: null })).toBe(false);
  });
  it('a debtor reads its one case', () => {
    expect(caseInWall(debtorWall('k1'), amicable)).toBe(true);
    expect(caseInWall(debtorWall('k2'), amicable)).toBe(false);
    expect(caseInWall(debtorWall('k1'), { ...amicable, caseId: undefined })).toBe(false);
  });
});

describe('clients and brands listed', () => {
  const client = { clientId: 'c1', brandIds: ['b1', 'b2'], cases: [amicable] };
  it('legal staff see a client only when one of its cases is in a legal phase', () => {
    expect(clientInWall(tenantWall(who('legal')), client)).toBe(false);
    expect(clientInWall(tenantWall(who('legal')), { ...client, cases: [{ ...amicable, phase: 'legal' }] })).toBe(true);
  });
  it('an agent sees its brands’ clients, and of their brands only its own', () => {
    const wall = tenantWall(who('agent', { brandIds: ['b1'] }));
    expect(clientInWall(wall, client)).toBe(true);
    expect(brandInWall(wall, { brandId: 'b1', clientId: 'c1' })).toBe(true);
    expect(brandInWall(wall, { brandId: 'b2', clientId: 'c1' })).toBe(false);
  });
  it('a client user sees its client before it placed anything', () => {
    expect(clientInWall(tenantWall(who('client_user', { clientId: 'c1' })), { clientId: 'c1', brandIds: [] })).toBe(true);
  });
});

describe('a client’s money', () => {
  it('the admin and the client’s own users only', () => {
    expect(mayActForClient(who('agency_admin'), 'c1')).toBe(true);
    expect(mayActForClient(who('client_user', { clientId: 'c1' }), 'c1')).toBe(true);
    expect(mayActForClient(who('client_user', { clientId: 'c2' }), 'c1')).toBe(false);
    expect(mayActForClient(who('agent', { brandIds: ['b1'] }), 'c1')).toBe(false);
    expect(mayActForClient(who('legal'), 'c1')).toBe(false);
  });
  it('narrows a query to the client user’s own client, refuses another’s', () => {
    expect(walledClientId(who('client_user', { clientId: 'c1' }), null)).toBe('c1');
    expect(walledClientId(who('client_user', { clientId: 'c1' }), 'c2')).toBe(false);
    expect(walledClientId(who('agency_admin'), null)).toBe(null);
    expect(walledClientId(who('legal'), 'c1')).toBe(false);
  });
});

describe('the walls agree with each other', () => {
  const id: fc.Arbitrary<string> = fc.constantFrom('x1', 'x2', 'x3');
  const kase = fc.record({ caseId: id, clientId: id, brandId: fc.option(id, { nil: null }), phase: fc.constantFrom(...PHASES) });
  const identity = fc.oneof(
    fc.constant(who('agency_admin')),
    fc.constant(who('legal')),
    id.map((clientId) => who('client_user', { clientId })),
    fc.array(id, { maxLength: 2 }).map((brandIds) => who('agent', { brandIds })),
  );
  it('a caller who may read a case of a client also sees that client and that brand', () => {
    fc.assert(
      fc.property(identity, fc.array(kase, { maxLength: 6 }), (i, cases) => {
        const wall = tenantWall(i);
        for (const c of cases.filter((k) => caseInWall(wall, k))) {
          const mine = cases.filter((k) => k.clientId === c.clientId);
          const brandIds = [...new Set(mine.map((k) => k.brandId).filter((b): b is string => b !== null))];
          expect(clientInWall(wall, { clientId: c.clientId, brandIds, cases: mine })).toBe(true);
          if (c.brandId) expect(brandInWall(wall, { brandId: c.brandId, clientId: c.clientId, cases: mine })).toBe(true);
        }
      }),
    );
  });
});

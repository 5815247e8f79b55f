import type { Identity } from '@amicus/auth';
import { actorOf, caseScope, inScope, mayActForClient, tenantSettings } from './tenant';

const C1 = '11111111-1111-4111-8111-111111111111';
const B1 = '22222222-2222-4222-8222-222222222222';
const who = (role: Identity['role'], extra: Partial<Identity> = {}): Identity => ({
  subject: 'u1',
  role,
  clientId: null,
  brandIds: [],
  email: null,
  ...extra,
});
const aCase = { clientId: C1, brandId: B1, phase: 'amicable' };

describe('caseScope', () => {
  it('lets an admin see every case', () => {
    expect(inScope(caseScope(who('agency_admin')), aCase)).toBe(true);
  });
  it('limits a client user to its own client', () => {
    expect(inScope(caseScope(who('client_user', { clientId: C1 })), aCase)).toBe(true);
    expect(inScope(caseScope(who('client_user', { clientId: 'other' })), aCase)).toBe(false);
  });
  it('limits an agent to its brands', () => {
    expect(inScope(caseScope(who('agent', { brandIds: [B1] })), aCase)).toBe(true);
    expect(inScope(caseScope(who('agent', { brandIds: ['b9'] })), aCase)).toBe(false);
  });
  it('limits legal staff to cases in legal review or legal', () => {
    expect(inScope(caseScope(who('legal')), aCase)).toBe(false);
    expect(inScope(caseScope(who('legal')), { ...aCase, phase: 'legal_review' })).toBe(true);
    expect(inScope(caseScope(who('legal')), { ...aCase, phase: 'legal' })).toBe(true);
  });
});

describe('mayActForClient', () => {
  it('allows the admin and the client’s own users only', () => {
    expect(mayActForClient(who('agency_admin'), C1)).toBe(true);
    expect(mayActForClient(who('client_user', { clientId: C1 }), C1)).toBe(true);
    expect(mayActForClient(who('client_user', { clientId: 'x' }), C1)).toBe(false);
    expect(mayActForClient(who('agent', { brandIds: [B1] }), C1)).toBe(false);
  });
});

describe('tenantSettings', () => {
  it('drops anything that is not a uuid from the id lists', () => {
    const settings = tenantSettings(who('agent', { brandIds: [B1, "x') OR true --"] }));
    expect(settings['app.brand_ids']).toBe(B1);
    expect(settings['app.client_ids']).toBe('');
  });
});

describe('actorOf', () => {
  it('maps roles to lifecycle actors', () => {
    expect(actorOf(who('legal')).kind).toBe('legal_staff');
    expect(actorOf(who('client_user', { clientId: C1 }))).toEqual({ kind: 'client', id: 'u1', clientId: C1 });
  });
});

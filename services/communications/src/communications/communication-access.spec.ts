import type { Identity } from '@amicus/auth';
import { mayContact, mayRead } from './communication-access';

const owner = { caseId: 'case-a', clientId: 'client-a', brandId: 'brand-a', phase: 'amicable' };
const who = (role: Identity['role'], extra: Partial<Identity> = {}): Identity => ({
  subject: 'u1',
  role,
  clientId: null,
  brandIds: [],
  email: 'u@x.example',
  ...extra,
});

describe('who may read and contact a case', () => {
  it('lets an agent send only for the cases of its brands', () => {
    expect(mayContact(who('agent', { brandIds: ['brand-a'] }), owner)).toBe(true);
    expect(mayContact(who('agent', { brandIds: ['brand-b'] }), owner)).toBe(false);
  });
  it('lets a client user read its own client cases and never send', () => {
    expect(mayRead(who('client_user', { clientId: 'client-a' }), owner)).toBe(true);
    expect(mayRead(who('client_user', { clientId: 'client-b' }), owner)).toBe(false);
    expect(mayContact(who('client_user', { clientId: 'client-a' }), owner)).toBe(false);
  });
  it('lets legal staff read the cases in legal review or legal only, and never send', () => {
    expect(mayRead(who('legal'), owner)).toBe(false);
    expect(mayRead(who('legal'), { ...owner, phase: null })).toBe(false);
    expect(mayRead(who('legal'), { ...owner, phase: 'legal_review' })).toBe(true);
    expect(mayRead(who('legal'), { ...owner, phase: 'legal' })).toBe(true);
    expect(mayContact(who('legal'), { ...owner, phase: 'legal' })).toBe(false);
  });
});

import type { Identity } from '@amicus/auth';
import { mayContact, mayRead } from './communication-access';

const owner = { clientId: 'client-a', brandId: 'brand-a' };
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
  it('lets legal staff read but not send', () => {
    expect(mayRead(who('legal'), owner)).toBe(true);
    expect(mayContact(who('legal'), owner)).toBe(false);
  });
});

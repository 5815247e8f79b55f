import type { Identity } from '@amicus/auth';
import { agreementScope } from './agreement';

const who = (role: Identity['role'], clientId: string | null = null): Identity => ({
  subject: 'u',
  role,
  clientId,
  brandIds: ['b1'],
  email: null,
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

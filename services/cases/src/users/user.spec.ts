import fc from 'fast-check';
import { changedUser, checkNewUser, type User } from './user';

const agent: User = { id: 'u-1', email: 'a@agency.example', role: 'agent', clientId: null, brandIds: ['b-1'] };
const admin = { subject: 'admin-1' };

describe('a change of role or scope', () => {
  it('keeps what is not given, and drops what a new role may not have', () => {
    expect(changedUser(agent, { brandIds: ['b-2', 'b-2', 'b-3'] }, admin)).toEqual({ user: { ...agent, brandIds: ['b-2', 'b-3'] } });
    expect(changedUser(agent, { role: 'legal' }, admin)).toEqual({ user: { ...agent, role: 'legal', brandIds: [] } });
    expect(changedUser(agent, { role: 'client_user', clientId: 'c-1' }, admin)).toEqual({
      user: { ...agent, role: 'client_user', clientId: 'c-1', brandIds: [] },
    });
  });

  it('names the field that does not fit the role', () => {
    expect(changedUser(agent, { role: 'client_user' }, admin)).toEqual({
      problems: [{ field: 'input.clientId', reason: 'a client user belongs to a client' }],
    });
    expect(changedUser(agent, { clientId: 'c-1' }, admin)).toEqual({
      problems: [{ field: 'input.clientId', reason: 'only a client user belongs to a client' }],
    });
    expect(changedUser(agent, { role: 'boss' }, admin)).toMatchObject({ problems: [{ field: 'input.role' }] });
    const self: User = { ...agent, id: 'admin-1', role: 'agency_admin', brandIds: [] };
    expect(changedUser(self, { role: 'agent', brandIds: ['b-1'] }, admin)).toEqual({
      problems: [{ field: 'input.role', reason: 'an admin does not change its own role' }],
    });
  });

  it('always gives a user that a new user with the same scope would be (property)', () => {
    const role = fc.constantFrom('agency_admin', 'agent', 'legal', 'client_user', 'other');
    const change = fc.record(
      {
        role: fc.option(role, { nil: undefined }),
        clientId: fc.option(fc.constantFrom('c-1', null), { nil: undefined }),
        brandIds: fc.option(fc.array(fc.constantFrom('b-1', 'b-2')), { nil: undefined }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(change, (c) => {
        const result = changedUser(agent, c, admin);
        if ('user' in result) {
          const u = result.user;
          expect(
            checkNewUser({ email: u.email, password: 'long-enough-pass', role: u.role, clientId: u.clientId, brandIds: u.brandIds }),
          ).toEqual([]);
        } else expect(result.problems.length).toBeGreaterThan(0);
      }),
    );
  });
});

import { DomainError } from '@amicus/errors';
import { closeSettledCase, openCase, writeOffCase, type Actor, type CommandContext } from './case-lifecycle';

const at = new Date('2025-03-01T09:00:00Z');
const as = (actor: Actor): CommandContext => ({ actor, at, today: '2025-03-01' });
const system = as({ kind: 'system', id: 'settlements' });
const client = as({ kind: 'client', id: 'user-1', clientId: 'client-1' });
const balance = { amountMinor: 12_345n, currency: 'EUR' };
const opened = () =>
  openCase(
    { caseId: 'case-1', clientId: 'client-1', brandId: 'brand-1', debtorId: 'debtor-1', claimIds: ['claim-1'] },
    as({ kind: 'admin', id: 'a' }),
  ).state;
const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'no error';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('a client’s write-off', () => {
  it('closes its own case as written_off with its balance and reason, audited as write_off', () => {
    const d = writeOffCase(opened(), { reason: 'the debtor went bankrupt', balance }, client);
    expect(d.state.closure).toMatchObject({ outcome: 'written_off', reason: 'the debtor went bankrupt', balance });
    expect(d.events).toEqual([expect.objectContaining({ type: 'CaseClosed', outcome: 'written_off', balance })]);
    expect(d.audit).toMatchObject({ action: 'write_off', actor: { kind: 'client' }, reason: 'the debtor went bankrupt' });
  });

  it('is refused for another client’s case (not found), for agents and the system, without a reason, and on a closed case', () => {
    expect(codeOf(() => writeOffCase(opened(), { reason: 'x', balance }, as({ kind: 'client', id: 'u', clientId: 'client-2' })))).toBe(
      'not_found',
    );
    expect(codeOf(() => writeOffCase(opened(), { reason: 'x', balance }, as({ kind: 'agent', id: 'a' })))).toBe('forbidden');
    expect(codeOf(() => writeOffCase(opened(), { reason: 'x', balance }, system))).toBe('forbidden');
    expect(codeOf(() => writeOffCase(opened(), { reason: ' ', balance }, client))).toBe('invalid_input');
    const closed = writeOffCase(opened(), { reason: 'x', balance }, client).state;
    expect(codeOf(() => writeOffCase(closed, { reason: 'again', balance }, client))).toBe('conflict');
  });
});

describe('a settled case', () => {
  it('is closed by the system as settled, with what the settlement gave up as its balance; nobody else closes it so', () => {
    const d = closeSettledCase(opened(), { reason: 'settlement paid', balance }, system);
    expect(d.state.closure).toMatchObject({ outcome: 'settled', balance });
    expect(codeOf(() => closeSettledCase(opened(), { reason: 'x', balance }, client))).toBe('forbidden');
  });
});

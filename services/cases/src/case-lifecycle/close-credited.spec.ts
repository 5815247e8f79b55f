import { DomainError } from '@amicus/errors';
import { closeCase, closeCreditedCase, openCase, type Actor, type CommandContext } from './case-lifecycle';

const at = new Date('2025-03-01T09:00:00Z');
const as = (actor: Actor): CommandContext => ({ actor, at, today: '2025-03-01' });
const system = as({ kind: 'system', id: 'disputes' });
const opened = () =>
  openCase({ caseId: 'case-1', clientId: 'client-1', brandId: 'brand-1', debtorId: 'debtor-1', claimIds: ['claim-1'] }, system).state;
const codeOf = (run: () => unknown) => {
  try {
    run();
    return 'no error';
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
};

describe('a case its disputes credited in full', () => {
  it('is closed by the system as settled with nothing left, CaseClosed and its audit entry', () => {
    const d = closeCreditedCase(opened(), { reason: 'every open claim was credited', currency: 'EUR' }, system);
    expect(d.state).toMatchObject({ phase: 'closed', closure: { outcome: 'settled', balance: { amountMinor: 0n, currency: 'EUR' } } });
    expect(d.events).toEqual([expect.objectContaining({ type: 'CaseClosed', from: 'placed', outcome: 'settled' })]);
    expect(d.audit).toMatchObject({ action: 'close', actor: { kind: 'system' }, after: expect.objectContaining({ phase: 'closed' }) });
  });

  it('is the system’s doing only (closeCase keeps the system to paid), and not twice', () => {
    expect(codeOf(() => closeCreditedCase(opened(), { reason: 'x', currency: 'EUR' }, as({ kind: 'agent', id: 'a-1' })))).toBe('forbidden');
    expect(codeOf(() => closeCase(opened(), { outcome: 'settled', reason: 'credited' }, system))).toBe('forbidden');
    const closed = closeCreditedCase(opened(), { reason: 'credited', currency: 'EUR' }, system).state;
    expect(codeOf(() => closeCreditedCase(closed, { reason: 'again', currency: 'EUR' }, system))).toBe('conflict');
  });
});

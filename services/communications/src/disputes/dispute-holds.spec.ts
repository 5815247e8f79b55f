import { afterResolution, holdOnDispute } from './dispute-holds';

describe('what a dispute does to the queued requests of its case', () => {
  const amounts = { principalMinor: '75000', totalMinor: '80000' };

  it('holds a request that states amounts (they count the disputed claim) until the dispute is resolved', () => {
    expect(holdOnDispute({ kind: 'first_reminder', amounts, refusalCode: null }, ['INV-1'])).toMatchObject({
      code: 'dispute_open',
      waitsFor: 'dispute_resolved',
      rule: 'AMICUS-DISPUTE',
      reason: expect.stringMatching(/INV-1/),
    });
    expect(holdOnDispute({ kind: 'formal_notice', amounts, refusalCode: 'on_hold' }, ['INV-1'])?.waitsFor).toBe('dispute_resolved');
  });

  it('leaves alone what states no amounts (the acknowledgement itself) and what a dispute already holds', () => {
    expect(holdOnDispute({ kind: 'dispute_acknowledgement', amounts: null, refusalCode: null }, ['INV-1'])).toBeUndefined();
    expect(holdOnDispute({ kind: 'first_reminder', amounts, refusalCode: 'dispute_open' }, ['INV-2'])).toBeUndefined();
  });

  it('decides a held request again when the dispute is rejected, and cancels it for good when credit was given', () => {
    expect(afterResolution('rejected', ['INV-1'])).toBe('wake');
    for (const outcome of ['upheld', 'partly_upheld'])
      expect(afterResolution(outcome, ['INV-1'])).toMatchObject({
        code: 'dispute_open',
        waitsFor: 'nothing',
        reason: expect.stringMatching(/credited/),
      });
  });
});

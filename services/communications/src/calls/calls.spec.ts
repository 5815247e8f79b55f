import fc from 'fast-check';
import { CallInput, callsToContactHistory, decideCall, logCall, mergeContactHistory, CALL_OUTCOMES, LoggedCall } from './calls';
import { decideSend, LegalContactCheck } from '../contact-rules/contact-rules';

const NOW = new Date('2024-05-02T10:00:00Z');
/** The debtor's zone: a promise's due date is a calendar date there. */
const ZONE = 'Europe/Brussels';

function input(overrides: Partial<CallInput> = {}): CallInput {
  return {
    caseId: 'case-1',
    agentId: 'agent-7',
    number: '+32470123456',
    direction: 'outbound',
    outcome: 'reached',
    startedAt: new Date('2024-05-02T09:55:00Z'),
    durationSeconds: 240,
    ...overrides,
  };
}

const fieldsOf = (result: ReturnType<typeof logCall>) => (result.ok ? [] : result.errors.map((e) => e.field));

describe('logCall', () => {
  it('logs a reached call with no follow-up', () => {
    const result = logCall(input({ notes: '  debtor will check with partner ' }), NOW, ZONE);
    expect(result).toMatchObject({
      ok: true,
      call: { number: '+32470123456', outcome: 'reached', notes: 'debtor will check with partner' },
      followUps: [],
    });
  });

  it('refuses a number not in E.164 form', () => {
    expect(fieldsOf(logCall(input({ number: '0470 12 34 56' }), NOW, ZONE))).toEqual(['number']);
  });

  it('refuses an unknown direction or outcome, naming each field', () => {
    expect(fieldsOf(logCall(input({ direction: 'sideways', outcome: 'maybe' }), NOW, ZONE))).toEqual(['direction', 'outcome']);
  });

  it('requires a call-back time in the future for call_back', () => {
    expect(fieldsOf(logCall(input({ outcome: 'call_back' }), NOW, ZONE))).toEqual(['callBackAt']);
    expect(logCall(input({ outcome: 'call_back', callBackAt: new Date('2024-05-02T09:00:00Z') }), NOW, ZONE)).toMatchObject({
      ok: false,
      errors: [{ field: 'callBackAt', reason: 'must be in the future' }],
    });
    const at = new Date('2024-05-03T08:00:00Z');
    expect(logCall(input({ outcome: 'call_back', callBackAt: at }), NOW, ZONE)).toMatchObject({
      ok: true,
      followUps: [{ type: 'call_back', at }],
    });
  });

  it('requires an amount and a due date for a promise to pay, and passes the promise on', () => {
    expect(fieldsOf(logCall(input({ outcome: 'promise_to_pay' }), NOW, ZONE))).toEqual(['promise']);
    expect(
      fieldsOf(
        logCall(
          input({ outcome: 'promise_to_pay', promise: { amount: { amountMinor: 0n, currency: 'eur' }, dueDate: '2024-02-30' } }),
          NOW,
          ZONE,
        ),
      ),
    ).toEqual(['promise.amount', 'promise.amount.currency', 'promise.dueDate']);
    const promise = { amount: { amountMinor: 12_500n, currency: 'EUR' }, dueDate: '2024-05-15' };
    expect(logCall(input({ outcome: 'promise_to_pay', promise }), NOW, ZONE)).toMatchObject({
      ok: true,
      followUps: [{ type: 'promise_to_pay', amount: { amountMinor: 12_500n, currency: 'EUR' }, dueDate: '2024-05-15' }],
    });
  });

  it('refuses a promise due before today in the debtor’s time zone, and accepts today', () => {
    const lateEvening = new Date('2024-05-02T22:30:00Z'); // already 3 May in Brussels
    const promise = (dueDate: string) => ({ amount: { amountMinor: 100n, currency: 'EUR' }, dueDate });
    expect(fieldsOf(logCall(input({ outcome: 'promise_to_pay', promise: promise('2024-05-02') }), lateEvening, 'Europe/Brussels'))).toEqual(
      ['promise.dueDate'],
    );
    expect(logCall(input({ outcome: 'promise_to_pay', promise: promise('2024-05-03') }), lateEvening, 'Europe/Brussels').ok).toBe(true);
  });

  it('refuses a call-back time or promise on an outcome that has none', () => {
    expect(
      fieldsOf(
        logCall(
          input({
            callBackAt: new Date('2024-05-03T08:00:00Z'),
            promise: { amount: { amountMinor: 1n, currency: 'EUR' }, dueDate: '2024-05-10' },
          }),
          NOW,
          ZONE,
        ),
      ),
    ).toEqual(['callBackAt', 'promise']);
  });

  it('refuses a call logged as starting in the future', () => {
    expect(fieldsOf(logCall(input({ startedAt: new Date('2024-05-02T11:00:00Z') }), NOW, ZONE))).toEqual(['startedAt']);
  });

  it('asks to flag a wrong number and to open a dispute', () => {
    expect(logCall(input({ outcome: 'wrong_number' }), NOW, ZONE)).toMatchObject({
      ok: true,
      followUps: [{ type: 'wrong_number', number: '+32470123456' }],
    });
    expect(logCall(input({ outcome: 'dispute_raised', direction: 'inbound' }), NOW, ZONE)).toMatchObject({
      ok: true,
      followUps: [{ type: 'dispute_raised' }],
    });
  });

  it('never accepts a call whose outcome needs details it lacks', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CALL_OUTCOMES), fc.boolean(), fc.boolean(), (outcome, withCallBack, withPromise) => {
        const result = logCall(
          input({
            outcome,
            callBackAt: withCallBack ? new Date('2024-05-03T08:00:00Z') : undefined,
            promise: withPromise ? { amount: { amountMinor: 100n, currency: 'EUR' }, dueDate: '2024-05-10' } : undefined,
          }),
          NOW,
          ZONE,
        );
        expect(result.ok).toBe(withCallBack === (outcome === 'call_back') && withPromise === (outcome === 'promise_to_pay'));
      }),
    );
  });
});

describe('calls in the contact history', () => {
  const calls: LoggedCall[] = [
    {
      caseId: 'c',
      agentId: 'a',
      number: '+32470123456',
      direction: 'outbound',
      outcome: 'no_answer',
      startedAt: new Date('2024-04-30T09:00:00Z'),
    },
    {
      caseId: 'c',
      agentId: 'a',
      number: '+32470123456',
      direction: 'inbound',
      outcome: 'reached',
      startedAt: new Date('2024-04-29T09:00:00Z'),
    },
  ];

  it('turns each logged call into a phone contact with its direction and outcome', () => {
    expect(callsToContactHistory(calls)).toEqual([
      { channel: 'phone', at: new Date('2024-04-30T09:00:00Z'), direction: 'outbound', kind: 'call', outcome: 'no_answer' },
      { channel: 'phone', at: new Date('2024-04-29T09:00:00Z'), direction: 'inbound', kind: 'call', outcome: 'reached' },
    ]);
  });

  it('merges communications and calls oldest first', () => {
    const merged = mergeContactHistory(
      [{ channel: 'email', at: new Date('2024-04-29T12:00:00Z'), direction: 'outbound', kind: 'reminder' }],
      callsToContactHistory(calls),
    );
    expect(merged.map((h) => h.channel + '@' + h.at.toISOString().slice(0, 13))).toEqual([
      'phone@2024-04-29T09',
      'email@2024-04-29T12',
      'phone@2024-04-30T09',
    ]);
  });

  it('makes logged calls count towards a frequency limit on the next message', () => {
    const twoOutboundPerWeek: LegalContactCheck = (input) => {
      const outbound = input.history.filter((h) => h.direction === 'outbound').length;
      return outbound >= 2
        ? { allowed: false, rule: 'FREQ', source: 'test', reason: 'two contacts a week', earliestAt: '2024-05-07T09:00:00Z' }
        : { allowed: true, rule: 'FREQ', source: 'test', reason: 'ok' };
    };
    const email = [
      { channel: 'email' as const, at: new Date('2024-04-29T12:00:00Z'), direction: 'outbound' as const, kind: 'reminder' as const },
    ];
    const request = (history: ReturnType<typeof mergeContactHistory>) =>
      decideSend({
        debtor: { preferredChannel: 'email', channelsOrder: [], language: 'nl', optOuts: [], contacts: { email: 'jan@example.org' } },
        case: { disputeOpen: false, paymentPlanKept: false },
        brand: { languages: ['nl'] },
        channel: 'email',
        kind: 'reminder',
        now: NOW,
        history,
        legalCheck: twoOutboundPerWeek,
      });
    expect(request(email).allowed).toBe(true);
    expect(request(mergeContactHistory(email, callsToContactHistory(calls)))).toMatchObject({ allowed: false, rule: 'FREQ' });
  });
});

describe('decideCall', () => {
  const allow: LegalContactCheck = () => ({ allowed: true, rule: 'BE-A-4', source: 'CEL', reason: 'ok' });

  it('refuses collection calls while a dispute is open, without asking the legal engine', () => {
    const legalCheck = jest.fn(allow);
    expect(decideCall({ case: { disputeOpen: true }, now: NOW, history: [], legalCheck })).toMatchObject({
      allowed: false,
      code: 'dispute_open',
    });
    expect(legalCheck).not.toHaveBeenCalled();
  });

  it('asks the legal engine about a phone call now and passes on when it may call', () => {
    const legalCheck = jest.fn<ReturnType<LegalContactCheck>, Parameters<LegalContactCheck>>(() => ({
      allowed: false,
      rule: 'BE-A-4',
      source: 'CEL XIX',
      reason: 'no calls 22:00–08:00',
      earliestAt: '2024-05-03T06:00:00Z',
    }));
    const decision = decideCall({
      case: { disputeOpen: false },
      now: NOW,
      history: [],
      country: 'BE',
      timeZone: 'Europe/Brussels',
      legalCheck,
    });
    expect(decision).toMatchObject({
      allowed: false,
      code: 'legally_refused',
      rule: 'BE-A-4',
      notBefore: new Date('2024-05-03T06:00:00Z'),
    });
    expect(legalCheck.mock.calls[0][0]).toMatchObject({ channel: 'phone', kind: 'call', at: NOW, country: 'BE' });
  });
});

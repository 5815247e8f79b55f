import fc from 'fast-check';
import {
  DELIVERY_STATUSES,
  DeliveryState,
  DeliveryStatus,
  ReceiptStatus,
  applyReceipt,
  canTransition,
  isTerminal,
  recordCancellation,
  recordRefusal,
  recordSendAttempt,
  requested,
  scheduledFor,
  transition,
} from './delivery-status';

const t0 = new Date('2024-05-02T09:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function must(result: ReturnType<typeof transition>): DeliveryState {
  if (!result.ok) throw result.error;
  return result.state;
}

describe('delivery status transitions', () => {
  it('follows requested -> sent -> delivered and keeps every step in the history', () => {
    let state = requested(t0);
    state = must(transition(state, 'sent', at(1), 'accepted by relay, Message-ID <a@b>'));
    state = applyReceipt(state, 'delivered', at(2), 'provider receipt SM1');
    expect(state.status).toBe('delivered');
    expect(state.history.map((h) => [h.status, h.at])).toEqual([
      ['requested', t0],
      ['sent', at(1)],
      ['delivered', at(2)],
    ]);
  });

  it('rejects delivered -> sent from our own use case', () => {
    const delivered = applyReceipt(must(transition(requested(t0), 'sent', at(1), 'ok')), 'delivered', at(2), 'ok');
    const result = transition(delivered, 'sent', at(3), 'again');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toBe('delivery status cannot go from delivered to sent');
  });

  it('ignores a late sent receipt after delivered but records it', () => {
    const delivered = applyReceipt(must(transition(requested(t0), 'sent', at(1), 'ok')), 'delivered', at(2), 'SM1 delivered');
    const after = applyReceipt(delivered, 'sent', at(3), 'SM1 sent');
    expect(after.status).toBe('delivered');
    expect(after.history.at(-1)).toMatchObject({ status: 'sent', at: at(3), ignored: true });
  });

  it('records a duplicate receipt as ignored', () => {
    const sent = must(transition(requested(t0), 'sent', at(1), 'ok'));
    const once = applyReceipt(sent, 'delivered', at(2), 'SM1');
    const twice = applyReceipt(once, 'delivered', at(3), 'SM1 again');
    expect(twice.status).toBe('delivered');
    expect(twice.history.at(-1)?.detail).toContain('duplicate receipt');
  });

  it('accepts a mailbox bounce after a delivery report', () => {
    const delivered = applyReceipt(must(transition(requested(t0), 'sent', at(1), 'ok')), 'delivered', at(2), 'relay delivered');
    expect(applyReceipt(delivered, 'bounced', at(60), 'DSN 5.2.2 mailbox full').status).toBe('bounced');
  });

  it('takes a delivered receipt for a message we had not yet marked sent', () => {
    expect(applyReceipt(requested(t0), 'delivered', at(1), 'SM1').status).toBe('delivered');
  });

  it('keeps the moment a scheduled communication may go', () => {
    const scheduled = must(transition(requested(t0), 'scheduled', at(0), 'outside contact window', at(600)));
    expect(scheduledFor(scheduled)).toEqual(at(600));
    expect(scheduledFor(must(transition(scheduled, 'requested', at(600), 'due')))).toBeUndefined();
  });

  it('refuses to schedule without the moment it may go', () => {
    expect(() => transition(requested(t0), 'scheduled', t0, 'later')).toThrow(/notBefore/);
  });

  it('cancels a communication not sent yet with the refusal that ended it; one that left cannot be cancelled', () => {
    const refusal = { code: 'case_closed', reason: 'the case is closed (paid)', rule: 'AMICUS-CLOSED', waitsFor: 'nothing' };
    const scheduled = must(transition(requested(t0), 'scheduled', at(0), 'outside contact window', at(600)));
    const cancelled = must(recordCancellation(scheduled, refusal, at(5)));
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.history.at(-1)).toEqual({
      status: 'cancelled',
      at: at(5),
      detail: 'cancelled (case_closed): the case is closed (paid)',
      rule: 'AMICUS-CLOSED',
    });
    expect(must(recordCancellation(requested(t0), refusal, at(1))).status).toBe('cancelled');
    const sent = must(transition(requested(t0), 'sent', at(1), 'ok'));
    expect(recordCancellation(sent, refusal, at(2))).toMatchObject({ ok: false, error: { from: 'sent', to: 'cancelled' } });
    expect(applyReceipt(cancelled, 'delivered', at(9), 'late').status).toBe('cancelled');
  });
});

type Event = { kind: 'transition'; to: DeliveryStatus } | { kind: 'receipt'; status: ReceiptStatus };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  fc.constantFrom(...DELIVERY_STATUSES).map((to) => ({ kind: 'transition' as const, to })),
  fc.constantFrom<ReceiptStatus>('sent', 'delivered', 'failed', 'bounced').map((status) => ({ kind: 'receipt' as const, status })),
);

function run(events: Event[]): DeliveryState[] {
  const states = [requested(t0)];
  events.forEach((event, i) => {
    const current = states[states.length - 1];
    if (event.kind === 'receipt') {
      states.push(applyReceipt(current, event.status, at(i + 1), 'receipt'));
    } else {
      const result = transition(current, event.to, at(i + 1), 'use case', event.to === 'scheduled' ? at(i + 100) : undefined);
      states.push(result.ok ? result.state : current);
    }
  });
  return states;
}

const progress: Record<DeliveryStatus, number> = { requested: 0, scheduled: 0, sent: 1, delivered: 2, failed: 3, bounced: 3, cancelled: 3 };

describe('delivery status properties', () => {
  it('never leaves failed, bounced or cancelled, whatever arrives afterwards', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const states = run(events);
        const firstTerminal = states.findIndex((s) => isTerminal(s.status));
        if (firstTerminal >= 0) {
          const terminal = states[firstTerminal].status;
          expect(states.slice(firstTerminal).every((s) => s.status === terminal)).toBe(true);
        }
      }),
    );
  });

  it('leaves delivered only for bounced', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const states = run(events);
        for (let i = 1; i < states.length; i++) {
          if (states[i - 1].status === 'delivered' && states[i].status !== 'delivered') {
            expect(states[i].status).toBe('bounced');
          }
        }
      }),
    );
  });

  it('never goes backwards once the message has left', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const states = run(events);
        for (let i = 1; i < states.length; i++) {
          if (progress[states[i - 1].status] >= 1) {
            expect(progress[states[i].status]).toBeGreaterThanOrEqual(progress[states[i - 1].status]);
          }
        }
      }),
    );
  });

  it('records every receipt, applied or ignored, and the status is the last applied entry', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const states = run(events);
        const final = states[states.length - 1];
        const receipts = events.filter((e) => e.kind === 'receipt').length;
        const accepted = states.slice(1).filter((s, i) => events[i].kind === 'transition' && s !== states[i]).length;
        expect(final.history.length).toBe(1 + receipts + accepted);
        const lastApplied = [...final.history].reverse().find((h) => !h.ignored);
        expect(lastApplied?.status).toBe(final.status);
      }),
    );
  });

  it('only makes moves the transition table allows', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 30 }), (events) => {
        const states = run(events);
        for (let i = 1; i < states.length; i++) {
          const [from, to] = [states[i - 1].status, states[i].status];
          if (from !== to) expect(canTransition(from, to) || (from === 'requested' && to === 'delivered')).toBe(true);
        }
      }),
    );
  });
});

describe('recording refusals and send attempts', () => {
  it('schedules a refused send at the moment it may go, with its rule', () => {
    const result = recordRefusal(
      requested(t0),
      { code: 'legally_refused', reason: 'outside 08:00–22:00', rule: 'BE-A-4', notBefore: at(600), waitsFor: 'time' },
      t0,
    );
    expect(result.ok && result.state.history.at(-1)).toMatchObject({
      status: 'scheduled',
      notBefore: at(600),
      rule: 'BE-A-4',
      waitsFor: 'time',
    });
    expect(result.ok && scheduledFor(result.state)).toEqual(at(600));
  });

  it('schedules a send refused during a dispute to wait for its resolution', () => {
    const result = recordRefusal(requested(t0), { code: 'dispute_open', reason: 'dispute', waitsFor: 'dispute_resolved' }, t0);
    expect(result.ok && result.state.history.at(-1)).toMatchObject({ status: 'scheduled', waitsFor: 'dispute_resolved' });
    expect(result.ok && scheduledFor(result.state)).toBeUndefined();
  });

  it('records an accepted attempt as sent with the provider id', () => {
    const result = recordSendAttempt(requested(t0), { ok: true, providerMessageId: 'SM1', acceptedAt: at(1) }, at(1));
    expect(result.ok && result.state.history.at(-1)).toMatchObject({
      status: 'sent',
      at: at(1),
      detail: 'accepted by the provider as SM1',
    });
  });

  it('schedules a retried failure, bounces a refused address, and fails a given-up channel naming the fallback', () => {
    const failure = { ok: false as const, retryable: true, bounced: false, message: 'SMTP 451' };
    const retried = recordSendAttempt(requested(t0), failure, at(1), { action: 'retry', at: at(5), reason: 'attempt 1 of 4' });
    expect(retried.ok && scheduledFor(retried.state)).toEqual(at(5));

    const bounced = recordSendAttempt(requested(t0), { ok: false, retryable: false, bounced: true, message: 'SMTP 550' }, at(1), {
      action: 'fallback',
      channel: 'sms',
      reason: 'x',
    });
    expect(bounced.ok && [bounced.state.status, bounced.state.history.at(-1)?.detail]).toEqual(['bounced', 'SMTP 550; continues on sms']);

    const failed = recordSendAttempt(requested(t0), failure, at(1), { action: 'give_up', reason: 'no channel left' });
    expect(failed.ok && failed.state.status).toBe('failed');
  });

  it('refuses to record an attempt on a communication that already left', () => {
    const sent = must(transition(requested(t0), 'sent', at(1), 'ok'));
    expect(recordSendAttempt(sent, { ok: true, providerMessageId: 'SM2', acceptedAt: at(2) }, at(2)).ok).toBe(false);
  });
});

import { createEvent, InstalmentDue, InstalmentMissed, PaymentPlanAgreed, PaymentPlanCompleted, PromiseMade } from '@amicus/events';
import { paymentReferenceFor } from '@amicus/payment-references';
import { defaultTemplate } from '../templates/default-templates/default-templates';
import { renderTemplate } from '../templates/template-rendering';
import { SAMPLE_CONTEXT } from '../templates/template-variables';
import { completionOf, confirmationOf, missedNoticeOf, promiseConfirmationOf, reminderOf, withPlan } from './plan-notices';

const caseId = '0193c0de-0000-7000-8000-000000000002';
const clientId = '0193c0de-0000-7000-8000-000000000003';
const planId = '0193c0de-0000-7000-8000-000000000009';
const base = { aggregateId: caseId, clientId, correlationId: 'corr-1' };

const agreed = createEvent(PaymentPlanAgreed, {
  ...base,
  payload: {
    planId,
    caseId,
    clientId,
    brandId: '0193c0de-0000-7000-8000-000000000004',
    currency: 'EUR',
    totalMinor: '30001',
    instalments: [
      { seq: 1, dueOn: '2026-01-10', amountMinor: '10001', downPayment: false },
      { seq: 2, dueOn: '2026-02-10', amountMinor: '10000', downPayment: false },
      { seq: 3, dueOn: '2026-03-10', amountMinor: '10000', downPayment: false },
    ],
    graceDays: 5,
    agreement: 'within_limits',
    proposedBy: 'agent:a-1',
    actor: 'agent:a-1',
    referenceNumber: '9000000007',
  },
});

describe("a payment plan's communications", () => {
  it("confirms the plan once, under the plan's own id, with its schedule, its total and its first instalment to pay now", () => {
    const r = confirmationOf(agreed);
    expect(r).toMatchObject({
      requestId: planId,
      caseId,
      kind: 'payment_plan_confirmation',
      channel: 'preferred',
      requestedBy: `payment_plan:${planId}`,
      amounts: { totalMinor: '30001', paidMinor: '0', currency: 'EUR' },
      details: { referenceNumber: '9000000007', dueOn: '2026-01-10', payNowMinor: '10001', graceDays: 5 },
    });
    expect(r.details.instalments.map((i) => i.seq)).toEqual([1, 2, 3]);
    // A second delivery of the same event asks for the same request (communications keeps one per request id).
    expect(confirmationOf(JSON.parse(JSON.stringify(agreed)))).toEqual(r);
  });

  it("prints the instalments as the statement's lines and the plan's reference, in the debtor's language", () => {
    const reference = paymentReferenceFor('BE', 9_000_000_007n).formatted;
    const r = confirmationOf(agreed);
    const context = withPlan(
      { ...SAMPLE_CONTEXT, amounts: { ...SAMPLE_CONTEXT.amounts, total: { amountMinor: 30001n, currency: 'EUR' } } },
      r.details,
      'nl',
      reference,
    );
    expect(context.payment.reference).toBe('+++900/0000/00722+++');
    expect(context.amounts.breakdown.map((l) => [l.label, l.explanation, l.amount.amountMinor])).toEqual([
      ['Afbetaling 1', '10/01/2026', 10001n],
      ['Afbetaling 2', '10/02/2026', 10000n],
      ['Afbetaling 3', '10/03/2026', 10000n],
    ]);
    const html = renderTemplate(defaultTemplate('payment_plan_confirmation', 'nl', 'letter').html, context, {
      mode: 'html',
      language: 'nl',
      locale: 'nl-BE',
    });
    expect(html).toContain('Afbetaling 3');
    expect(html).toContain('+++900/0000/00722+++');
  });

  it('reminds of an instalment with what is still to pay of it, by its date, once per plan and instalment whatever the event id', () => {
    const due = createEvent(InstalmentDue, {
      ...base,
      payload: {
        planId,
        caseId,
        clientId,
        seq: 2,
        dueOn: '2026-02-10',
        amountMinor: '10000',
        openMinor: '2500',
        currency: 'EUR',
        referenceNumber: '9000000007',
      },
    });
    expect(reminderOf({ ...due, id: crypto.randomUUID() }).requestId).toBe(reminderOf(due).requestId);
    expect(reminderOf({ ...due, payload: { ...due.payload, seq: 3 } }).requestId).not.toBe(reminderOf(due).requestId);
    expect(reminderOf(due)).toMatchObject({
      kind: 'instalment_reminder',
      amounts: { totalMinor: '2500', paidMinor: '7500' },
      details: { dueOn: '2026-02-10', payNowMinor: '2500', referenceNumber: '9000000007' },
    });
  });

  it("tells of an instalment missed with its unpaid part, under the case's own reference (the plan has ended)", () => {
    const missed = createEvent(InstalmentMissed, {
      ...base,
      payload: { planId, caseId, seq: 1, dueOn: '2026-01-10', amountMinor: '10001', paidMinor: '1', currency: 'EUR', graceDays: 5 },
    });
    expect(missedNoticeOf({ ...missed, id: crypto.randomUUID() }).requestId).toBe(missedNoticeOf(missed).requestId);
    expect(missedNoticeOf(missed)).toMatchObject({
      kind: 'instalment_missed',
      amounts: { totalMinor: '10000' },
      details: { referenceNumber: null, graceDays: 5, dueOn: '2026-01-10' },
    });
    const completed = createEvent(PaymentPlanCompleted, {
      ...base,
      payload: { planId, caseId, paidMinor: '30001', currency: 'EUR', completedOn: '2026-03-09' },
    });
    expect(completionOf(completed)).toMatchObject({
      kind: 'payment_plan_completed',
      amounts: { totalMinor: '0', paidMinor: '30001' },
      details: { payNowMinor: '0', instalments: [] },
    });
  });

  it('confirms a promise once, under its own id, with the amount promised by its day', () => {
    const promiseId = '0193c0de-0000-7000-8000-00000000000a';
    const made = createEvent(PromiseMade, {
      ...base,
      payload: {
        promiseId,
        caseId,
        clientId,
        brandId: '0193c0de-0000-7000-8000-000000000004',
        amountMinor: '15000',
        currency: 'EUR',
        dueOn: '2026-01-20',
        source: 'call',
        replaces: null,
        actor: 'system:call:c-1',
      },
    });
    const r = promiseConfirmationOf(made);
    expect(r).toMatchObject({
      requestId: promiseId,
      kind: 'promise_confirmation',
      requestedBy: `promise:${promiseId}`,
      amounts: { totalMinor: '15000' },
      details: { dueOn: '2026-01-20', payNowMinor: '15000', referenceNumber: null, instalments: [] },
    });
    const context = withPlan(SAMPLE_CONTEXT, r.details, 'en', null);
    expect(context.term.endDate).toBe('2026-01-20');
    expect(context.payment.reference).toBe(SAMPLE_CONTEXT.payment.reference);
  });
});

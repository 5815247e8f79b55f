/**
 * What communications tells a debtor of its payment plan (cases' plan events), as plain values:
 * - PaymentPlanAgreed → `payment_plan_confirmation`: the schedule, the plan's own reference;
 * - InstalmentDue (cases' tick, 3 days before an instalment not yet covered) → `instalment_reminder`;
 * - InstalmentMissed (the plan broken) → `instalment_missed`;
 * - PaymentPlanCompleted → `payment_plan_completed`;
 * - PromiseMade (to an agent, on a call, on the page) → `promise_confirmation`: the amount and the day.
 * Each once per fact, however often and under whichever id an event announces it: the request id
 * is the plan's id for its confirmation, and a name-based id of the plan and the instalment for
 * the others (communications keeps one communication per request id).
 *
 * The communication keeps what its letter needs of the plan (`PlanNotice`), and the template
 * context is adjusted to it (`withPlan`): the instalments as the statement's lines, the day that
 * matters as the term's end, the amount to pay now as the total, the plan's own reference.
 */
import type { CalendarDate } from '@amicus/calendar';
import { uuidV5 } from '@amicus/ids';
import type {
  EventEnvelope,
  InstalmentDueV1,
  InstalmentMissedV1,
  PaymentPlanAgreedV1,
  PaymentPlanCompletedV1,
  PromiseMadeV1,
} from '@amicus/events';
import type { StatementAmounts } from '../communication-context/communication-context';
import type { CommunicationRequest } from '../communications/communication';
import type { TemplateLanguage } from '../templates/template-kinds';
import type { TemplateContext } from '../templates/template-variables';

export type PlanNoticeKind =
  'payment_plan_confirmation' | 'instalment_reminder' | 'instalment_missed' | 'payment_plan_completed' | 'promise_confirmation';

/** What a plan's (or a promise's) communication keeps of it (the communication's `details`). */
export interface PlanNotice {
  /** The plan's id; a promise's confirmation: the promise's. */
  planId: string;
  /** The plan's reference number (its OGM/RF are made from it), null: the case's reference. */
  referenceNumber: string | null;
  currency: string;
  /** The instalments listed (the whole schedule on the confirmation, the one concerned otherwise). */
  instalments: { seq: number; dueOn: CalendarDate; amountMinor: string }[];
  /** The day that matters: the first instalment's, the instalment's, the missed one's, the day completed. */
  dueOn: CalendarDate;
  /** What the debtor pays now (the QR code's amount): the first instalment, the instalment's open part, the missed part; 0 when paid. */
  payNowMinor: string;
  /** The letter's total: the plan's total, the instalment's open part, the missed part, all paid. */
  totalMinor: string;
  paidMinor: string;
  graceDays: number | null;
  /** An instalment reminder: the instant cases asked for it (its InstalmentDue), whose open part counts the payments recorded by then. */
  asOf?: string;
  /** An instalment reminder: the payments counted on it since it was asked for (reminder-cancellation.ts), each once. */
  countedPayments?: string[];
}

export interface PlanNoticeRequest extends CommunicationRequest {
  kind: PlanNoticeKind;
  details: PlanNotice;
}

const amountsOf = (n: PlanNotice): StatementAmounts => ({
  principalMinor: n.totalMinor,
  interestMinor: '0',
  damagesMinor: '0',
  costsMinor: '0',
  paidMinor: n.paidMinor,
  totalMinor: n.totalMinor,
  currency: n.currency,
});

function request(kind: PlanNoticeKind, requestId: string, caseId: string, planId: string, correlationId: string, details: PlanNotice) {
  return {
    requestId,
    caseId,
    kind,
    channel: 'preferred' as const,
    requestedBy: `payment_plan:${planId}`,
    amounts: amountsOf(details),
    correlationId,
    details,
  } satisfies PlanNoticeRequest;
}

export function confirmationOf(e: EventEnvelope<PaymentPlanAgreedV1>): PlanNoticeRequest {
  const p = e.payload;
  const first = p.instalments[0]!;
  return request('payment_plan_confirmation', p.planId, p.caseId, p.planId, e.correlationId, {
    planId: p.planId,
    referenceNumber: p.referenceNumber ?? null,
    currency: p.currency,
    instalments: p.instalments.map((i) => ({ seq: i.seq, dueOn: i.dueOn, amountMinor: i.amountMinor })),
    dueOn: first.dueOn,
    payNowMinor: first.amountMinor,
    totalMinor: p.totalMinor,
    paidMinor: '0',
    graceDays: p.graceDays,
  });
}

export function reminderOf(e: EventEnvelope<InstalmentDueV1>): PlanNoticeRequest {
  const p = e.payload;
  return request('instalment_reminder', uuidV5(`instalment_reminder:${p.planId}:${p.seq}`), p.caseId, p.planId, e.correlationId, {
    planId: p.planId,
    referenceNumber: p.referenceNumber,
    currency: p.currency,
    instalments: [{ seq: p.seq, dueOn: p.dueOn, amountMinor: p.amountMinor }],
    dueOn: p.dueOn,
    payNowMinor: p.openMinor,
    totalMinor: p.openMinor,
    paidMinor: (BigInt(p.amountMinor) - BigInt(p.openMinor)).toString(),
    graceDays: null,
    asOf: e.occurredAt,
  });
}

/** The plan is broken: what is paid now goes to the case, under the case's own reference. */
export function missedNoticeOf(e: EventEnvelope<InstalmentMissedV1>): PlanNoticeRequest {
  const p = e.payload;
  const open = BigInt(p.amountMinor) - BigInt(p.paidMinor);
  return request('instalment_missed', uuidV5(`instalment_missed:${p.planId}:${p.seq}`), p.caseId, p.planId, e.correlationId, {
    planId: p.planId,
    referenceNumber: null,
    currency: p.currency,
    instalments: [{ seq: p.seq, dueOn: p.dueOn, amountMinor: p.amountMinor }],
    dueOn: p.dueOn,
    payNowMinor: (open > 0n ? open : 0n).toString(),
    totalMinor: (open > 0n ? open : 0n).toString(),
    paidMinor: p.paidMinor,
    graceDays: p.graceDays,
  });
}

export function completionOf(e: EventEnvelope<PaymentPlanCompletedV1>): PlanNoticeRequest {
  const p = e.payload;
  return request('payment_plan_completed', uuidV5(`payment_plan_completed:${p.planId}`), p.caseId, p.planId, e.correlationId, {
    planId: p.planId,
    referenceNumber: null,
    currency: p.currency,
    instalments: [],
    dueOn: p.completedOn,
    payNowMinor: '0',
    totalMinor: '0',
    paidMinor: p.paidMinor,
    graceDays: null,
  });
}

/** A promise to pay, confirmed once per promise: the amount by the day (the case's reference). */
export function promiseConfirmationOf(e: EventEnvelope<PromiseMadeV1>): PlanNoticeRequest {
  const p = e.payload;
  return {
    ...request('promise_confirmation', p.promiseId, p.caseId, p.promiseId, e.correlationId, {
      planId: p.promiseId,
      referenceNumber: null,
      currency: p.currency,
      instalments: [],
      dueOn: p.dueOn,
      payNowMinor: p.amountMinor,
      totalMinor: p.amountMinor,
      paidMinor: '0',
      graceDays: null,
    }),
    requestedBy: `promise:${p.promiseId}`,
  };
}

const INSTALMENT: Record<TemplateLanguage, string> = { nl: 'Afbetaling', fr: 'Échéance', de: 'Rate', en: 'Instalment' };

/** A calendar date as the debtor's language writes it in a table cell. */
function printedDate(date: CalendarDate, language: TemplateLanguage): string {
  const [y, m, d] = date.split('-');
  return language === 'de' ? `${d}.${m}.${y}` : `${d}/${m}/${y}`;
}

/** The context of a plan's communication: its instalments, its day, what to pay now; the plan's reference when it has one. */
export function withPlan(
  context: TemplateContext,
  notice: PlanNotice,
  language: TemplateLanguage,
  planReference: string | null,
): TemplateContext {
  const money = (minor: string) => ({ amountMinor: BigInt(minor), currency: notice.currency });
  const days = notice.graceDays ?? context.term.days;
  return {
    ...context,
    amounts: {
      ...context.amounts,
      breakdown: notice.instalments.map((i) => ({
        label: `${INSTALMENT[language]} ${i.seq}`,
        amount: money(i.amountMinor),
        explanation: printedDate(i.dueOn, language),
      })),
    },
    term: { ...context.term, days, endDate: notice.dueOn },
    payment: planReference ? { ...context.payment, reference: planReference } : context.payment,
  };
}

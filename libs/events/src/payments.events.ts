import { Type } from '@sinclair/typebox';
import { defineEvent, type PayloadOf } from './envelope';
import { EnumOf, StringOrNull } from './schema';
import { topics } from './topics';

// Money coming in for a case, owned by the cases service (payments/): a payment received, how
// the legal engine allocated it, and a payment undone. Keyed by case id, on the cases topic, so
// a case's payments stay in order with its other events (a CaseClosed as paid follows the
// PaymentAllocated that paid it). Billing books them, reporting counts "collected", communications
// stops or adapts what it sends.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

const uuid = Type.String({ minLength: 1 });
const date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const minor = Type.String({ pattern: '^-?\\d+$', description: 'amount in minor units, as a decimal string' });
const positiveMinor = Type.String({ pattern: '^[1-9]\\d*$', description: 'amount in minor units, more than zero' });
const currency = Type.String({ pattern: '^[A-Z]{3}$' });
const actor = Type.String({ minLength: 1 });

/** How the money reached the agency: a bank transfer, paid to the client directly (and reported by it), a payment provider. */
const source = EnumOf(['bank', 'direct', 'provider']);

/** A payment's parts as the law ordered them (BE-X-1, NL-X-1: costs, then interest, then principal oldest claim first). */
const allocation = Type.Object({
  costsMinor: minor,
  interestMinor: minor,
  principal: Type.Array(Type.Object({ claimId: uuid, amountMinor: minor })),
  /** More than everything open: a refund is due to the payer. */
  unallocatedMinor: minor,
  /** The rule and source the engine named. */
  rule: Type.String({ minLength: 1 }),
  legalSource: Type.String({ minLength: 1 }),
});

/** The case's balances after the change (charged principal, interest and costs, what was paid toward them, what is open). */
const balance = Type.Object({
  principalMinor: minor,
  interestMinor: minor,
  costsMinor: minor,
  paidMinor: minor,
  openMinor: minor,
});

export const PaymentReceived = defineEvent({
  type: 'PaymentReceived',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    paymentId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    amountMinor: positiveMinor,
    currency,
    receivedOn: date,
    source,
    /** Paid to the client directly: billing charges its commission per the client's agreement. */
    direct: Type.Boolean(),
    payerName: StringOrNull(),
    payerIban: StringOrNull(),
    /** The bank statement entry it came from (`bank`), else null. */
    bankEntryId: StringOrNull(),
    actor,
    /** Paid online (`provider`): the provider and its own id of the payment (`tr_…` at Mollie), the method (added in place: optional). */
    online: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.Object({ provider: Type.String({ minLength: 1 }), paymentId: Type.String({ minLength: 1 }), method: StringOrNull() }),
      ]),
    ),
  }),
});
export type PaymentReceivedV1 = PayloadOf<typeof PaymentReceived>;

export const PaymentAllocated = defineEvent({
  type: 'PaymentAllocated',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    paymentId: uuid,
    caseId: uuid,
    receivedOn: date,
    currency,
    allocation,
    /**
     * False for a payment's first allocation; true when an earlier-dated payment recorded (or
     * reversed) later made the engine allocate this one again: the allocation here replaces the last.
     */
    reallocated: Type.Boolean(),
    balance,
  }),
});
export type PaymentAllocatedV1 = PayloadOf<typeof PaymentAllocated>;

export const PaymentReversed = defineEvent({
  type: 'PaymentReversed',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    paymentId: uuid,
    caseId: uuid,
    amountMinor: positiveMinor,
    currency,
    /** A card chargeback, the bank returning the transfer, or a payment recorded by mistake. */
    kind: EnumOf(['chargeback', 'bank_return', 'correction']),
    reason: Type.String({ minLength: 1 }),
    /** The allocation undone, exactly as it stood. */
    undone: allocation,
    balance,
    /** The case had closed as paid and is open again. */
    reopened: Type.Boolean(),
    actor,
  }),
});
export type PaymentReversedV1 = PayloadOf<typeof PaymentReversed>;

export const paymentsEvents = [PaymentReceived, PaymentAllocated, PaymentReversed] as const;

// Payment plans and promises to pay (cases plans/): keyed by case on the cases topic, so they
// stay in order with the case's payments. Communications adapts what it sends (a plan kept: no
// reminders), reporting and billing follow them.

const instalment = Type.Object({
  seq: Type.Integer({ minimum: 1 }),
  dueOn: date,
  amountMinor: positiveMinor,
  downPayment: Type.Boolean(),
});

export const PaymentPlanAgreed = defineEvent({
  type: 'PaymentPlanAgreed',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    planId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    currency,
    /** The case's open amount on the day it was proposed: what the instalments sum to. */
    totalMinor: positiveMinor,
    instalments: Type.Array(instalment, { minItems: 1 }),
    graceDays: Type.Integer({ minimum: 0 }),
    /** Within the client's limits (agreed at once), or approved by an agent or the client's user. */
    agreement: EnumOf(['within_limits', 'approved']),
    proposedBy: actor,
    actor,
    /**
     * The number the plan's own structured reference is made from (@amicus/payment-references,
     * planReferenceFor): instalments paid with it are the plan's case's (added in place: optional).
     */
    referenceNumber: Type.Optional(Type.String({ pattern: '^[1-9]\\d{0,9}$' })),
  }),
});
export type PaymentPlanAgreedV1 = PayloadOf<typeof PaymentPlanAgreed>;

/**
 * An instalment of a kept plan falls due in a few days and is not covered yet: the scheduler's
 * tick in cases says so once per instalment (plans/instalment-reminders.ts), for communications'
 * reminder.
 */
export const InstalmentDue = defineEvent({
  type: 'InstalmentDue',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    planId: uuid,
    caseId: uuid,
    clientId: uuid,
    seq: Type.Integer({ minimum: 1 }),
    dueOn: date,
    amountMinor: positiveMinor,
    /** What is still to pay of it (the instalment less what payments already cover). */
    openMinor: positiveMinor,
    currency,
    /** The plan's reference number (as PaymentPlanAgreed's), null for a plan agreed before plans had one. */
    referenceNumber: StringOrNull(),
  }),
});
export type InstalmentDueV1 = PayloadOf<typeof InstalmentDue>;

export const InstalmentMissed = defineEvent({
  type: 'InstalmentMissed',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    planId: uuid,
    caseId: uuid,
    seq: Type.Integer({ minimum: 1 }),
    dueOn: date,
    amountMinor: positiveMinor,
    /** Paid towards it by the end of its grace days. */
    paidMinor: minor,
    currency,
    graceDays: Type.Integer({ minimum: 0 }),
  }),
});
export type InstalmentMissedV1 = PayloadOf<typeof InstalmentMissed>;

export const PaymentPlanBroken = defineEvent({
  type: 'PaymentPlanBroken',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    planId: uuid,
    caseId: uuid,
    /** The instalment whose miss broke it. */
    missedSeq: Type.Integer({ minimum: 1 }),
    brokeOn: date,
    /** Paid towards the plan in all. */
    paidMinor: minor,
    currency,
    reason: Type.String({ minLength: 1 }),
  }),
});
export type PaymentPlanBrokenV1 = PayloadOf<typeof PaymentPlanBroken>;

export const PaymentPlanCompleted = defineEvent({
  type: 'PaymentPlanCompleted',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({ planId: uuid, caseId: uuid, paidMinor: minor, currency, completedOn: date }),
});
export type PaymentPlanCompletedV1 = PayloadOf<typeof PaymentPlanCompleted>;

export const PromiseMade = defineEvent({
  type: 'PromiseMade',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    promiseId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    amountMinor: positiveMinor,
    currency,
    dueOn: date,
    /** To an agent, on a call logged in communications, on the debtor's page. */
    source: EnumOf(['agent', 'call', 'debtor_page']),
    /** The open promise this one replaced, if any. */
    replaces: StringOrNull(),
    actor,
  }),
});
export type PromiseMadeV1 = PayloadOf<typeof PromiseMade>;

const promiseOutcome = {
  promiseId: uuid,
  caseId: uuid,
  amountMinor: positiveMinor,
  /** Received from the day it was made up to its date. */
  paidMinor: minor,
  currency,
  dueOn: date,
};

export const PromiseKept = defineEvent({
  type: 'PromiseKept',
  version: 1,
  topic: topics.cases,
  schema: Type.Object(promiseOutcome),
});
export type PromiseKeptV1 = PayloadOf<typeof PromiseKept>;

export const PromiseBroken = defineEvent({
  type: 'PromiseBroken',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    ...promiseOutcome,
    brokenPromises: Type.Integer({ minimum: 1, description: 'the case’s broken promises, this one included' }),
  }),
});
export type PromiseBrokenV1 = PayloadOf<typeof PromiseBroken>;

export const plansEvents = [
  PaymentPlanAgreed,
  InstalmentMissed,
  PaymentPlanBroken,
  PaymentPlanCompleted,
  PromiseMade,
  PromiseKept,
  PromiseBroken,
  InstalmentDue,
] as const;

import type { CommunicationKind, SendingChannel } from '@amicus/contact';
import { Type } from '@sinclair/typebox';
import { defineEvent, type PayloadOf } from './envelope';
import { EnumOf, StringOrNull } from './schema';
import { topics } from './topics';

// Events about what is said to debtors. CommunicationRequested is the one request-shaped event
// (cases asks, communications decides and sends); the others are facts owned by the
// communications service. All keyed by case id.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

export type { CommunicationKind } from '@amicus/contact';
export type CommunicationChannel = SendingChannel;

const id = Type.String({ minLength: 1 });
const instant = Type.String({ format: 'date-time' });
const minor = Type.String({ pattern: '^-?\\d+$' });
const currency = Type.String({ pattern: '^[A-Z]{3}$' });

// The word lists as each version landed, in their landed order: literal lists, so that a word
// added to @amicus/contact changes no landed schema (adding an enum value is a breaking change).
// A new word reaches the contracts through a new version that lists it (catalog.spec checks the
// latest version of each event carrying a kind knows every kind of @amicus/contact).

/** The kinds of CommunicationRequested@1 and CommunicationSent@1. */
const KINDS_V1 = [
  'first_reminder',
  'reminder',
  'formal_notice',
  'payment_plan_confirmation',
  'promise_confirmation',
  'dispute_acknowledgement',
  'payment_receipt',
  'final_notice',
] as const satisfies readonly CommunicationKind[];

/** @2 adds the friendly reminder before the due date. */
const KINDS_V2 = [...KINDS_V1, 'pre_due_reminder'] as const satisfies readonly CommunicationKind[];

/** @3 adds a payment plan's course: the reminder before an instalment, an instalment missed, the plan paid in full. */
const KINDS_V3 = [
  ...KINDS_V2,
  'instalment_reminder',
  'instalment_missed',
  'payment_plan_completed',
] as const satisfies readonly CommunicationKind[];

const CHANNELS_V1 = ['email', 'sms', 'whatsapp', 'letter', 'registered_email'] as const satisfies readonly SendingChannel[];

const kind = EnumOf(KINDS_V1);
const kindV2 = EnumOf(KINDS_V2);
const kindV3 = EnumOf(KINDS_V3);
const channel = EnumOf(CHANNELS_V1);
/** A channel, or 'preferred' to use the debtor's channel order. */
const requestedChannel = EnumOf([...CHANNELS_V1, 'preferred']);

/** The case's statement at the moment of the request, for the letter's amounts. */
const amounts = Type.Union([
  Type.Null(),
  Type.Object({
    principalMinor: minor,
    interestMinor: minor,
    damagesMinor: minor,
    costsMinor: minor,
    paidMinor: minor,
    totalMinor: minor,
    currency,
  }),
]);

export const CommunicationRequested = defineEvent({
  type: 'CommunicationRequested',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    requestId: id,
    caseId: id,
    clientId: id,
    brandId: StringOrNull(),
    kind,
    /** A channel, or 'preferred' to use the debtor's channel order. */
    channel: requestedChannel,
    /** The scenario step or the person that asked, for the audit trail. */
    requestedBy: id,
    /** The case's statement at the moment of the request, for the letter's amounts. */
    amounts,
  }),
});
export type CommunicationRequestedV1 = PayloadOf<typeof CommunicationRequested>;

/** @2: a kind may be `pre_due_reminder`; otherwise as @1. Cases emits this version; communications reads both. */
export const CommunicationRequestedV2 = defineEvent({
  type: 'CommunicationRequested',
  version: 2,
  topic: topics.cases,
  schema: Type.Object({
    requestId: id,
    caseId: id,
    clientId: id,
    brandId: StringOrNull(),
    kind: kindV2,
    /** A channel, or 'preferred' to use the debtor's channel order. */
    channel: requestedChannel,
    /** The scenario step or the person that asked, for the audit trail. */
    requestedBy: id,
    /** The case's statement at the moment of the request, for the letter's amounts. */
    amounts,
  }),
});
export type CommunicationRequestedV2 = PayloadOf<typeof CommunicationRequestedV2>;

/** @3: a kind may be one of a payment plan's course; otherwise as @2. Communications reads it; cases asks for none of those kinds yet. */
export const CommunicationRequestedV3 = defineEvent({
  type: 'CommunicationRequested',
  version: 3,
  topic: topics.cases,
  schema: Type.Object({
    requestId: id,
    caseId: id,
    clientId: id,
    brandId: StringOrNull(),
    kind: kindV3,
    channel: requestedChannel,
    requestedBy: id,
    amounts,
  }),
});
export type CommunicationRequestedV3 = PayloadOf<typeof CommunicationRequestedV3>;

export const CommunicationSent = defineEvent({
  type: 'CommunicationSent',
  version: 1,
  topic: topics.communications,
  schema: Type.Object({
    communicationId: id,
    requestId: StringOrNull(),
    caseId: id,
    clientId: id,
    channel,
    kind,
    language: Type.String({ pattern: '^[a-z]{2}$' }),
    templateVersionId: StringOrNull(),
    /** E-mail address, E.164 number, or the postal address on one line. */
    recipient: Type.String({ minLength: 1 }),
    sentAt: instant,
    providerMessageId: StringOrNull(),
  }),
});
export type CommunicationSentV1 = PayloadOf<typeof CommunicationSent>;

/** @2: a kind may be `pre_due_reminder`; otherwise as @1. Communications emits this version. */
export const CommunicationSentV2 = defineEvent({
  type: 'CommunicationSent',
  version: 2,
  topic: topics.communications,
  schema: Type.Object({
    communicationId: id,
    requestId: StringOrNull(),
    caseId: id,
    clientId: id,
    channel,
    kind: kindV2,
    language: Type.String({ pattern: '^[a-z]{2}$' }),
    templateVersionId: StringOrNull(),
    /** E-mail address, E.164 number, or the postal address on one line. */
    recipient: Type.String({ minLength: 1 }),
    sentAt: instant,
    providerMessageId: StringOrNull(),
    /** SHA-256 (hex) of the exact bytes that left, as the evidence keeps them (added in place: optional, absent on earlier events). */
    sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  }),
});
export type CommunicationSentV2 = PayloadOf<typeof CommunicationSentV2>;

/**
 * @3: a kind may be one of a payment plan's course; otherwise as @2. Communications emits @3 only
 * for those kinds (a kind @2 knows still goes out as @2, so consumers that read @2 miss nothing).
 */
export const CommunicationSentV3 = defineEvent({
  type: 'CommunicationSent',
  version: 3,
  topic: topics.communications,
  schema: Type.Object({
    communicationId: id,
    requestId: StringOrNull(),
    caseId: id,
    clientId: id,
    channel,
    kind: kindV3,
    language: Type.String({ pattern: '^[a-z]{2}$' }),
    templateVersionId: StringOrNull(),
    recipient: Type.String({ minLength: 1 }),
    sentAt: instant,
    providerMessageId: StringOrNull(),
    /** SHA-256 (hex) of the exact bytes that left, as the evidence keeps them (added in place: optional, absent on earlier events). */
    sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  }),
});
export type CommunicationSentV3 = PayloadOf<typeof CommunicationSentV3>;

/**
 * A communication that will never go: communications cancelled it before it left (the case
 * closed, its claims recalled, a statement that counts a recalled claim, a pre-due reminder
 * whose due date has passed), in the transaction that cancelled it. Once per communication.
 */
export const CommunicationCancelled = defineEvent({
  type: 'CommunicationCancelled',
  version: 1,
  topic: topics.communications,
  schema: Type.Object({
    communicationId: id,
    /** The CommunicationRequested's request id; null for an agent's "send now" or a fallback. */
    requestId: StringOrNull(),
    caseId: id,
    clientId: id,
    kind: kindV2,
    /** The channel it was last decided for; the one requested ('preferred': the debtor's own) when it never was. */
    channel: requestedChannel,
    /** Why, as the contact rules say it: a code to act on, the sentence shown, the rule. */
    code: Type.String({ pattern: '^[a-z][a-z_]*$' }),
    reason: Type.String({ minLength: 1 }),
    rule: StringOrNull(),
    cancelledAt: instant,
  }),
});
export type CommunicationCancelledV1 = PayloadOf<typeof CommunicationCancelled>;

/** @2: a kind may be one of a payment plan's course; otherwise as @1 (emitted only for those kinds). */
export const CommunicationCancelledV2 = defineEvent({
  type: 'CommunicationCancelled',
  version: 2,
  topic: topics.communications,
  schema: Type.Object({
    communicationId: id,
    requestId: StringOrNull(),
    caseId: id,
    clientId: id,
    kind: kindV3,
    channel: requestedChannel,
    code: Type.String({ pattern: '^[a-z][a-z_]*$' }),
    reason: Type.String({ minLength: 1 }),
    rule: StringOrNull(),
    cancelledAt: instant,
  }),
});
export type CommunicationCancelledV2 = PayloadOf<typeof CommunicationCancelledV2>;

/** Whether a kind is one CommunicationSent@2 and CommunicationCancelled@1 know (else it needs @3 / @2). */
export function isKindOfV2(kind: CommunicationKind): kind is (typeof KINDS_V2)[number] {
  return (KINDS_V2 as readonly string[]).includes(kind);
}

export const CommunicationDelivered = defineEvent({
  type: 'CommunicationDelivered',
  version: 1,
  topic: topics.communications,
  schema: Type.Object({ communicationId: id, caseId: id, channel, deliveredAt: instant }),
});
export type CommunicationDeliveredV1 = PayloadOf<typeof CommunicationDelivered>;

export const CommunicationFailed = defineEvent({
  type: 'CommunicationFailed',
  version: 1,
  topic: topics.communications,
  schema: Type.Object({
    communicationId: id,
    /** The CommunicationRequested it answers (added in place: optional, absent on events before it). */
    requestId: Type.Optional(StringOrNull()),
    caseId: id,
    channel,
    reason: Type.String({ minLength: 1 }),
    bounced: Type.Boolean(),
    failedAt: instant,
    /** The channel tried next, when the scenario allows a fallback. */
    fallbackChannel: Type.Union([channel, Type.Null()]),
  }),
});
export type CommunicationFailedV1 = PayloadOf<typeof CommunicationFailed>;

export const CallLogged = defineEvent({
  type: 'CallLogged',
  version: 1,
  topic: topics.communications,
  schema: Type.Object({
    callId: id,
    caseId: id,
    clientId: id,
    agentId: id,
    /** E.164. */
    number: Type.String({ pattern: '^\\+[1-9]\\d{6,14}$' }),
    direction: EnumOf(['inbound', 'outbound']),
    outcome: EnumOf(['reached', 'no_answer', 'wrong_number', 'promise_to_pay', 'dispute_raised', 'call_back']),
    at: instant,
    promise: Type.Union([
      Type.Null(),
      Type.Object({ amountMinor: minor, currency, dueDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
    ]),
    callBackAt: Type.Union([instant, Type.Null()]),
    note: StringOrNull(),
  }),
});
export type CallLoggedV1 = PayloadOf<typeof CallLogged>;

export const communicationsEvents = [
  CommunicationRequested,
  CommunicationSent,
  CommunicationDelivered,
  CommunicationFailed,
  CallLogged,
  CommunicationRequestedV2,
  CommunicationSentV2,
  CommunicationCancelled,
  CommunicationRequestedV3,
  CommunicationSentV3,
  CommunicationCancelledV2,
] as const;

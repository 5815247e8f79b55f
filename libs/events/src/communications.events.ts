import { COMMUNICATION_KINDS, SENDING_CHANNELS, type SendingChannel } from '@amicus/contact';
import { Type } from '@sinclair/typebox';
import { defineEvent, type PayloadOf } from './envelope';
import { EnumOf, inLandedOrder, StringOrNull } from './schema';
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

const kind = EnumOf(
  inLandedOrder(COMMUNICATION_KINDS, [
    'first_reminder',
    'reminder',
    'formal_notice',
    'payment_plan_confirmation',
    'promise_confirmation',
    'dispute_acknowledgement',
    'payment_receipt',
    'final_notice',
  ]),
);
const channel = EnumOf(SENDING_CHANNELS);

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
    channel: EnumOf([...SENDING_CHANNELS, 'preferred']),
    /** The scenario step or the person that asked, for the audit trail. */
    requestedBy: id,
    /** The case's statement at the moment of the request, for the letter's amounts. */
    amounts: Type.Union([
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
    ]),
  }),
});
export type CommunicationRequestedV1 = PayloadOf<typeof CommunicationRequested>;

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
] as const;

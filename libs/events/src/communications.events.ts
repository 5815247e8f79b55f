import { defineEvent } from './envelope';
import { topics } from './topics';

// Events about what is said to debtors. CommunicationRequested is the one request-shaped event
// (cases asks, communications decides and sends); the others are facts owned by the
// communications service. All keyed by case id.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

const id = { type: 'string', minLength: 1 };
const instant = { type: 'string', format: 'date-time' };
const minor = { type: 'string', pattern: '^-?\\d+$' };

export type CommunicationKind =
  | 'first_reminder'
  | 'reminder'
  | 'formal_notice'
  | 'payment_plan_confirmation'
  | 'promise_confirmation'
  | 'dispute_acknowledgement'
  | 'payment_receipt'
  | 'final_notice';
export type CommunicationChannel = 'email' | 'sms' | 'whatsapp' | 'letter' | 'registered_email';

const kind = {
  enum: ['first_reminder', 'reminder', 'formal_notice', 'payment_plan_confirmation', 'promise_confirmation', 'dispute_acknowledgement', 'payment_receipt', 'final_notice'],
};
const channel = { enum: ['email', 'sms', 'whatsapp', 'letter', 'registered_email'] };

export interface CommunicationRequestedV1 {
  requestId: string;
  caseId: string;
  clientId: string;
  brandId: string | null;
  kind: CommunicationKind;
  /** A channel, or 'preferred' to use the debtor's channel order. */
  channel: CommunicationChannel | 'preferred';
  /** The scenario step or the person that asked, for the audit trail. */
  requestedBy: string;
  /** The case's statement at the moment of the request, for the letter's amounts. */
  amounts: { principalMinor: string; interestMinor: string; damagesMinor: string; costsMinor: string; paidMinor: string; totalMinor: string; currency: string } | null;
}

export const CommunicationRequested = defineEvent<CommunicationRequestedV1>({
  type: 'CommunicationRequested',
  version: 1,
  topic: topics.cases,
  schema: {
    type: 'object',
    required: ['requestId', 'caseId', 'clientId', 'brandId', 'kind', 'channel', 'requestedBy', 'amounts'],
    properties: {
      requestId: id,
      caseId: id,
      clientId: id,
      brandId: { type: ['string', 'null'] },
      kind,
      channel: { enum: [...channel.enum, 'preferred'] },
      requestedBy: id,
      amounts: {
        anyOf: [
          { type: 'null' },
          {
            type: 'object',
            required: ['principalMinor', 'interestMinor', 'damagesMinor', 'costsMinor', 'paidMinor', 'totalMinor', 'currency'],
            properties: { principalMinor: minor, interestMinor: minor, damagesMinor: minor, costsMinor: minor, paidMinor: minor, totalMinor: minor, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
          },
        ],
      },
    },
  },
});

export interface CommunicationSentV1 {
  communicationId: string;
  requestId: string | null;
  caseId: string;
  clientId: string;
  channel: CommunicationChannel;
  kind: CommunicationKind;
  language: string;
  templateVersionId: string | null;
  /** E-mail address, E.164 number, or the postal address on one line. */
  recipient: string;
  sentAt: string;
  providerMessageId: string | null;
}

export const CommunicationSent = defineEvent<CommunicationSentV1>({
  type: 'CommunicationSent',
  version: 1,
  topic: topics.communications,
  schema: {
    type: 'object',
    required: ['communicationId', 'requestId', 'caseId', 'clientId', 'channel', 'kind', 'language', 'templateVersionId', 'recipient', 'sentAt', 'providerMessageId'],
    properties: {
      communicationId: id,
      requestId: { type: ['string', 'null'] },
      caseId: id,
      clientId: id,
      channel,
      kind,
      language: { type: 'string', pattern: '^[a-z]{2}$' },
      templateVersionId: { type: ['string', 'null'] },
      recipient: { type: 'string', minLength: 1 },
      sentAt: instant,
      providerMessageId: { type: ['string', 'null'] },
    },
  },
});

export interface CommunicationDeliveredV1 {
  communicationId: string;
  caseId: string;
  channel: CommunicationChannel;
  deliveredAt: string;
}

export const CommunicationDelivered = defineEvent<CommunicationDeliveredV1>({
  type: 'CommunicationDelivered',
  version: 1,
  topic: topics.communications,
  schema: {
    type: 'object',
    required: ['communicationId', 'caseId', 'channel', 'deliveredAt'],
    properties: { communicationId: id, caseId: id, channel, deliveredAt: instant },
  },
});

export interface CommunicationFailedV1 {
  communicationId: string;
  caseId: string;
  channel: CommunicationChannel;
  reason: string;
  bounced: boolean;
  failedAt: string;
  /** The channel tried next, when the scenario allows a fallback. */
  fallbackChannel: CommunicationChannel | null;
}

export const CommunicationFailed = defineEvent<CommunicationFailedV1>({
  type: 'CommunicationFailed',
  version: 1,
  topic: topics.communications,
  schema: {
    type: 'object',
    required: ['communicationId', 'caseId', 'channel', 'reason', 'bounced', 'failedAt', 'fallbackChannel'],
    properties: {
      communicationId: id,
      caseId: id,
      channel,
      reason: { type: 'string', minLength: 1 },
      bounced: { type: 'boolean' },
      failedAt: instant,
      fallbackChannel: { anyOf: [channel, { type: 'null' }] },
    },
  },
});

export interface CallLoggedV1 {
  callId: string;
  caseId: string;
  clientId: string;
  agentId: string;
  /** E.164. */
  number: string;
  direction: 'inbound' | 'outbound';
  outcome: 'reached' | 'no_answer' | 'wrong_number' | 'promise_to_pay' | 'dispute_raised' | 'call_back';
  at: string;
  promise: { amountMinor: string; currency: string; dueDate: string } | null;
  callBackAt: string | null;
  note: string | null;
}

export const CallLogged = defineEvent<CallLoggedV1>({
  type: 'CallLogged',
  version: 1,
  topic: topics.communications,
  schema: {
    type: 'object',
    required: ['callId', 'caseId', 'clientId', 'agentId', 'number', 'direction', 'outcome', 'at', 'promise', 'callBackAt', 'note'],
    properties: {
      callId: id,
      caseId: id,
      clientId: id,
      agentId: id,
      number: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$' },
      direction: { enum: ['inbound', 'outbound'] },
      outcome: { enum: ['reached', 'no_answer', 'wrong_number', 'promise_to_pay', 'dispute_raised', 'call_back'] },
      at: instant,
      promise: {
        anyOf: [
          { type: 'null' },
          {
            type: 'object',
            required: ['amountMinor', 'currency', 'dueDate'],
            properties: { amountMinor: minor, currency: { type: 'string', pattern: '^[A-Z]{3}$' }, dueDate: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } },
          },
        ],
      },
      callBackAt: { anyOf: [instant, { type: 'null' }] },
      note: { type: ['string', 'null'] },
    },
  },
});

export const communicationsEvents = [CommunicationRequested, CommunicationSent, CommunicationDelivered, CommunicationFailed, CallLogged] as const;

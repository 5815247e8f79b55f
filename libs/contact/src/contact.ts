/**
 * The words of contact with a debtor, shared by the legal engine, the event contracts and the
 * services: through which channel, and for what.
 */

/** Every way the agency and a debtor are in touch. A phone call is logged, not sent. */
export const CONTACT_CHANNELS = ['letter', 'email', 'sms', 'whatsapp', 'registered_email', 'phone'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** The channels a communication is sent on. */
export const SENDING_CHANNELS = ['email', 'sms', 'whatsapp', 'letter', 'registered_email'] as const satisfies readonly ContactChannel[];
export type SendingChannel = (typeof SENDING_CHANNELS)[number];

/** The channels a debtor may prefer to be reached on. */
export const PREFERRED_CHANNELS = ['email', 'sms', 'whatsapp', 'letter', 'phone'] as const satisfies readonly ContactChannel[];
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];

/**
 * The channels the law tells apart. A registered e-mail is, for the law, an e-mail (its proof of
 * delivery matters to the evidence, not to the rules).
 */
export const LEGAL_CHANNELS = ['letter', 'email', 'sms', 'phone', 'whatsapp'] as const satisfies readonly ContactChannel[];
export type LegalChannel = (typeof LEGAL_CHANNELS)[number];

export function legalChannelOf(channel: ContactChannel): LegalChannel {
  return channel === 'registered_email' ? 'email' : channel;
}

/** What a communication is for: the template it renders and the situations that block it. */
export const COMMUNICATION_KINDS = [
  'pre_due_reminder',
  'first_reminder',
  'reminder',
  'formal_notice',
  'final_notice',
  'promise_confirmation',
  'payment_plan_confirmation',
  'payment_receipt',
  'dispute_acknowledgement',
  // A payment plan's course (cases' plan events): a few days before an instalment, an instalment
  // missed (the plan broken), the plan paid in full. Courtesies and notices, no collection steps.
  'instalment_reminder',
  'instalment_missed',
  'payment_plan_completed',
] as const;
export type CommunicationKind = (typeof COMMUNICATION_KINDS)[number];

/**
 * The documents the law regulates: the reminders and notices after a missed due date (BE-C-1..8
 * and BE-A-2 count from the first of them, NL-C-1 is one of them). A pre-due reminder is not
 * one: before the due date nothing is late, so the law has nothing to say about it — it is a
 * courtesy, it starts no term (BE-C-4) and it is no 14-day letter (NL-C-1); the legal engine
 * reads it as a plain contact.
 */
export const COLLECTION_KINDS = [
  'first_reminder',
  'reminder',
  'formal_notice',
  'final_notice',
] as const satisfies readonly CommunicationKind[];
export type CollectionKind = (typeof COLLECTION_KINDS)[number];

export function isCollectionKind(kind: string): kind is CollectionKind {
  return (COLLECTION_KINDS as readonly string[]).includes(kind);
}

/**
 * Kinds that ask the debtor to pay: the collection kinds and the friendly reminder before the
 * due date. An open dispute or a payment plan being kept pauses them (domain.md: Dispute,
 * Payment plan): asking a debtor who contested the claim to pay it anyway is what BE-A-4 forbids.
 */
export const PAYMENT_REQUEST_KINDS = ['pre_due_reminder', ...COLLECTION_KINDS] as const satisfies readonly CommunicationKind[];
export type PaymentRequestKind = (typeof PAYMENT_REQUEST_KINDS)[number];

export function asksToPay(kind: string): kind is PaymentRequestKind {
  return (PAYMENT_REQUEST_KINDS as readonly string[]).includes(kind);
}

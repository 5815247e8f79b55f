import { PREFERRED_CHANNELS } from '@amicus/contact';
import { Type, type Static } from '@sinclair/typebox';
import { defineEvent, type PayloadOf } from './envelope';
import { EnumOf, StringOrNull } from './schema';
import { topics } from './topics';

// Events about placements, debtors and cases, owned by the cases service. Keyed by case id
// (a placement by its id, a debtor by its id), so one case's events stay in order.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

const uuid = Type.String({ minLength: 1 });
const uuidOrNull = Type.Union([uuid, Type.Null()]);
const date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const minor = Type.String({ pattern: '^-?\\d+$', description: 'amount in minor units, as a decimal string' });
const currency = Type.String({ pattern: '^[A-Z]{3}$' });
const count = Type.Integer({ minimum: 0 });
const actor = Type.String({ minLength: 1 });
const reason = Type.String({ minLength: 1 });

/** What communications and reporting need to know of a debtor, as it is at the moment of the event. */
const debtorSnapshot = Type.Object({
  kind: EnumOf(['consumer', 'business']),
  name: Type.String({ minLength: 1 }),
  /** ISO 3166-1 alpha-2; decides the jurisdiction. */
  country: Type.String({ pattern: '^[A-Z]{2}$' }),
  /** ISO 639-1. */
  language: Type.String({ pattern: '^[a-z]{2}$' }),
  /** IANA time zone, e.g. Europe/Brussels. */
  timeZone: Type.String({ minLength: 1 }),
  vatNumber: StringOrNull(),
  emails: Type.Array(Type.String({ format: 'email' })),
  /** E.164. */
  phones: Type.Array(Type.String({ pattern: '^\\+[1-9]\\d{6,14}$' })),
  addresses: Type.Array(
    Type.Object({
      lines: Type.Array(Type.String(), { minItems: 1 }),
      postcode: Type.String(),
      city: Type.String(),
      country: Type.String({ pattern: '^[A-Z]{2}$' }),
    }),
  ),
  preferredChannel: EnumOf([...PREFERRED_CHANNELS, null]),
});
export type DebtorSnapshotV1 = Static<typeof debtorSnapshot>;

/** A pay link's token as printed at the end of the link (base64url, 128 random bits or more), and its expiry. */
const payLinkToken = Type.String({ pattern: '^[A-Za-z0-9_-]{22,86}$' });
const payLink = Type.Object({ token: payLinkToken, expiresAt: Type.String({ format: 'date-time' }) });

export const PlacementImported = defineEvent({
  type: 'PlacementImported',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    placementId: uuid,
    clientId: uuid,
    brandId: uuidOrNull,
    source: EnumOf(['file', 'api']),
    fileName: StringOrNull(),
    rowsRead: count,
    imported: count,
    rejected: count,
    casesOpened: count,
    casesExtended: count,
    duplicates: count,
    conflicts: count,
  }),
});
export type PlacementImportedV1 = PayloadOf<typeof PlacementImported>;

export const CaseOpened = defineEvent({
  type: 'CaseOpened',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    caseId: uuid,
    clientId: uuid,
    brandId: uuidOrNull,
    debtorId: uuid,
    debtor: debtorSnapshot,
    currency,
    placementId: uuidOrNull,
    /** The case's number, which its structured payment reference (OGM/VCS, RF) is made from (added in place: optional). */
    caseNumber: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,17}$' })),
    /** The case's pay link, issued with it: its token (the debtor's only credential) and when it expires (added in place: optional). */
    payLink: Type.Optional(payLink),
  }),
});
export type CaseOpenedV1 = PayloadOf<typeof CaseOpened>;

export const ClaimPlaced = defineEvent({
  type: 'ClaimPlaced',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    caseId: uuid,
    claimId: uuid,
    clientId: uuid,
    invoiceNumber: Type.String({ minLength: 1 }),
    issueDate: date,
    dueDate: date,
    principalMinor: minor,
    currency,
    description: StringOrNull(),
    placementId: uuidOrNull,
  }),
});
export type ClaimPlacedV1 = PayloadOf<typeof ClaimPlaced>;

/**
 * The claims one placement put on one case, in one event: a placement of a million claims
 * writes one event per case it opened or extended instead of one per claim. Cases emits this
 * for placements; consumers still read ClaimPlaced@1 (events already in topics). The claims
 * are in the order of their lines; `principalMinor` is the sum of theirs, all in `currency`
 * (a case has one currency).
 */
export const ClaimsPlaced = defineEvent({
  type: 'ClaimsPlaced',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    caseId: uuid,
    clientId: uuid,
    placementId: uuidOrNull,
    currency,
    principalMinor: minor,
    claims: Type.Array(
      Type.Object({
        claimId: uuid,
        invoiceNumber: Type.String({ minLength: 1 }),
        issueDate: date,
        dueDate: date,
        principalMinor: minor,
        description: StringOrNull(),
      }),
      { minItems: 1 },
    ),
  }),
});
export type ClaimsPlacedV1 = PayloadOf<typeof ClaimsPlaced>;

/** One claim of a ClaimsPlaced, as a ClaimPlaced@1 of its own said it: for consumers that keep claims one by one. */
export function claimsOfPlacement(p: ClaimsPlacedV1): ClaimPlacedV1[] {
  return p.claims.map((c) => ({ ...c, caseId: p.caseId, clientId: p.clientId, currency: p.currency, placementId: p.placementId }));
}

export const DebtorUpdated = defineEvent({
  type: 'DebtorUpdated',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    debtorId: uuid,
    clientId: uuid,
    /** The debtor's open cases, so their consumers can refresh what they keep. */
    caseIds: Type.Array(uuid),
    debtor: debtorSnapshot,
  }),
});
export type DebtorUpdatedV1 = PayloadOf<typeof DebtorUpdated>;

const phase = EnumOf(['placed', 'amicable', 'legal_review', 'legal', 'closed']);
const outcome = EnumOf(['paid', 'settled', 'written_off', 'returned_to_client']);
export type CasePhase = Static<typeof phase>;
export type CaseOutcome = Static<typeof outcome>;

export const CasePhaseChanged = defineEvent({
  type: 'CasePhaseChanged',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({ caseId: uuid, from: phase, to: phase, reason: StringOrNull(), actor }),
});
export type CasePhaseChangedV1 = PayloadOf<typeof CasePhaseChanged>;

export const CaseClosed = defineEvent({
  type: 'CaseClosed',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    caseId: uuid,
    outcome,
    reason,
    /** The open balance at closing (returned to client: what the client takes back). */
    balanceMinor: minor,
    currency,
    actor,
  }),
});
export type CaseClosedV1 = PayloadOf<typeof CaseClosed>;

export const CaseAssigned = defineEvent({
  type: 'CaseAssigned',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({ caseId: uuid, agentId: uuidOrNull, actor }),
});
export type CaseAssignedV1 = PayloadOf<typeof CaseAssigned>;

export const CaseHeld = defineEvent({
  type: 'CaseHeld',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({ caseId: uuid, until: date, reason, actor }),
});
export type CaseHeldV1 = PayloadOf<typeof CaseHeld>;

/** The hold ended before its date, by a person's decision (a hold that runs out has no event: its date says it). */
export const CaseHoldReleased = defineEvent({
  type: 'CaseHoldReleased',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({ caseId: uuid, reason, actor }),
});
export type CaseHoldReleasedV1 = PayloadOf<typeof CaseHoldReleased>;

export const ClaimRecalled = defineEvent({
  type: 'ClaimRecalled',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    caseId: uuid,
    claimId: uuid,
    /** What was still open on the claim when the client took it back. */
    balanceMinor: minor,
    currency,
    reason,
    actor,
  }),
});
export type ClaimRecalledV1 = PayloadOf<typeof ClaimRecalled>;

/**
 * A case's pay link was issued again (an agent or the admin revoked the one before it, or a case
 * opened before pay links got its first): every earlier link of the case stops working; this one
 * is the link to print from now on.
 */
export const PayLinkIssued = defineEvent({
  type: 'PayLinkIssued',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({ caseId: uuid, token: payLinkToken, expiresAt: Type.String({ format: 'date-time' }) }),
});
export type PayLinkIssuedV1 = PayloadOf<typeof PayLinkIssued>;

// Disputes: the debtor's reason not to pay, on some claims of a case. Collection of those claims
// waits until the dispute is resolved; the client is asked to answer. Each event carries what
// communications needs to tell the debtor (the case, the claims, the debtor's language).

/** The reasons a debtor gives, as DisputeRaised@1 landed. */
const DISPUTE_REASONS_V1 = [
  'not_received',
  'partial_delivery',
  'poor_quality',
  'billing_error',
  'already_paid',
  'not_my_debt',
  'wrong_amount',
  'contract_cancelled',
  'other',
] as const;
/** How a dispute reached the agency, as DisputeRaised@1 landed. */
const DISPUTE_CHANNELS_V1 = [
  'phone',
  'email',
  'registered_email',
  'letter',
  'sms',
  'whatsapp',
  'client_portal',
  'debtor_page',
  'in_person',
] as const;
const DISPUTE_OUTCOMES_V1 = ['upheld', 'rejected', 'partly_upheld'] as const;
const language = Type.String({ pattern: '^[a-z]{2}$' });
const disputedClaim = Type.Object({
  claimId: uuid,
  invoiceNumber: Type.String({ minLength: 1 }),
  /** The principal still open on the claim when the dispute was raised. */
  openMinor: minor,
});

export const DisputeRaised = defineEvent({
  type: 'DisputeRaised',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    disputeId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    claims: Type.Array(disputedClaim, { minItems: 1 }),
    currency,
    reason: EnumOf(DISPUTE_REASONS_V1),
    text: StringOrNull(),
    /** Whose dispute it is: the debtor's (also when an agent records it from a call, an e-mail, a letter), an agent's or the client's. */
    raisedBy: EnumOf(['debtor', 'agent', 'client']),
    channel: EnumOf(DISPUTE_CHANNELS_V1),
    /** The day by which the client is to answer (its service level, in business days of the agency's calendar). */
    answerDueOn: date,
    /** The debtor's language (ISO 639-1), for the acknowledgement. */
    language,
    actor,
  }),
});
export type DisputeRaisedV1 = PayloadOf<typeof DisputeRaised>;

/** The client answered a dispute (its text, and the outcome it proposes); the agency resolves it. */
export const DisputeAnswered = defineEvent({
  type: 'DisputeAnswered',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    disputeId: uuid,
    caseId: uuid,
    clientId: uuid,
    answer: Type.String({ minLength: 1 }),
    proposedOutcome: EnumOf([...DISPUTE_OUTCOMES_V1, null]),
    /** Answered after the day it was due. */
    late: Type.Boolean(),
    actor,
  }),
});
export type DisputeAnsweredV1 = PayloadOf<typeof DisputeAnswered>;

/**
 * A dispute resolved: upheld (each claim credited with what was open on it: no longer collected),
 * rejected (collection of the claims goes on) or partly upheld (a claim credited with part of it).
 */
export const DisputeResolved = defineEvent({
  type: 'DisputeResolved',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    disputeId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    claimIds: Type.Array(uuid, { minItems: 1 }),
    outcome: EnumOf(DISPUTE_OUTCOMES_V1),
    /** What was credited on each claim (none for a rejection). */
    credits: Type.Array(Type.Object({ claimId: uuid, amountMinor: minor })),
    currency,
    /** What the debtor is told of the outcome (the client's answer, or the agency's note). */
    explanation: Type.String({ minLength: 1 }),
    language,
    actor,
  }),
});
export type DisputeResolvedV1 = PayloadOf<typeof DisputeResolved>;

/**
 * A dispute still awaiting the client after the day its answer was due. `reminder`: the client's
 * users are reminded (communications e-mails `recipients`); `escalated`: a second period later it
 * goes to the agency's account manager (the admin's `disputes(escalated: true)` list).
 */
export const DisputeAnswerOverdue = defineEvent({
  type: 'DisputeAnswerOverdue',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    disputeId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    caseNumber: Type.String({ minLength: 1 }),
    invoiceNumbers: Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }),
    answerDueOn: date,
    stage: EnumOf(['reminder', 'escalated'] as const),
    /** When a reminder: the day it goes to the account manager if still unanswered. */
    escalatesOn: Type.Union([date, Type.Null()]),
    /** The client's users who may answer (enabled), to be reminded; none for an escalation. */
    recipients: Type.Array(Type.Object({ email: Type.String({ minLength: 3 }) })),
    actor,
  }),
});
export type DisputeAnswerOverdueV1 = PayloadOf<typeof DisputeAnswerOverdue>;

// Settlements, client instructions and complaints (#13 §2, §3).

const SETTLEMENT_DECISIONS_V1 = ['accepted', 'declined'] as const;
const COMPLAINT_CATEGORIES_V1 = ['tone', 'contact_frequency', 'wrong_person', 'privacy', 'other'] as const;
/** How a complaint reached the agency: the channels a dispute comes by. */
const COMPLAINT_CHANNELS_V1 = DISPUTE_CHANNELS_V1;
const INSTRUCTION_KINDS_V1 = ['write_off', 'settlement_accepted', 'settlement_declined'] as const;

/**
 * A debtor's offer to settle for less than the balance, recorded on its case: within the
 * discount its client allows upfront it is accepted at once (`status` accepted, a
 * SettlementDecided follows); above it, it waits for the client (`awaiting_client`).
 */
const settlementOfferedV1 = Type.Object({
  settlementId: uuid,
  caseId: uuid,
  clientId: uuid,
  brandId: uuid,
  amountMinor: minor,
  /** The case's open balance when the offer was made. */
  balanceMinor: minor,
  currency,
  /** The discount the offer asks, in basis points of the balance (rounded up). */
  discountBp: Type.Integer({ minimum: 0, maximum: 10000 }),
  withinTerms: Type.Boolean(),
  /** Paid by instalments (a payment plan at the settled amount) rather than at once. */
  byPlan: Type.Boolean(),
  status: EnumOf(['accepted', 'awaiting_client'] as const),
  actor,
});
export const SettlementOffered = defineEvent({
  type: 'SettlementOffered',
  version: 1,
  topic: topics.cases,
  schema: settlementOfferedV1,
});
export type SettlementOfferedV1 = PayloadOf<typeof SettlementOffered>;

/**
 * @2: as @1, with what the e-mail asking the client to decide needs — the case's number, its
 * invoices, and (awaiting the client) the client's active users to e-mail; accepted at once,
 * none. Cases emits this version; communications reads both (an @1 asks nobody).
 */
export const SettlementOfferedV2 = defineEvent({
  type: 'SettlementOffered',
  version: 2,
  topic: topics.cases,
  schema: Type.Object({
    ...settlementOfferedV1.properties,
    caseNumber: Type.String({ pattern: '^[1-9][0-9]{0,17}$' }),
    invoiceNumbers: Type.Array(Type.String({ minLength: 1 })),
    recipients: Type.Array(Type.Object({ email: Type.String({ minLength: 3 }) })),
  }),
});
export type SettlementOfferedV2 = PayloadOf<typeof SettlementOfferedV2>;

/** An offer accepted (by the agent within the client's terms, or by the client) or declined by the client: the journey goes on. */
export const SettlementDecided = defineEvent({
  type: 'SettlementDecided',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    settlementId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    decision: EnumOf(SETTLEMENT_DECISIONS_V1),
    amountMinor: minor,
    currency,
    /** Who decided: the agency within the client's terms, or the client. */
    decidedBy: EnumOf(['agency', 'client'] as const),
    reason: StringOrNull(),
    actor,
  }),
});
export type SettlementDecidedV1 = PayloadOf<typeof SettlementDecided>;

/** A client's instruction on one of its cases (hold, release and recall have their own events). */
export const InstructionGiven = defineEvent({
  type: 'InstructionGiven',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    caseId: uuid,
    clientId: uuid,
    kind: EnumOf(INSTRUCTION_KINDS_V1),
    reason: StringOrNull(),
    /** What it is about (a settlement's id), else null. */
    referenceId: uuidOrNull,
    actor,
  }),
});
export type InstructionGivenV1 = PayloadOf<typeof InstructionGiven>;

/** A complaint about how a case was handled, routed to the agency admin, to be answered by `dueOn`. */
export const ComplaintLogged = defineEvent({
  type: 'ComplaintLogged',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    complaintId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    category: EnumOf(COMPLAINT_CATEGORIES_V1),
    channel: EnumOf(COMPLAINT_CHANNELS_V1),
    /** Whose complaint: the debtor's (also when an agent records it), or the client's. */
    by: EnumOf(['debtor', 'client'] as const),
    dueOn: date,
    actor,
  }),
});
export type ComplaintLoggedV1 = PayloadOf<typeof ComplaintLogged>;

export const ComplaintClosed = defineEvent({
  type: 'ComplaintClosed',
  version: 1,
  topic: topics.cases,
  schema: Type.Object({
    complaintId: uuid,
    caseId: uuid,
    clientId: uuid,
    brandId: uuid,
    category: EnumOf(COMPLAINT_CATEGORIES_V1),
    upheld: Type.Boolean(),
    /** Answered on or before its due day. */
    answeredInTime: Type.Boolean(),
    actor,
  }),
});
export type ComplaintClosedV1 = PayloadOf<typeof ComplaintClosed>;

export const casesEvents = [
  PlacementImported,
  CaseOpened,
  ClaimPlaced,
  ClaimsPlaced,
  DebtorUpdated,
  CasePhaseChanged,
  CaseClosed,
  CaseAssigned,
  CaseHeld,
  ClaimRecalled,
  CaseHoldReleased,
  PayLinkIssued,
  DisputeRaised,
  DisputeAnswered,
  DisputeResolved,
  DisputeAnswerOverdue,
  SettlementOffered,
  SettlementDecided,
  InstructionGiven,
  ComplaintLogged,
  ComplaintClosed,
  SettlementOfferedV2,
] as const;

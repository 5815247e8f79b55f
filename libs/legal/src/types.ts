/**
 * The engine's inputs and outputs. Dates the law counts in are calendar dates (`YYYY-MM-DD`) in
 * the debtor's time zone; moments are ISO instants (UTC).
 */
import type { CalendarDate, Instant } from '@amicus/calendar';
import { COLLECTION_KINDS, type CollectionKind, type LegalChannel } from '@amicus/contact';
import type { Money } from '@amicus/money';

export type Country = 'BE' | 'NL';
export type DebtorKind = 'consumer' | 'business';
export type { CalendarDate, Instant } from '@amicus/calendar';

/** The channels the law tells apart (`@amicus/contact`). */
export type Channel = LegalChannel;
/** The documents the law regulates: the collection kinds of `@amicus/contact`. */
export type DocumentKind = CollectionKind;
export type Step =
  | 'first_reminder'
  | 'reminder'
  | 'formal_notice'
  | 'final_notice'
  | 'phone_call'
  | 'sms'
  | 'email'
  | 'charge_damages'
  | 'charge_interest'
  | 'hand_to_legal';
export const STEPS: readonly Step[] = [
  'first_reminder',
  'reminder',
  'formal_notice',
  'final_notice',
  'phone_call',
  'sms',
  'email',
  'charge_damages',
  'charge_interest',
  'hand_to_legal',
];
export const DOCUMENT_KINDS: readonly DocumentKind[] = COLLECTION_KINDS;

/** Who sends: the client itself (creditor) or the collector working the case (agency, lawyer, bailiff). */
export type Sender = 'creditor' | 'agency';

export interface DamagesClause {
  /** BE-C-7: a consumer damages clause only counts when it is reciprocal. */
  reciprocal: boolean;
  /** Business debtors: contractual percentage of the outstanding principal, e.g. "10". */
  ratePercent?: string;
  /** Business debtors: contractual minimum of the lump sum. */
  minimum?: Money;
}

export interface InterestClause {
  /** Contractual yearly rate in percent ("8"); absent = "the legal reference rate". */
  ratePercent?: string;
}

export interface ContractTerms {
  interestClause?: InterestClause;
  damagesClause?: DamagesClause;
  /** BE-C-2: contract for the regular supply of goods or services. */
  regularSupply?: boolean;
  /** Energy and telecom have their own rules in Belgium: flagged, no charges by this engine. */
  sector?: 'energy' | 'telecom' | 'other';
  /** Date the contract was concluded (scope of BE Book XIX). */
  contractDate?: CalendarDate;
}

export interface Claim {
  id: string;
  number?: string;
  issueDate: CalendarDate;
  /** Agreed payment date; absent = 30 days after the issue date (BE-B-1, NL-B-1). */
  dueDate?: CalendarDate;
  principal: Money;
  terms?: ContractTerms;
}

/** One outbound communication of the case's history. */
export interface CommunicationRecord {
  kind: DocumentKind | 'contact';
  channel: Channel;
  sentAt: Instant;
  sender?: Sender;
  /** The claims it concerned; absent = all claims of the case. */
  claimIds?: string[];
  /** False when a required mention was missing (BE-C-8: it does not count as first reminder). */
  complete?: boolean;
}

export interface PaymentRecord {
  receivedOn: CalendarDate;
  amount: Money;
}

export interface DisputeRecord {
  claimIds?: string[];
  status: 'open' | 'resolved';
}

export interface CaseInput {
  debtor: { kind: DebtorKind; country: Country; timeZone?: string };
  creditor?: { smallEnterprise?: boolean };
  /** Who works the case. BE-A-1: an agency needs its FPS Economy registration. */
  collector?: { kind: 'creditor' | 'agency' | 'lawyer' | 'bailiff'; registrationNumber?: string };
  currency: string;
  claims: Claim[];
  communications?: CommunicationRecord[];
  payments?: PaymentRecord[];
  disputes?: DisputeRecord[];
}

/** The answer to one question, always naming its rule and legal source. */
export interface Decision {
  allowed: boolean;
  /** Rule id from legal-rules.md, e.g. 'BE-C-4'. */
  rule: string;
  /** The article or document the rule comes from. */
  source: string;
  reason: string;
  /** When refused: the earliest instant it becomes allowed, when the engine can know it. */
  earliestAt?: Instant;
  claimIds?: string[];
  /** The most that may be charged for this step (reminder fees, BE-C-1/BE-C-2). */
  maxCharge?: Money;
}

export interface Assessment extends Decision {
  step: Step;
  /** Every check made, in order; the first refused one is the answer's rule. */
  checks: Decision[];
  /** A legal escalation still needs a human decision by legal staff. */
  needsHumanDecision?: boolean;
  warnings: string[];
}

export interface Mention {
  id: string;
  rule: string;
  source: string;
  description: string;
  /** Template variables (vocab.md) carrying the mention; a template must reference all of them. */
  variables: string[];
}

/**
 * One interface per jurisdiction: a country is added by writing a folder that implements it and
 * registering it, without touching the others.
 */
import type { Money } from '@amicus/money';
import type { CaseContext } from '../core/case-context';
import type { RateSpec } from '../core/interest';
import type {
  CalendarDate,
  Channel,
  Claim,
  Country,
  DamagesClause,
  DebtorKind,
  Decision,
  DocumentKind,
  Instant,
  Mention,
  Sender,
  Step,
} from '../types';

export interface ChargeRight {
  allowed: boolean;
  rule: string;
  source: string;
  reason: string;
  /** First local date the charge may be made (when allowed, or when it will be). */
  from?: CalendarDate;
}

export interface InterestRight extends ChargeRight {
  /** First day interest is counted for (may precede `from`, BE-C-6). */
  accrualFrom?: CalendarDate;
  rate?: RateSpec;
}

export interface DamagesCap {
  allowed: boolean;
  max: Money;
  rule: string;
  source: string;
  /** The arithmetic, for letters and court files. */
  arithmetic: string;
}

/** The term after the free first reminder / 14-day letter. */
export interface Term {
  rule: string;
  source: string;
  sentOn: CalendarDate;
  termStart: CalendarDate;
  termEnd: CalendarDate;
  /** Damages and interest may be charged from this day. */
  chargesFrom: CalendarDate;
  explanation: string;
}

export interface StepContext {
  ctx: CaseContext;
  step: Step;
  now: Instant;
  today: CalendarDate;
  channel: Channel;
  /** Claims collection may work on: undisputed, with principal outstanding. */
  active: Claim[];
}

export interface RulePack {
  country: Country;
  debtorKind: DebtorKind;
  damagesRight(ctx: CaseContext, claim: Claim): ChargeRight;
  interestRight(ctx: CaseContext, claim: Claim): InterestRight;
  maxDamages(outstanding: Money, clause?: DamagesClause): DamagesCap;
  /** Checks of a document, contact or legal step (charging steps are derived from the rights above). */
  stepChecks(s: StepContext): Decision[];
  requiredMentions(kind: DocumentKind, sender: Sender): Mention[];
  allocation: { rule: string; source: string };
}

export interface Jurisdiction {
  country: Country;
  name: string;
  timeZone: string;
  pack(kind: DebtorKind): RulePack;
  /** The term a first reminder sent on a channel opens (BE-C-4 / NL-C-1). */
  term(sentAt: Instant, channel: Channel, timeZone: string, options: CaseContext['options']): Term;
}

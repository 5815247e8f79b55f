/**
 * The single-question entry points: term, damages cap, mentions, contact window, allocation.
 */
import type { Money } from '@amicus/money';
import { allocate, type Allocation, type OpenBalances } from './core/allocation';
import { caseContext, LEGAL_TIME_ZONES } from './core/case-context';
import { contactWindowDecision, frequencyDecision } from './core/contact-window';
import type { ChargeRight, DamagesCap, InterestRight, Term } from './jurisdictions/jurisdiction';
import { jurisdictionOf } from './jurisdictions/registry';
import { resolveOptions, type ContactPolicy, type LegalOptionsInput } from './options';
import type {
  CaseInput,
  Channel,
  CommunicationRecord,
  Country,
  DamagesClause,
  DebtorKind,
  Decision,
  DocumentKind,
  Instant,
  Mention,
  Sender,
} from './types';
import { localDate } from '@amicus/calendar';

/**
 * BE-C-4 / NL-C-1: the term a free first reminder (14-day letter) opens, and the first day
 * damages and interest may be charged after it.
 */
export function chargesAllowedFrom(
  args: { country: Country; sentAt: Instant; channel: Channel; timeZone?: string },
  options: LegalOptionsInput = {},
): Term {
  const j = jurisdictionOf(args.country);
  return j.term(args.sentAt, args.channel, args.timeZone ?? j.timeZone, resolveOptions(options));
}

/** Per claim of a case: whether, and from which day, damages and interest may be charged. */
export function chargeRights(
  input: CaseInput,
  options: LegalOptionsInput = {},
): {
  claimId: string;
  damages: ChargeRight;
  interest: Omit<InterestRight, 'rate'> & { rateTable?: string; contractRatePercent?: string };
}[] {
  const ctx = caseContext(input, resolveOptions(options));
  const pack = jurisdictionOf(ctx.country).pack(ctx.kind);
  return ctx.claims.map((claim) => {
    const { rate, ...interest } = pack.interestRight(ctx, claim);
    return {
      claimId: claim.id,
      damages: pack.damagesRight(ctx, claim),
      interest: {
        ...interest,
        ...(rate && rate.kind !== 'contract' ? { rateTable: rate.table.id } : {}),
        ...(rate && rate.kind !== 'table' ? { contractRatePercent: rate.ratePercent } : {}),
      },
    };
  });
}

/** BE-C-7, BE-B-2, NL-C-3, NL-B-2: the maximum lump-sum damages / collection costs for an outstanding amount. */
export function maxDamages(args: {
  country: Country;
  debtorKind: DebtorKind;
  outstanding: Money;
  damagesClause?: DamagesClause;
}): DamagesCap {
  return jurisdictionOf(args.country).pack(args.debtorKind).maxDamages(args.outstanding, args.damagesClause);
}

/** The mentions a document must carry; `sender` defaults to the agency (Amicus sends for its clients). */
export function requiredMentions(args: {
  country: Country;
  debtorKind: DebtorKind;
  documentKind: DocumentKind;
  sender?: Sender;
}): Mention[] {
  return jurisdictionOf(args.country)
    .pack(args.debtorKind)
    .requiredMentions(args.documentKind, args.sender ?? 'agency');
}

export interface ContactWindowAnswer extends Decision {
  policy: ContactPolicy;
  timeZone: string;
  frequency: Decision;
}

/**
 * BE-A-4 / NL-X-2: the hours and days contact is allowed in the debtor's time zone, whether `now`
 * is inside them, the frequency limit against `history`, and the earliest allowed instant.
 */
export function contactWindow(
  args: { country: Country; debtorKind: DebtorKind; channel: Channel; now: Instant; timeZone?: string; history?: CommunicationRecord[] },
  options: LegalOptionsInput = {},
): ContactWindowAnswer {
  const policy = resolveOptions(options).contact[`${args.country}-${args.debtorKind}`];
  const tz = args.timeZone ?? LEGAL_TIME_ZONES[args.country];
  const window = contactWindowDecision(policy, args.channel, args.now, tz);
  const history = (args.history ?? []).map((c) => ({ ...c, sender: c.sender ?? ('agency' as const), sentOn: localDate(c.sentAt, tz) }));
  const frequency = args.channel === 'letter' ? window : frequencyDecision(policy, history, args.now, tz);
  const head = !window.allowed ? window : frequency;
  return { ...head, policy, timeZone: tz, frequency };
}

/** BE-X-1 / NL-X-1: a payment over costs, then interest, then principal (oldest claim first). */
export function allocatePayment(payment: Money, open: OpenBalances, country: Country = 'BE'): Allocation {
  const { rule, source } = jurisdictionOf(country).pack('consumer').allocation;
  return allocate(payment, open, rule, source);
}

/**
 * A case prepared for the rules: options resolved, the debtor's zone fixed, communications with
 * their local sending date, claims with their effective due date, oldest first.
 */
import type { LegalOptions } from '../options';
import type { CalendarDate, CaseInput, Claim, CommunicationRecord, Country, DebtorKind, Sender } from '../types';
import { addDays, timeZoneOfCountry } from '@amicus/calendar';
import { localDate } from '@amicus/calendar';

export interface SentCommunication extends CommunicationRecord {
  sender: Sender;
  /** Date of sending in the debtor's time zone. */
  sentOn: CalendarDate;
}

export interface CaseContext {
  input: CaseInput;
  country: Country;
  kind: DebtorKind;
  currency: string;
  timeZone: string;
  options: LegalOptions;
  /** Oldest due date first (the order principal is paid in). */
  claims: Claim[];
  communications: SentCommunication[];
}

/** Each jurisdiction counts days in its country's zone. */
export const LEGAL_TIME_ZONES: Record<Country, string> = { BE: timeZoneOfCountry('BE'), NL: timeZoneOfCountry('NL') };

/** BE-B-1 / NL-B-1: without an agreed payment date, 30 days after the invoice. */
export function effectiveDueDate(claim: Claim): CalendarDate {
  return claim.dueDate ?? addDays(claim.issueDate, 30);
}

/** The zone a case's days are counted in: the one asked for, else the debtor's, else the jurisdiction's. */
export const caseTimeZone = (input: CaseInput, timeZone?: string): string =>
  timeZone ?? input.debtor.timeZone ?? LEGAL_TIME_ZONES[input.debtor.country];

export function caseContext(input: CaseInput, options: LegalOptions, timeZone?: string): CaseContext {
  const tz = caseTimeZone(input, timeZone);
  // Sort keys computed once per element, not per comparison (the order is the same).
  const claims = input.claims
    .map((claim) => ({ claim, due: effectiveDueDate(claim) }))
    .sort(
      (a, b) => a.due.localeCompare(b.due) || a.claim.issueDate.localeCompare(b.claim.issueDate) || a.claim.id.localeCompare(b.claim.id),
    )
    .map((x) => x.claim);
  const communications = (input.communications ?? [])
    .map((c) => ({ c: { ...c, sender: c.sender ?? ('agency' as const), sentOn: localDate(c.sentAt, tz) }, at: Date.parse(c.sentAt) }))
    .sort((a, b) => a.at - b.at)
    .map((x) => x.c);
  return {
    input,
    country: input.debtor.country,
    kind: input.debtor.kind,
    currency: input.currency,
    timeZone: tz,
    options,
    claims,
    communications,
  };
}

/** A claim's value derived from the case, computed once per context (a context never changes once built). */
export function perClaim<T>(memo: WeakMap<CaseContext, Map<Claim, T>>, ctx: CaseContext, claim: Claim, compute: () => T): T {
  let byClaim = memo.get(ctx);
  if (!byClaim) memo.set(ctx, (byClaim = new Map()));
  if (byClaim.has(claim)) return byClaim.get(claim) as T;
  const value = compute();
  byClaim.set(claim, value);
  return value;
}

export function concerns(c: CommunicationRecord, claimId: string): boolean {
  return !c.claimIds || c.claimIds.includes(claimId);
}

/**
 * The reminder that counts as the first reminder of a claim: the earliest complete one sent
 * after the due date (BE-C-8: an incomplete one does not count; NL-C-1: the debtor must already
 * be in default).
 */
export function firstReminderOf(ctx: CaseContext, claim: Claim, channels: readonly string[]): SentCommunication | undefined {
  const due = effectiveDueDate(claim);
  return ctx.communications.find(
    (c) => c.kind === 'first_reminder' && c.complete !== false && concerns(c, claim.id) && c.sentOn > due && channels.includes(c.channel),
  );
}

export function isDisputed(ctx: CaseContext, claimId: string): boolean {
  return (ctx.input.disputes ?? []).some((d) => d.status === 'open' && (!d.claimIds || d.claimIds.includes(claimId)));
}

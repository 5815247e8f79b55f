/**
 * A case as the legal engine reads it (`@amicus/legal`'s case JSON, the same the CLI's
 * `amicus legal assess` reads), and the engine's answer in the shape the API gives.
 */
import { formatAmount } from '@amicus/money';
import { ContactRecord, legalCommunications } from '../contact-history/contact-history';

export interface CaseFacts {
  debtor: { kind: string; country: string; timeZone: string };
  client: { sme: boolean };
  agencyRegistration: string | null;
  currency: string;
  claims: {
    id: string;
    invoiceNumber: string;
    issueDate: string;
    dueDate: string;
    principalMinor: bigint;
    currency: string;
    interestClause: boolean;
    damagesClause: boolean;
    firstReminderSentOn: string | null;
    status: string;
    /** The principal paid on it, as the engine allocated the payments (payments/). */
    paidMinor?: bigint;
    /** What resolved disputes credited on it (disputes/): already left out of `principalMinor`. */
    creditedMinor?: bigint;
  }[];
  paidMinor: bigint;
  /** The agency's contacts with the debtor on this case, from the communications events. */
  history: ContactRecord[];
  /** The payments standing on the case (reversed ones left out), by the day received, then as recorded; absent: none. */
  payments?: readonly CasePayment[];
  /** The case's disputes not yet resolved (disputes/): collection of their claims waits. Absent: none. */
  disputes?: readonly { claimIds: readonly string[] }[];
}

/**
 * The claims the engine reads: open (not recalled) with principal left to state — a claim its
 * disputes credited in full is out of the case, as a recalled one is.
 */
export function claimsInCase(facts: Pick<CaseFacts, 'claims'>): CaseFacts['claims'] {
  return facts.claims.filter((c) => c.status === 'open' && c.principalMinor > 0n);
}

/** A payment as the engine reads it: the day it was received and its amount in the case's currency. */
export interface CasePayment {
  id: string;
  receivedOn: string;
  amountMinor: bigint;
}

/**
 * The case JSON of an existing case. Recalled claims are out of the case. The client's own
 * first reminder (placed with the claim) is a creditor letter on that day; the agency's own
 * messages and calls come from the contact history the case file mirrors from the
 * communications events. The payments are the case's own (payments/), in the order the
 * engine allocates them; the disputes its unresolved ones (disputes/).
 */
export function caseJsonOf(facts: CaseFacts, now: string, step: string | null): Record<string, unknown> {
  const claims = claimsInCase(facts);
  const inCase = new Set(claims.map((c) => c.id));
  const reminders = [...new Set(claims.map((c) => c.firstReminderSentOn).filter((d): d is string => !!d))].sort();
  return {
    now,
    ...(step ? { step } : {}),
    debtor: { kind: facts.debtor.kind, country: facts.debtor.country, timeZone: facts.debtor.timeZone },
    creditor: { smallEnterprise: facts.client.sme },
    collector: { kind: 'agency', ...(facts.agencyRegistration ? { registrationNumber: facts.agencyRegistration } : {}) },
    currency: facts.currency,
    claims: claims.map((c) => ({
      id: c.id,
      number: c.invoiceNumber,
      issueDate: c.issueDate,
      dueDate: c.dueDate,
      principal: formatAmount({ amountMinor: c.principalMinor, currency: c.currency }),
      // A placement's "damages clause: yes" states a clause that holds, i.e. a reciprocal one (BE-C-7).
      terms: { ...(c.interestClause ? { interestClause: {} } : {}), ...(c.damagesClause ? { damagesClause: { reciprocal: true } } : {}) },
    })),
    communications: [
      ...reminders.map((day) => ({
        kind: 'first_reminder',
        channel: 'letter',
        sentAt: `${day}T09:00:00Z`,
        sender: 'creditor',
        claimIds: claims.filter((c) => c.firstReminderSentOn === day).map((c) => c.id),
        complete: true,
      })),
      ...legalCommunications(
        facts.history,
        claims.map((c) => c.id),
      ),
    ],
    payments: (facts.payments ?? []).map((p) => ({
      receivedOn: p.receivedOn,
      amount: formatAmount({ amountMinor: p.amountMinor, currency: facts.currency }),
    })),
    // Open disputes on claims still in the case: the engine leaves those claims alone.
    disputes: (facts.disputes ?? []).flatMap((d) => {
      const claimIds = d.claimIds.filter((id) => inCase.has(id));
      return claimIds.length ? [{ status: 'open', claimIds }] : [];
    }),
  };
}

type J = Record<string, unknown>;
const amount = (m: unknown) => (m && typeof m === 'object' ? String((m as J).amountMinor) : '0');

export interface LegalDecisionView {
  step: string;
  allowed: boolean;
  rule: string;
  source: string;
  reason: string;
  earliestAt: string | null;
  checks: { allowed: boolean; rule: string; source: string; reason: string; earliestAt: string | null }[];
}

/** `assessJson`'s result (JSON-safe: amounts as { amountMinor, currency, formatted }) as the API shows it. */
export function assessmentView(result: J) {
  const decisions = ((result.decisions ?? (result.decision ? [result.decision] : [])) as J[]).map((d): LegalDecisionView => ({
    step: String(d.step),
    allowed: Boolean(d.allowed),
    rule: String(d.rule),
    source: String(d.source),
    reason: String(d.reason),
    earliestAt: (d.earliestAt as string | undefined) ?? null,
    checks: ((d.checks ?? []) as J[]).map((c) => ({
      allowed: Boolean(c.allowed),
      rule: String(c.rule),
      source: String(c.source),
      reason: String(c.reason),
      earliestAt: (c.earliestAt as string | undefined) ?? null,
    })),
  }));
  const st = result.statement as J;
  return {
    now: String(result.now),
    jurisdiction: String(result.jurisdiction ?? ''),
    decisions,
    statement: {
      asOf: String(st.asOf),
      currency: String(st.currency),
      principalMinor: amount(st.principal),
      interestMinor: amount(st.interest),
      damagesMinor: amount(st.damages),
      paidMinor: amount(st.paid),
      totalMinor: amount(st.total),
      complete: Boolean(st.complete),
      problems: (st.problems as string[]) ?? [],
      lines: ((st.lines ?? []) as J[]).map((l) => ({
        kind: String(l.kind),
        label: String(l.label),
        date: (l.date as string | undefined) ?? null,
        claimId: (l.claimId as string | undefined) ?? null,
        amountMinor: amount(l.amount),
        explanation: String(l.explanation),
        rule: (l.rule as string | undefined) ?? null,
        source: (l.source as string | undefined) ?? null,
      })),
    },
  };
}

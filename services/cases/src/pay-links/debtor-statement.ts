/**
 * What a pay link shows its debtor: whose case it is (client, brand, the debtor's own name), in
 * which language and currency, where the case stands, and the statement the legal engine gives
 * today — the same case JSON and the same engine `assessCase` asks, line by line with each
 * line's rule — with the reference a transfer must carry. Nothing else of the case. Pure.
 *
 * While a dispute is open on some claims, what the page asks for is the legal engine's demand
 * statement (`demandStatement`: the undisputed claims alone, their interest and damages counted
 * on them) — the same amounts a letter demands; the disputed claims are listed, marked disputed,
 * with the debtor's own disputes and where they stand.
 */
import { assessmentView, type CaseFacts } from '../assessment/case-assessment';

/** The case as the page names it. */
export interface DebtorCase {
  caseNumber: string;
  phase: string;
  outcome: string | null;
  currency: string;
  clientName: string;
  brandName: string;
  debtorName: string;
  /** The debtor's language as the case file has it (the file's, else the one its country and brand decide: debtors/debtor.ts). */
  language: string;
}

export interface DebtorClaimView {
  id: string;
  invoiceNumber: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  principalMinor: string;
  /** The principal still open on it, as the engine allocated the payments. */
  outstandingMinor: string;
  /** An unresolved dispute concerns it: it is not asked for until the dispute is resolved. */
  disputed: boolean;
}

/** A dispute of the case as its debtor sees it: what it disputes, why, and where it stands (not the client's answer's details). */
export interface DebtorDisputeView {
  id: string;
  claimIds: string[];
  invoiceNumbers: string[];
  reason: string;
  text: string | null;
  status: string;
  raisedAt: Date;
  outcome: string | null;
  /** What the debtor is told of the outcome. */
  explanation: string | null;
}

export type LegalStatementView = ReturnType<typeof assessmentView>['statement'];

export interface DebtorStatementView {
  caseReference: string;
  clientName: string;
  brandName: string;
  debtorName: string;
  language: string;
  currency: string;
  phase: string;
  closed: boolean;
  outcome: string | null;
  paid: boolean;
  claims: DebtorClaimView[];
  /** What is asked for today: the demand statement (the undisputed claims only while a dispute is open). */
  statement: LegalStatementView;
  disputes: DebtorDisputeView[];
  totalDueMinor: string;
  paymentReference: { caseNumber: string; ogm: string; rf: string };
  expiresAt: Date;
}

type J = Record<string, unknown>;

/**
 * The page's statement from the engine's answer (`assessJson` on `caseJsonOf(facts, now)`) and,
 * while a dispute is open, its demand statement (`toJson(demandStatement(...))`): the total due
 * is the demand's. A closed case has nothing to pay through its link: its total due is zero
 * whatever the engine would still count (written off, returned to the client, settled).
 */
export function debtorStatementOf(
  c: DebtorCase,
  facts: CaseFacts,
  engineResult: J,
  paymentReference: DebtorStatementView['paymentReference'],
  expiresAt: Date,
  demand: { statement: J | null; disputes: readonly Omit<DebtorDisputeView, 'invoiceNumbers'>[] } = { statement: null, disputes: [] },
): DebtorStatementView {
  const { statement } = assessmentView(demand.statement ? { ...engineResult, statement: demand.statement } : engineResult);
  const disputed = new Set(demand.disputes.filter((d) => d.status !== 'resolved').flatMap((d) => d.claimIds));
  const invoiceOf = new Map(facts.claims.map((claim) => [claim.id, claim.invoiceNumber]));
  const outstanding = new Map(
    (((engineResult.statement as J).claims ?? []) as { claimId: string; principal: { amountMinor: unknown } }[]).map((x) => [
      x.claimId,
      String(x.principal.amountMinor),
    ]),
  );
  const closed = c.phase === 'closed';
  return {
    caseReference: c.caseNumber,
    clientName: c.clientName,
    brandName: c.brandName,
    debtorName: c.debtorName,
    language: c.language,
    currency: c.currency,
    phase: c.phase,
    closed,
    outcome: c.outcome,
    paid: c.outcome === 'paid',
    claims: facts.claims
      // A claim credited in full by a dispute is out of the case, as a recalled one is.
      .filter((claim) => claim.status === 'open' && claim.principalMinor > 0n)
      .map((claim) => ({
        id: claim.id,
        invoiceNumber: claim.invoiceNumber,
        issueDate: claim.issueDate,
        dueDate: claim.dueDate,
        currency: claim.currency,
        principalMinor: claim.principalMinor.toString(),
        outstandingMinor: outstanding.get(claim.id) ?? '0',
        disputed: disputed.has(claim.id),
      })),
    statement,
    disputes: demand.disputes.map((d) => ({ ...d, invoiceNumbers: d.claimIds.map((id) => invoiceOf.get(id) ?? id) })),
    totalDueMinor: closed ? '0' : statement.totalMinor,
    paymentReference,
    expiresAt,
  };
}

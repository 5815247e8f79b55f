/**
 * What a pay link shows its debtor: whose case it is (client, brand, the debtor's own name), in
 * which language and currency, where the case stands, and the statement the legal engine gives
 * today — the same case JSON and the same engine `assessCase` asks, line by line with each
 * line's rule — with the reference a transfer must carry. Nothing else of the case. Pure.
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
  statement: LegalStatementView;
  totalDueMinor: string;
  paymentReference: { caseNumber: string; ogm: string; rf: string };
  expiresAt: Date;
}

type J = Record<string, unknown>;

/**
 * The page's statement from the engine's answer (`assessJson` on `caseJsonOf(facts, now)`).
 * A closed case has nothing to pay through its link: its total due is zero whatever the engine
 * would still count (written off, returned to the client, settled).
 */
export function debtorStatementOf(
  c: DebtorCase,
  facts: CaseFacts,
  engineResult: J,
  paymentReference: DebtorStatementView['paymentReference'],
  expiresAt: Date,
): DebtorStatementView {
  const { statement } = assessmentView(engineResult);
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
      .filter((claim) => claim.status === 'open')
      .map((claim) => ({
        id: claim.id,
        invoiceNumber: claim.invoiceNumber,
        issueDate: claim.issueDate,
        dueDate: claim.dueDate,
        currency: claim.currency,
        principalMinor: claim.principalMinor.toString(),
        outstandingMinor: outstanding.get(claim.id) ?? '0',
      })),
    statement,
    totalDueMinor: closed ? '0' : statement.totalMinor,
    paymentReference,
    expiresAt,
  };
}

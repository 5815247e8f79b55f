/**
 * The court dossier of a case (#16 §3) as a plain value: assembled from the case file and its
 * audit trail — the parties, the court route, the claims, the engine's statement, the payments
 * and their allocation, every communication with its proof (delivery and the SHA-256 of what
 * left), the calls, the disputes with the answers given, the client's instructions, the
 * proceedings — and an index of annexes. The same value is the machine-readable package (JSON)
 * and what the PDF (dossier-pdf.ts) lays out.
 */
import { courtLanguage, courtRoute, type CourtLanguage, type CourtRoute, type RouteAnswer } from '@amicus/legal';
import type { JudgmentBalance } from './proceedings';

export const DOSSIER_FORMAT = 'amicus-legal-dossier/1';

export interface StatementView {
  asOf: string;
  currency: string;
  principalMinor: string;
  interestMinor: string;
  damagesMinor: string;
  paidMinor: string;
  totalMinor: string;
  complete: boolean;
  problems: string[];
  lines: {
    kind: string;
    label: string;
    date: string | null;
    claimId: string | null;
    amountMinor: string;
    explanation: string;
    rule: string | null;
    source: string | null;
  }[];
}

export interface DossierInput {
  dossierId: string;
  issuedAt: string;
  issuedBy: string;
  agency: { registration: string | null };
  case: { id: string; number: string; phase: string; currency: string; openedAt: string };
  creditor: { id: string; name: string; enterpriseNumber: string | null; country: string };
  debtor: {
    name: string;
    kind: string;
    vatNumber: string | null;
    country: string;
    language: string;
    address: { lines: string[]; postcode: string; city: string; country: string } | null;
  };
  claims: {
    id: string;
    invoiceNumber: string;
    issueDate: string;
    dueDate: string;
    principalMinor: string;
    interestClause: boolean;
    damagesClause: boolean;
    status: string;
  }[];
  statement: StatementView;
  payments: {
    id: string;
    receivedOn: string;
    amountMinor: string;
    source: string;
    status: string;
    allocation: {
      costsMinor: string;
      interestMinor: string;
      principal: unknown;
      unallocatedMinor: string;
      rule: string | null;
      source: string | null;
    };
  }[];
  communications: {
    id: string;
    kind: string;
    channel: string;
    language: string;
    recipient: string;
    sentAt: string;
    providerMessageId: string | null;
    sha256: string | null;
    deliveredAt: string | null;
    failedAt: string | null;
    failure: string | null;
  }[];
  calls: {
    id: string;
    at: string;
    direction: string;
    outcome: string;
    number: string;
    agentId: string;
    note: string | null;
    promise: unknown;
  }[];
  disputes: {
    id: string;
    claimIds: string[];
    reason: string;
    text: string | null;
    raisedBy: string;
    raisedAt: string;
    status: string;
    answer: string | null;
    answeredAt: string | null;
    outcome: string | null;
    explanation: string | null;
    resolvedAt: string | null;
  }[];
  /** The client's instructions: what its users decided on the case (audit entries by a client user). */
  instructions: { at: string; actor: string; action: string; reason: string | null }[];
  audit: { seq: string; at: string; actor: string; action: string; reason: string | null }[];
  proceedings: {
    court: string;
    reference: string | null;
    entries: { kind: string; on: string; description: string; amountMinor: string | null; done: boolean }[];
    judgment: {
      judgedOn: string;
      court: string;
      reference: string | null;
      principalMinor: string;
      costsMinor: string;
      interestRatePercent: string | null;
      interestFrom: string | null;
    } | null;
    balance: JudgmentBalance | null;
  } | null;
  /** Legal stops or other facts that keep a route from fitting (read when present). */
  legalStop: boolean;
}

export interface Annex {
  number: string;
  title: string;
  /** Where the annex itself is: a communication's evidence (by id and SHA-256), the case file's section. */
  ref: string;
  sha256: string | null;
  section: SectionKey;
}

export type SectionKey =
  'cover' | 'claims' | 'statement' | 'payments' | 'communications' | 'calls' | 'disputes' | 'instructions' | 'proceedings' | 'audit';
export const SECTIONS: readonly SectionKey[] = [
  'cover',
  'claims',
  'statement',
  'payments',
  'communications',
  'calls',
  'disputes',
  'instructions',
  'proceedings',
  'audit',
];

export interface DossierPackage extends DossierInput {
  format: typeof DOSSIER_FORMAT;
  language: CourtLanguage;
  route: (Omit<CourtRoute, 'limitMinor'> & { limitMinor: string | null }) | null;
  routesConsidered: RouteAnswer['considered'];
  annexes: Annex[];
}

/** The dossier's package: the court's language, the route that fits the case, and the index of annexes. */
export function dossierPackage(input: DossierInput): DossierPackage {
  const language = courtLanguage(input.debtor.country, input.debtor.address?.postcode ?? null, input.debtor.language);
  const contested = input.disputes.some((d) => d.status !== 'resolved' || d.outcome === 'rejected');
  const answer = courtRoute({
    country: input.debtor.country,
    debtorKind: input.debtor.kind,
    principalMinor: BigInt(input.statement.principalMinor),
    contested,
    legalStop: input.legalStop,
  });
  const annexes: Annex[] = [];
  let n = 0;
  const add = (title: string, ref: string, section: SectionKey, sha256: string | null = null) =>
    annexes.push({ number: `A${++n}`, title, ref, sha256, section });
  for (const c of input.claims) add(`invoice ${c.invoiceNumber} (${c.issueDate})`, `claim ${c.id}`, 'claims');
  add('statement of account', `statement as of ${input.statement.asOf}`, 'statement');
  for (const c of input.communications)
    add(`${c.kind} by ${c.channel}, ${c.sentAt.slice(0, 10)}`, `communication ${c.id} (evidence as sent)`, 'communications', c.sha256);
  for (const d of input.disputes) add(`dispute ${d.reason}, ${d.raisedAt.slice(0, 10)}`, `dispute ${d.id}`, 'disputes');
  if (input.proceedings?.judgment)
    add(`judgment ${input.proceedings.judgment.judgedOn}`, `judgment of ${input.proceedings.judgment.court}`, 'proceedings');
  add('audit trail of the case', `case ${input.case.id}`, 'audit');
  return {
    format: DOSSIER_FORMAT,
    ...input,
    language,
    route: answer.route && { ...answer.route, limitMinor: answer.route.limitMinor === null ? null : answer.route.limitMinor.toString() },
    routesConsidered: answer.considered,
    annexes,
  };
}

/** The package as JSON (amounts already decimal strings; bigints in the balance as strings). */
export function packageJson(p: DossierPackage): string {
  return JSON.stringify(p, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

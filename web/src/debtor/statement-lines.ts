/**
 * The engine's statement lines as the debtor reads them: under the invoice they belong to
 * (joined on claimId), the payments apart, in the engine's own order.
 */

export interface Line {
  kind: string;
  label: string;
  date?: string | null;
  claimId?: string | null;
  amountMinor: string;
  explanation: string;
  rule?: string | null;
  source?: string | null;
}

export interface ClaimOf {
  id: string;
  invoiceNumber: string;
}

export interface GroupedStatement<C extends ClaimOf, L extends Line> {
  claims: { claim: C; lines: L[] }[];
  payments: L[];
  /** Lines of no claim shown (e.g. one recalled since): kept, so the lines still add up to the total. */
  other: L[];
}

export function groupLines<C extends ClaimOf, L extends Line>(claims: readonly C[], lines: readonly L[]): GroupedStatement<C, L> {
  const byClaim = new Map(claims.map((c) => [c.id, { claim: c, lines: [] as L[] }]));
  const payments: L[] = [];
  const other: L[] = [];
  for (const line of lines) {
    const group = line.claimId ? byClaim.get(line.claimId) : undefined;
    if (group) group.lines.push(line);
    else if (line.kind === 'payment') payments.push(line);
    else other.push(line);
  }
  return { claims: [...byClaim.values()], payments, other };
}

/** The engine names claims by their id in its arithmetic; the debtor knows them by invoice number. */
export function explanationFor(line: Line, claims: readonly ClaimOf[]): string {
  let text = line.explanation;
  for (const c of claims) text = text.split(c.id).join(c.invoiceNumber);
  return text;
}

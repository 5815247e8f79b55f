/**
 * What collection may ask for while disputes are open: only the claims no open dispute concerns
 * (domain.md, Dispute: it pauses collection of the disputed claims until resolved). The demand is
 * the case restated as if the disputed claims were not in it — their interest and damages go
 * with them, a per-case damages scale counts only the rest — and what the payments already paid
 * on the disputed claims' principal stays with those claims.
 */
import { money } from '@amicus/money';
import type { CaseInput, DisputeRecord } from '../types';
import type { Statement } from './statement';

/** The claims of the case an open dispute concerns (a dispute without claim ids concerns them all). */
export function disputedClaimIds(input: CaseInput): Set<string> {
  const open = (input.disputes ?? []).filter((d: DisputeRecord) => d.status === 'open');
  const ids = new Set<string>();
  for (const d of open) for (const c of input.claims) if (!d.claimIds || d.claimIds.includes(c.id)) ids.add(c.id);
  return ids;
}

/**
 * The case without its disputed claims, for the demand: `full` is the statement of the whole
 * case (on the demand's day), whose allocations say what each payment paid on the disputed
 * claims' principal; that part leaves the payment. Disputes are left out (none is open on what is left).
 */
export function undisputedPart(input: CaseInput, full: Statement, disputed: ReadonlySet<string>): CaseInput {
  const claims = input.claims.filter((c) => !disputed.has(c.id));
  // The statement allocates the payments received by its day, by day (a stable sort): the same order here.
  const counted = (input.payments ?? [])
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.receivedOn <= full.asOf)
    .sort((a, b) => a.p.receivedOn.localeCompare(b.p.receivedOn));
  const paidOnDisputed = new Map<number, bigint>();
  counted.forEach(({ i }, k) => {
    const parts = full.allocations[k]?.principal ?? [];
    paidOnDisputed.set(
      i,
      parts.filter((x) => disputed.has(x.claimId)).reduce((t, x) => t + x.amount.amountMinor, 0n),
    );
  });
  const payments = (input.payments ?? []).flatMap((p, i) => {
    const left = p.amount.amountMinor - (paidOnDisputed.get(i) ?? 0n);
    return left > 0n ? [{ ...p, amount: money(left, p.amount.currency) }] : [];
  });
  const communications = (input.communications ?? []).map((c) =>
    c.claimIds ? { ...c, claimIds: c.claimIds.filter((id) => !disputed.has(id)) } : c,
  );
  return { ...input, claims, payments, communications, disputes: [] };
}

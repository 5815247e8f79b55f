/**
 * Payment allocation, BE-X-1 (Belgian Civil Code) and NL-X-1 (art. 6:44 BW): costs (damages),
 * then interest, then principal. Principal goes to the oldest claim first (art. 6:43 lid 2 BW;
 * our reading for Belgium too). Whatever exceeds the debt is returned as unallocated.
 */
import { money, type Money } from '@amicus/money';

export interface OpenBalances {
  currency: string;
  costs: bigint;
  interest: bigint;
  /** Principal per claim, in the order it is to be paid (oldest first). */
  principal: { claimId: string; amountMinor: bigint }[];
}

export interface Allocation {
  payment: Money;
  costs: Money;
  interest: Money;
  principal: { claimId: string; amount: Money }[];
  /** Overpayment: more than everything open. */
  unallocated: Money;
  rule: string;
  source: string;
}

export function allocate(payment: Money, open: OpenBalances, rule: string, source: string): Allocation {
  if (payment.currency !== open.currency) throw new RangeError(`payment in ${payment.currency}, case in ${open.currency}`);
  if (payment.amountMinor < 0n) throw new RangeError('a payment is never negative');
  let left = payment.amountMinor;
  const take = (due: bigint): bigint => {
    const t = due > 0n ? (left < due ? left : due) : 0n;
    left -= t;
    return t;
  };
  const costs = take(open.costs);
  const interest = take(open.interest);
  const principal = open.principal.map((p) => ({ claimId: p.claimId, amount: money(take(p.amountMinor), open.currency) }));
  return {
    payment,
    costs: money(costs, open.currency),
    interest: money(interest, open.currency),
    principal,
    unallocated: money(left, open.currency),
    rule,
    source,
  };
}

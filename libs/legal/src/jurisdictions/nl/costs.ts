/**
 * NL-C-3: the BIK scale on the principal (15% of the first €2,500, min €40; 10% of the next
 * €2,500; 5% of the next €5,000; 1% of the next €190,000; 0.5% of the rest; max €6,775).
 * NL-B-2: businesses at least €40; otherwise the contract, or the BIK scale as the reasonable measure.
 */
import { addRatio, fromMajorRatio, minRatio, mulRatio, ratio, subRatio, toMajorRatio, type Money, type Ratio } from '@amicus/money';
import { moneyText } from '../../core/money-text';
import type { DamagesClause } from '../../types';
import { clauseAmount, euroOnly } from '../be/damages';
import type { DamagesCap } from '../jurisdiction';
import { BIK, BW_696_4 } from './sources';

const BANDS: { size: bigint | undefined; pct: Ratio; label: string }[] = [
  { size: 2500n, pct: ratio(15n, 100n), label: '15%' },
  { size: 2500n, pct: ratio(10n, 100n), label: '10%' },
  { size: 5000n, pct: ratio(5n, 100n), label: '5%' },
  { size: 190000n, pct: ratio(1n, 100n), label: '1%' },
  { size: undefined, pct: ratio(5n, 1000n), label: '0.5%' },
];

export function bikScale(principal: Money): DamagesCap {
  const rule = 'NL-C-3';
  const refused = euroOnly(principal, rule, BIK);
  if (refused) return refused;
  const eur = (r: Ratio): Money => fromMajorRatio(r, 'EUR');
  if (principal.amountMinor <= 0n) return { allowed: true, max: eur(ratio(0n)), rule, source: BIK, arithmetic: 'nothing outstanding' };
  let left = toMajorRatio(principal);
  let total = ratio(0n);
  const parts: string[] = [];
  for (const band of BANDS) {
    if (left.num <= 0n) break;
    const part = band.size === undefined ? left : minRatio(left, ratio(band.size));
    const amount = mulRatio(part, band.pct);
    parts.push(`${band.label} × ${moneyText(eur(part))}`);
    total = addRatio(total, amount);
    left = subRatio(left, part);
  }
  let max = eur(total);
  let arithmetic = `${parts.join(' + ')} = ${moneyText(max)}`;
  if (max.amountMinor < 4000n) {
    max = eur(ratio(40n));
    arithmetic += ' → minimum €40';
  } else if (max.amountMinor > 677500n) {
    max = eur(ratio(6775n));
    arithmetic += ' → maximum €6775';
  }
  return { allowed: true, max, rule, source: BIK, arithmetic };
}

export function nlBusinessCosts(principal: Money, clause?: DamagesClause): DamagesCap {
  const rule = 'NL-B-2';
  const refused = euroOnly(principal, rule, BW_696_4);
  if (refused) return refused;
  if (principal.amountMinor <= 0n)
    return { allowed: true, max: fromMajorRatio(ratio(0n), 'EUR'), rule, source: BW_696_4, arithmetic: 'nothing outstanding' };
  const contractual = clauseAmount(principal, clause);
  const scale = contractual ? undefined : bikScale(principal);
  const measure = contractual ?? scale!.max;
  const basis = contractual ? `contractual clause ${moneyText(contractual)}` : `BIK scale ${scale!.arithmetic}`;
  if (measure.amountMinor < 4000n)
    return { allowed: true, max: fromMajorRatio(ratio(40n), 'EUR'), rule, source: BW_696_4, arithmetic: `${basis} → at least €40` };
  return {
    allowed: true,
    max: measure,
    rule,
    source: contractual ? `${BW_696_4}; contract` : `${BW_696_4}; ${BIK} as reasonable measure`,
    arithmetic: basis,
  };
}

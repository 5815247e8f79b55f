/**
 * BE-C-7 (consumer lump-sum damages scale) and BE-B-2 (€40 flat compensation for businesses).
 * The amounts of the law are in euro: for another currency there is no conversion rule in the law,
 * so the engine refuses damages rather than invent an exchange rate.
 */
import { fromMajorRatio, maxMoney, minMoney, money, mulRatio, ratio, subRatio, toMajorRatio, addRatio, type Money } from '@amicus/money';
import { decimalOf, moneyText } from '../../core/money-text';
import type { DamagesClause } from '../../types';
import type { DamagesCap } from '../jurisdiction';
import { CEL_XIX, LAW_2002 } from './sources';

export function euroOnly(outstanding: Money, rule: string, source: string): DamagesCap | undefined {
  if (outstanding.currency === 'EUR') return undefined;
  return {
    allowed: false,
    max: money(0n, outstanding.currency),
    rule,
    source,
    arithmetic: `the statutory amounts are in euro; no damages in ${outstanding.currency} without a conversion rule`,
  };
}

const eur = (text: string): Money => fromMajorRatio(decimalOf(text), 'EUR');

export function beConsumerDamagesCap(outstanding: Money): DamagesCap {
  const rule = 'BE-C-7';
  const refused = euroOnly(outstanding, rule, CEL_XIX);
  if (refused) return refused;
  const x = toMajorRatio(outstanding);
  const at = (r: ReturnType<typeof ratio>): Money => fromMajorRatio(r, 'EUR');
  if (outstanding.amountMinor <= 0n) return { allowed: true, max: eur('0'), rule, source: CEL_XIX, arithmetic: 'nothing outstanding' };
  if (outstanding.amountMinor <= 15000n) return { allowed: true, max: eur('20'), rule, source: CEL_XIX, arithmetic: '≤ €150: €20' };
  if (outstanding.amountMinor <= 50000n) {
    const v = at(addRatio(ratio(30n), mulRatio(ratio(1n, 10n), subRatio(x, ratio(150n)))));
    return {
      allowed: true,
      max: v,
      rule,
      source: CEL_XIX,
      arithmetic: `€30 + 10% × (${moneyText(outstanding)} − €150) = ${moneyText(v)}`,
    };
  }
  const v = at(addRatio(ratio(65n), mulRatio(ratio(1n, 20n), subRatio(x, ratio(500n)))));
  const capped = minMoney(v, eur('2000'));
  return {
    allowed: true,
    max: capped,
    rule,
    source: CEL_XIX,
    arithmetic:
      `€65 + 5% × (${moneyText(outstanding)} − €500) = ${moneyText(v)}` + (capped.amountMinor < v.amountMinor ? ' → capped at €2000' : ''),
  };
}

/** BE-B-2: €40 by law; a contractual clause applies if agreed (the higher of the two, not both — our reading). */
export function beBusinessDamagesCap(outstanding: Money, clause?: DamagesClause): DamagesCap {
  const rule = 'BE-B-2';
  const source = `${LAW_2002}, art. 6`;
  const refused = euroOnly(outstanding, rule, source);
  if (refused) return refused;
  if (outstanding.amountMinor <= 0n) return { allowed: true, max: eur('0'), rule, source, arithmetic: 'nothing outstanding' };
  const flat = eur('40');
  const contractual = clauseAmount(outstanding, clause);
  if (!contractual || contractual.amountMinor <= flat.amountMinor)
    return {
      allowed: true,
      max: flat,
      rule,
      source,
      arithmetic: 'flat compensation €40' + (contractual ? ` (≥ contractual ${moneyText(contractual)})` : ''),
    };
  return {
    allowed: true,
    max: contractual,
    rule,
    source: `${source}; contractual damages clause`,
    arithmetic: `contractual clause ${clause?.ratePercent ?? '0'}% × ${moneyText(outstanding)}${clause?.minimum ? `, minimum ${moneyText(clause.minimum)}` : ''} = ${moneyText(contractual)} (> €40)`,
  };
}

export function clauseAmount(outstanding: Money, clause?: DamagesClause): Money | undefined {
  if (!clause || (!clause.ratePercent && !clause.minimum)) return undefined;
  const pct = clause.ratePercent
    ? fromMajorRatio(mulRatio(toMajorRatio(outstanding), mulRatio(decimalOf(clause.ratePercent), ratio(1n, 100n))), outstanding.currency)
    : money(0n, outstanding.currency);
  return clause.minimum && clause.minimum.currency === outstanding.currency ? maxMoney(pct, clause.minimum) : pct;
}

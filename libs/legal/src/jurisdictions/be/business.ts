/**
 * Belgium, business debtor: Law of 2 August 2002 on late payment in commercial transactions.
 * Interest and the €40 compensation are due by operation of law, without notice (BE-B-1, BE-B-2);
 * no free-reminder requirement, no consumer cap (BE-B-3).
 */
import { addDays, describeDate } from '@amicus/calendar';
import { effectiveDueDate, type CaseContext } from '../../core/case-context';
import type { Claim, Decision } from '../../types';
import type { ChargeRight, InterestRight, RulePack, StepContext } from '../jurisdiction';
import { businessStepChecks } from '../step-checks';
import { beBusinessDamagesCap } from './damages';
import { beBusinessMentions } from './mentions';
import { BE_ALLOCATION, LAW_2002 } from './sources';

function damagesRight(ctx: CaseContext, claim: Claim): ChargeRight {
  if (ctx.currency !== 'EUR')
    return { allowed: false, rule: 'BE-B-2', source: LAW_2002, reason: `the €40 compensation is in euro; no damages in ${ctx.currency}` };
  const from = addDays(effectiveDueDate(claim), 1);
  return {
    allowed: true,
    rule: 'BE-B-2',
    source: `${LAW_2002}, art. 6`,
    reason: `due by operation of law from ${describeDate(from)}`,
    from,
  };
}

function interestRight(ctx: CaseContext, claim: Claim): InterestRight {
  const from = addDays(effectiveDueDate(claim), 1);
  const contract = claim.terms?.interestClause?.ratePercent;
  return {
    allowed: true,
    rule: 'BE-B-1',
    source: `${LAW_2002}, art. 5`,
    from,
    accrualFrom: from,
    rate: contract ? { kind: 'contract', ratePercent: contract } : { kind: 'table', table: ctx.options.rateTables['be-late-payment'] },
    reason: `by operation of law from ${describeDate(from)}${claim.dueDate ? '' : ' (30 days after the invoice, no payment date agreed)'} at ${contract ? `the contract rate ${contract}%` : 'the reference rate'}`,
  };
}

function stepChecks(s: StepContext): Decision[] {
  return businessStepChecks(s, {
    overdue: ['BE-B-1', LAW_2002],
    legal: ['BE-B-LEGAL', 'Judicial Code art. 1394/20 ff. (proof of reminders); agency policy term (Choice)'],
    contact: s.ctx.options.contact['BE-business'],
  });
}

export const beBusiness: RulePack = {
  country: 'BE',
  debtorKind: 'business',
  damagesRight,
  interestRight,
  maxDamages: beBusinessDamagesCap,
  stepChecks,
  requiredMentions: beBusinessMentions,
  allocation: BE_ALLOCATION,
};

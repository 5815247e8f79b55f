/**
 * Netherlands, business debtor: commercial interest (art. 6:119a BW) from the day after the
 * payment term, without notice (NL-B-1); costs at least €40 (NL-B-2).
 */
import { addDays, describeDate } from '@amicus/calendar';
import { effectiveDueDate, type CaseContext } from '../../core/case-context';
import type { Claim, Decision } from '../../types';
import type { ChargeRight, InterestRight, RulePack, StepContext } from '../jurisdiction';
import { businessStepChecks } from '../step-checks';
import { nlBusinessCosts } from './costs';
import { nlBusinessMentions } from './mentions';
import { BW_6119A, BW_696_4, NL_ALLOCATION } from './sources';

function damagesRight(ctx: CaseContext, claim: Claim): ChargeRight {
  if (ctx.currency !== 'EUR')
    return { allowed: false, rule: 'NL-B-2', source: BW_696_4, reason: `the €40 minimum is in euro; no costs in ${ctx.currency}` };
  const from = addDays(effectiveDueDate(claim), 1);
  return { allowed: true, rule: 'NL-B-2', source: BW_696_4, reason: `in default without notice from ${describeDate(from)}`, from };
}

function interestRight(ctx: CaseContext, claim: Claim): InterestRight {
  const from = addDays(effectiveDueDate(claim), 1);
  const contract = claim.terms?.interestClause?.ratePercent;
  return {
    allowed: true,
    rule: 'NL-B-1',
    source: BW_6119A,
    from,
    accrualFrom: from,
    rate: contract ? { kind: 'contract', ratePercent: contract } : { kind: 'table', table: ctx.options.rateTables['nl-commercial'] },
    reason: `commercial interest from ${describeDate(from)}${claim.dueDate ? '' : ' (30 days after the invoice)'}`,
  };
}

function stepChecks(s: StepContext): Decision[] {
  return businessStepChecks(s, {
    overdue: ['NL-B-1', BW_6119A],
    legal: ['NL-B-LEGAL', 'art. 111 Rv (dagvaarding); agency policy term (Choice)'],
    contact: s.ctx.options.contact['NL-business'],
  });
}

export const nlBusiness: RulePack = {
  country: 'NL',
  debtorKind: 'business',
  damagesRight,
  interestRight,
  maxDamages: nlBusinessCosts,
  stepChecks,
  requiredMentions: nlBusinessMentions,
  allocation: NL_ALLOCATION,
};

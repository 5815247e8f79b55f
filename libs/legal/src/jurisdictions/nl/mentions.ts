/**
 * The mentions a Dutch document must carry (template variables from vocab.md).
 */
import type { DocumentKind, Mention } from '../../types';
import { mention } from '../mention';
import { BIK, BW_696 } from './sources';

const m = mention;

/** NL-C-1: the 14-day letter. */
const FOURTEEN_DAY_LETTER: Mention[] = [
  m('NL-C-1.principal', 'NL-C-1', BW_696, 'the principal to pay', ['amounts.principal']),
  m('NL-C-1.term', 'NL-C-1', BW_696, 'a term of 14 days, starting the day after receipt, to pay without costs', [
    'term.days',
    'term.endDate',
  ]),
  m('NL-C-1.costs', 'NL-C-1', BW_696, 'the collection costs that will be charged if not paid within the term', ['amounts.damagesIfUnpaid']),
  m('NL-C-1.creditor', 'NL-C-1', BW_696, 'the creditor and the claims concerned', ['creditor.name', 'claims.number']),
];

const COSTS_SPECIFIED = m('NL-C-3.breakdown', 'NL-C-3', BIK, 'the costs and interest charged, calculated by the scale', [
  'amounts.breakdown',
]);

export function nlConsumerMentions(kind: DocumentKind): Mention[] {
  switch (kind) {
    case 'first_reminder':
      return FOURTEEN_DAY_LETTER;
    case 'reminder':
      return [];
    case 'formal_notice':
    case 'final_notice':
      return [COSTS_SPECIFIED];
  }
}

export function nlBusinessMentions(): Mention[] {
  return [];
}

/**
 * The mentions a Belgian document must carry, with the template variables (vocab.md) that carry
 * them. `claims.x` means the field x of each element of `claims`.
 */
import type { DocumentKind, Mention, Sender } from '../../types';
import { mention } from '../mention';
import { CEL_XIX, CEL_XIX_T2 } from './sources';

const m = mention;

/** BE-C-3: the first reminder. */
const FIRST_REMINDER: Mention[] = [
  m('BE-C-3.principal', 'BE-C-3', CEL_XIX, 'the principal still due', ['amounts.principal']),
  m('BE-C-3.damages', 'BE-C-3', CEL_XIX, 'the damages that will be claimed if not paid within the term', ['amounts.damagesIfUnpaid']),
  m('BE-C-3.creditor', 'BE-C-3', CEL_XIX, "the creditor's name and enterprise number", ['creditor.name', 'creditor.enterpriseNumber']),
  m('BE-C-3.claim', 'BE-C-3', CEL_XIX, 'a description of the goods or service and the date the debt fell due', [
    'claims.description',
    'claims.dueDate',
  ]),
  m('BE-C-3.term', 'BE-C-3', CEL_XIX, 'the term (at least 14 calendar days) to pay before any damages are claimed', [
    'term.days',
    'term.endDate',
  ]),
  m('BE-C-3.contest', 'BE-C-3', CEL_XIX, 'that the debtor may pay or contest within the term', ['term.contestNotice']),
];

/** BE-A-1: the agency's registration on every communication. */
const REGISTRATION = m('BE-A-1.registration', 'BE-A-1', CEL_XIX_T2, "the collection agency's FPS Economy registration", [
  'agency.registrationNumber',
]);

/** BE-A-2: the collector's formal notice. */
const FORMAL_NOTICE: Mention[] = [
  m('BE-A-2.creditor', 'BE-A-2', CEL_XIX_T2, 'identity, enterprise number, address, phone and capacity of the original creditor', [
    'creditor.name',
    'creditor.enterpriseNumber',
    'creditor.addressLines',
    'creditor.phone',
    'creditor.capacity',
  ]),
  m('BE-A-2.collector', 'BE-A-2', CEL_XIX_T2, "the collector's name, address and enterprise number", [
    'agency.name',
    'agency.addressLines',
    'agency.enterpriseNumber',
  ]),
  m('BE-A-2.supervisor', 'BE-A-2', CEL_XIX_T2, 'contact details of the supervising administration (FPS Economy)', ['agency.supervisor']),
  m('BE-A-2.obligation', 'BE-A-2', CEL_XIX_T2, 'a clear description of the obligation (invoice number and date)', [
    'claims.number',
    'claims.issueDate',
  ]),
  m('BE-A-2.amounts', 'BE-A-2', CEL_XIX_T2, 'a description and justification of every amount claimed, including damages and interest', [
    'amounts.breakdown',
  ]),
  m('BE-A-2.term', 'BE-A-2', CEL_XIX_T2, 'that without reaction within the term (at least 15 days) further collection steps may follow', [
    'term.days',
    'term.endDate',
    'term.consequences',
  ]),
];

const byId = (list: Mention[]): Mention[] => [...new Map(list.map((x) => [x.id, x])).values()];

export function beConsumerMentions(kind: DocumentKind, sender: Sender): Mention[] {
  const agency = sender === 'agency' ? [REGISTRATION] : [];
  switch (kind) {
    // An agency's first reminder is also its formal notice (BE-A-2, BE-C-8).
    case 'first_reminder':
      return byId([...FIRST_REMINDER, ...(sender === 'agency' ? FORMAL_NOTICE : []), ...agency]);
    case 'formal_notice':
      return byId([...(sender === 'agency' ? FORMAL_NOTICE : []), ...agency]);
    case 'reminder':
      return agency;
    case 'final_notice':
      return byId([...agency, ...FORMAL_NOTICE.filter((x) => x.id === 'BE-A-2.amounts' || x.id === 'BE-A-2.term')]);
  }
}

/** BE-B-3: no statutory mentions for business debtors. */
export function beBusinessMentions(): Mention[] {
  return [];
}

import { requiredMentions } from './api';
import { DOCUMENT_KINDS } from './types';

// The template variables of /work/shared/design vocab (communications' Handlebars context).
const VOCAB = new Set([
  'debtor.name',
  'debtor.addressLines',
  'debtor.language',
  'debtor.kind',
  'creditor.name',
  'creditor.enterpriseNumber',
  'creditor.addressLines',
  'creditor.phone',
  'creditor.email',
  'creditor.capacity',
  'agency.name',
  'agency.enterpriseNumber',
  'agency.addressLines',
  'agency.registrationNumber',
  'agency.supervisor',
  'claims',
  'claims.number',
  'claims.issueDate',
  'claims.dueDate',
  'claims.description',
  'claims.principal',
  'amounts.principal',
  'amounts.interest',
  'amounts.damages',
  'amounts.costs',
  'amounts.paid',
  'amounts.total',
  'amounts.damagesIfUnpaid',
  'amounts.breakdown',
  'term.days',
  'term.endDate',
  'term.contestNotice',
  'term.consequences',
  'payment.reference',
  'payment.iban',
  'payment.bic',
  'payment.link',
  'payment.qr',
  'case.reference',
  'today',
]);

describe('requiredMentions', () => {
  it('BE consumer first reminder carries the BE-C-3 mentions', () => {
    const ids = requiredMentions({ country: 'BE', debtorKind: 'consumer', documentKind: 'first_reminder', sender: 'creditor' }).map(
      (m) => m.id,
    );
    expect(ids).toEqual(['BE-C-3.principal', 'BE-C-3.damages', 'BE-C-3.creditor', 'BE-C-3.claim', 'BE-C-3.term', 'BE-C-3.contest']);
  });

  it("an agency's first reminder is also its formal notice and carries its registration", () => {
    const m = requiredMentions({ country: 'BE', debtorKind: 'consumer', documentKind: 'first_reminder' });
    const ids = m.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['BE-C-3.damages', 'BE-A-2.supervisor', 'BE-A-2.term', 'BE-A-1.registration']));
    expect(m.find((x) => x.id === 'BE-A-1.registration')?.variables).toEqual(['agency.registrationNumber']);
  });

  it('the NL 14-day letter states the costs if unpaid and the 14-day term', () => {
    const m = requiredMentions({ country: 'NL', debtorKind: 'consumer', documentKind: 'first_reminder' });
    expect(m.map((x) => x.rule)).toEqual(['NL-C-1', 'NL-C-1', 'NL-C-1', 'NL-C-1']);
    expect(m.flatMap((x) => x.variables)).toEqual(expect.arrayContaining(['amounts.damagesIfUnpaid', 'term.days']));
  });

  it('business debtors have no statutory mentions', () => {
    expect(requiredMentions({ country: 'BE', debtorKind: 'business', documentKind: 'formal_notice' })).toEqual([]);
  });

  it('only names variables of the shared vocabulary, with unique ids', () => {
    for (const country of ['BE', 'NL'] as const)
      for (const debtorKind of ['consumer', 'business'] as const)
        for (const documentKind of DOCUMENT_KINDS)
          for (const sender of ['agency', 'creditor'] as const) {
            const list = requiredMentions({ country, debtorKind, documentKind, sender });
            expect(new Set(list.map((x) => x.id)).size).toBe(list.length);
            for (const m of list) for (const v of m.variables) expect(VOCAB.has(v) ? v : `unknown variable ${v}`).toBe(v);
          }
  });
});

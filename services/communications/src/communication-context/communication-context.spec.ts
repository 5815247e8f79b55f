import { buildTemplateContext, caseReferenceOf, ContextInput } from './communication-context';

const input: ContextInput = {
  kind: 'reminder',
  language: 'fr',
  now: new Date('2025-03-03T09:00:00Z'),
  caseReference: caseReferenceOf(42),
  debtor: {
    name: 'Marie Dubois',
    kind: 'consumer',
    country: 'BE',
    timeZone: 'Europe/Brussels',
    addresses: [{ lines: ['Rue Haute 5'], postcode: '1000', city: 'Bruxelles', country: 'BE' }],
  },
  currency: 'EUR',
  claims: [
    {
      claimId: 'c1',
      number: 'F-1',
      issueDate: '2025-01-01',
      dueDate: '2025-01-31',
      description: null,
      principalMinor: '40000',
      currency: 'EUR',
    },
  ],
  amounts: null,
  client: { name: 'Vélos SA', enterpriseNumber: 'BE 0123.456.749' },
  brand: {
    name: 'Vélos',
    senderName: 'Vélos – service clients',
    replyEmail: 'pay@velos.example',
    phone: null,
    iban: null,
    logoUrl: null,
    primaryColor: '#112233',
    secondaryColor: '#eeeeee',
    website: null,
    footer: null,
    letterhead: null,
  },
  agency: {
    name: 'Amicus',
    enterpriseNumber: 'BE 1',
    addressLines: ['Rue 1'],
    registrationNumber: 'REG',
    supervisor: 'SPF',
    iban: 'BE68539007547034',
    bic: 'GKCCBEBB',
  },
  payment: { reference: '+++000/0000/04242+++', link: 'https://pay.example/x', qr: '' },
};

describe('template context of a communication', () => {
  it('takes the principal of the claims when cases sent no statement', () => {
    const c = buildTemplateContext(input);
    expect(c.amounts.total).toEqual({ amountMinor: 40000n, currency: 'EUR' });
    expect(c.amounts.breakdown).toHaveLength(1);
  });
  it('shows the statement cases sent with the request, not the principal of the claims', () => {
    const amounts = {
      principalMinor: '30000',
      interestMinor: '412',
      damagesMinor: '4500',
      costsMinor: '0',
      paidMinor: '5000',
      totalMinor: '29912',
      currency: 'EUR',
    };
    const c = buildTemplateContext({ ...input, amounts });
    expect(c.amounts.principal.amountMinor).toBe(30000n);
    expect(c.amounts.total).toEqual({ amountMinor: 29912n, currency: 'EUR' });
    expect(c.amounts.breakdown.map((b) => [b.label, b.amount.amountMinor])).toEqual([
      ['Principal', 30000n],
      ['Intérêts', 412n],
      ['Indemnité', 4500n],
      ['Déjà payé', 5000n],
    ]);
  });
  it('announces the damages the Belgian scale allows on the principal (BE-C-7: €30 + 10% over €150)', () => {
    expect(buildTemplateContext(input).amounts.damagesIfUnpaid.amountMinor).toBe(5500n);
  });
  it('dates the letter in the debtor time zone and prints the address as in the envelope window', () => {
    const c = buildTemplateContext({ ...input, now: new Date('2025-03-03T23:30:00Z') });
    expect(c.today).toBe('2025-03-04');
    expect(c.debtor.addressLines).toEqual(['Rue Haute 5', '1000 Bruxelles']);
  });
  it('pays into the agency account when the brand has none', () => {
    const c = buildTemplateContext(input);
    expect(c.payment.iban).toBe('BE68539007547034');
    expect(c.brand.iban).toBe('BE68539007547034');
    expect(c.case.reference).toBe('AMI-000042');
  });
});

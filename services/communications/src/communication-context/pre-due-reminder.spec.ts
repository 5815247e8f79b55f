import fc from 'fast-check';
import { composeEmail } from '../rendering/email';
import { epcQrPayload } from '../rendering/epc-qr';
import { composeLetter } from '../rendering/letter';
import { composeSms } from '../rendering/sms';
import { DEFAULT_TEMPLATES, DEFAULT_WORDING } from '../templates/default-templates/default-templates';
import { formatMoney, localeFor } from '../templates/template-rendering';
import { TEMPLATE_LANGUAGES, type TemplateLanguage } from '../templates/template-kinds';
import { buildTemplateContext, firstDueDate, principalOnly, type ContextInput, type StatementAmounts } from './communication-context';

// A friendly reminder five days before the due date (Wed 5 Mar 2025), for €400.00. The request
// carries a full statement, as a scenario step would: interest, damages and costs must not show.
const charged: StatementAmounts = {
  principalMinor: '40000',
  interestMinor: '412',
  damagesMinor: '4500',
  costsMinor: '750',
  paidMinor: '0',
  totalMinor: '45662',
  currency: 'EUR',
};

const input = (language: TemplateLanguage, amounts: StatementAmounts | null = charged): ContextInput => ({
  kind: 'pre_due_reminder',
  language,
  now: new Date('2025-02-28T09:00:00Z'),
  caseReference: 'AMI-000042',
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
      number: 'F-2025-017',
      issueDate: '2025-02-03',
      dueDate: '2025-03-05',
      description: 'Herstelling fiets',
      principalMinor: '40000',
      currency: 'EUR',
    },
  ],
  amounts,
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
    registrationNumber: 'REG-1',
    supervisor: 'SPF Économie',
    iban: 'BE68539007547034',
    bic: 'GKCCBEBB',
  },
  payment: { reference: '+++000/0000/04242+++', link: 'https://pay.example/x', qr: '' },
});

/** Everything the debtor reads, on each channel, in one language. */
function rendered(language: TemplateLanguage): { channel: string; text: string }[] {
  const context = buildTemplateContext(input(language));
  const locale = localeFor(language, 'BE');
  const parts = DEFAULT_TEMPLATES.pre_due_reminder[language];
  const email = composeEmail({ parts: parts.email, context, language, locale });
  const sms = composeSms({ source: parts.sms.text, context, language, locale });
  const letter = composeLetter({ body: parts.letter.html, context, language, locale, paymentSlip: true });
  return [
    { channel: 'e-mail subject', text: email.subject },
    { channel: 'e-mail html', text: email.html },
    { channel: 'e-mail text', text: email.text },
    { channel: 'sms', text: sms.text },
    { channel: 'letter', text: letter.html },
  ];
}

const money = (amountMinor: string, language: TemplateLanguage) =>
  formatMoney({ amountMinor: BigInt(amountMinor), currency: 'EUR' }, localeFor(language, 'BE'));
/** Whole words, so that "Kosten" is not found in "kosteloos". */
const word = (w: string) => new RegExp(`(^|[^\\p{L}])${w}([^\\p{L}]|$)`, 'iu');

describe('the pre-due reminder', () => {
  for (const language of TEMPLATE_LANGUAGES) {
    it(`in ${language}: names the principal, the due date and the way to pay, and no interest, damages or costs, though the request carries them`, () => {
      const labels = DEFAULT_WORDING[language].labels;
      for (const { channel, text } of rendered(language)) {
        // An SMS writes the narrow and non-breaking spaces of a formatted amount as plain ones.
        const flat = (t: string) => t.replace(/[\u00a0\u202f]/g, ' ');
        const found = (needle: string | RegExp) => [
          channel,
          typeof needle === 'string' ? flat(text).includes(flat(needle)) : needle.test(text),
        ];
        if (channel !== 'e-mail subject') expect(found(money('40000', language))).toEqual([channel, true]);
        for (const amount of ['412', '4500', '750', '45662', '45250']) expect(found(money(amount, language))).toEqual([channel, false]);
        for (const label of [labels.interest, labels.damages, labels.costs]) expect(found(word(label))).toEqual([channel, false]);
        if (channel !== 'e-mail subject') expect(found('https://pay.example/x')).toEqual([channel, true]);
      }
    });
  }

  it('shows the due date in the subject and the SMS', () => {
    const [subject, , , sms] = rendered('en');
    expect(subject.text).toContain('5 March 2025');
    expect(sms.text).toContain('5 March 2025');
  });

  it('pays the principal by QR code and on the slip: the statement is the principal less what was paid', () => {
    const c = buildTemplateContext(input('nl'));
    expect(c.amounts.total).toEqual({ amountMinor: 40000n, currency: 'EUR' });
    const qr = epcQrPayload({
      beneficiaryName: c.agency.name,
      iban: c.payment.iban,
      bic: c.payment.bic ?? undefined,
      amountMinor: c.amounts.total.amountMinor,
      remittance: { kind: 'structured', reference: c.payment.reference },
    });
    expect(qr.split('\n')).toContain('EUR400.00');
    const letter = composeLetter({
      body: DEFAULT_TEMPLATES.pre_due_reminder.nl.letter.html,
      context: c,
      language: 'nl',
      paymentSlip: true,
    });
    expect(letter.html).toContain(money('40000', 'nl'));
  });

  it('tells the most it can cost and the term as nothing: the term ends on the first due date', () => {
    const c = buildTemplateContext(input('fr'));
    expect(c.amounts.damagesIfUnpaid.amountMinor).toBe(0n);
    expect(c.amounts.breakdown.map((b) => b.label)).toEqual(['Principal']);
    expect(c.term).toMatchObject({ endDate: '2025-03-05', days: 5 });
  });

  it('keeps only the principal and what was paid of any statement', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 3, maxLength: 3 }),
        (principal, paid, [interest, damages, costs]) => {
          const a: StatementAmounts = {
            principalMinor: String(principal),
            interestMinor: String(interest),
            damagesMinor: String(damages),
            costsMinor: String(costs),
            paidMinor: String(paid),
            totalMinor: String(principal + interest + damages + costs - paid),
            currency: 'EUR',
          };
          const only = principalOnly(a);
          expect([only.interestMinor, only.damagesMinor, only.costsMinor]).toEqual(['0', '0', '0']);
          expect(BigInt(only.totalMinor)).toBe(principal > paid ? principal - paid : 0n);
          const c = buildTemplateContext(input('de', a));
          expect([c.amounts.interest, c.amounts.damages, c.amounts.costs, c.amounts.damagesIfUnpaid].map((m) => m.amountMinor)).toEqual([
            0n,
            0n,
            0n,
            0n,
          ]);
          expect(c.amounts.breakdown.every((b) => b.amount.amountMinor === principal || b.amount.amountMinor === paid)).toBe(true);
        },
      ),
    );
  });

  it('leaves the statement of every other kind as the request carried it', () => {
    const c = buildTemplateContext({ ...input('en'), kind: 'reminder' });
    expect(c.amounts.total.amountMinor).toBe(45662n);
    expect(c.amounts.interest.amountMinor).toBe(412n);
  });

  it('takes the first due date of the claims', () => {
    expect(firstDueDate([{ dueDate: '2025-03-05' }, { dueDate: '2025-02-20' }, { dueDate: '2025-04-01' }])).toBe('2025-02-20');
    expect(firstDueDate([])).toBeNull();
  });
});

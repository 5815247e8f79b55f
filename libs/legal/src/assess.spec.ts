import { formatAmount } from '@amicus/money';
import { assess, statement } from './assess';
import { amsterdam, beClaim, beConsumerCase, brussels, creditorReminder, eur } from './testing/case-fixtures';
import type { CaseInput } from './types';

describe('BE consumer: charging after the free first reminder', () => {
  it('refuses damages before the 14-day term ends, naming the first allowed instant', () => {
    const a = assess(beConsumerCase(), { now: brussels('2025-01-08', 23, 59), step: 'charge_damages' });
    expect(a.allowed).toBe(false);
    expect(a.rule).toBe('BE-C-4');
    expect(a.earliestAt).toBe('2025-01-08T23:00:00.000Z'); // Thu 9 Jan 2025 00:00 in Brussels
  });

  it('allows damages from the day after the term, at most the scale amount', () => {
    const a = assess(beConsumerCase(), { now: brussels('2025-01-09', 0, 1), step: 'charge_damages' });
    expect(a.allowed).toBe(true);
    expect(formatAmount(a.maxCharge!)).toBe('55.00');
  });

  it('refuses damages without a reciprocal damages clause', () => {
    const c = beConsumerCase({ claims: [beClaim({ terms: { damagesClause: { reciprocal: false }, interestClause: {} } })] });
    const a = assess(c, { now: brussels('2025-02-01'), step: 'charge_damages' });
    expect(a).toMatchObject({ allowed: false, rule: 'BE-C-7' });
    expect(a.earliestAt).toBeUndefined();
  });

  it('does not count an incomplete first reminder (BE-C-8)', () => {
    const c = beConsumerCase({ communications: [creditorReminder('2024-12-20', { complete: false })] });
    const a = assess(c, { now: brussels('2025-02-01'), step: 'charge_interest' });
    expect(a).toMatchObject({ allowed: false, rule: 'BE-C-1' });
    expect(a.reason).toMatch(/incomplete/);
  });

  it('restarts the term from a new complete reminder after an incomplete one', () => {
    const c = beConsumerCase({
      communications: [creditorReminder('2024-12-20', { complete: false }), creditorReminder('2025-01-06', { channel: 'email' })],
    });
    const a = assess(c, { now: brussels('2025-01-10'), step: 'charge_damages' });
    expect(a.allowed).toBe(false);
    expect(a.earliestAt).toBe(brussels('2025-01-21', 0)); // e-mail Mon 6 Jan → term Tue 7 – Mon 20 Jan
  });

  it('refuses charges on energy contracts (own sector rules)', () => {
    const c = beConsumerCase({ claims: [beClaim({ terms: { sector: 'energy', damagesClause: { reciprocal: true } } })] });
    expect(assess(c, { now: brussels('2025-02-01'), step: 'charge_damages' }).rule).toBe('BE-C-SCOPE');
  });

  it('says clearly when no reference rate is known for the date', () => {
    const a = assess(beConsumerCase(), { now: brussels('2026-11-24'), step: 'charge_interest' });
    expect(a).toMatchObject({ allowed: false, rule: 'RATES' });
    expect(a.reason).toMatch(/rates\/be-late-payment/);
    expect(a.warnings.join(' ')).toMatch(/no known be-late-payment rate from 2026-01-01/);
  });

  it('lets rate data be supplied as an option (the worked examples give the rate as input)', () => {
    const table = {
      id: 'be-late-payment' as const,
      name: 'test',
      legalBasis: 'test',
      periods: [{ from: '2026-01-01', to: '2026-12-31', ratePercent: '10.50', source: 'test' }],
    };
    const c = beConsumerCase({
      claims: [beClaim({ dueDate: '2026-09-01', issueDate: '2026-08-01' })],
      communications: [creditorReminder('2026-09-10', { channel: 'email' })],
    });
    const a = assess(c, { now: brussels('2026-11-24'), step: 'charge_interest' }, { rateTables: { 'be-late-payment': table } as never });
    expect(a.allowed).toBe(true);
  });
});

describe('BE consumer: statement', () => {
  it('shows principal, damages and interest line by line', () => {
    const s = statement(beConsumerCase(), '2025-02-09');
    expect(formatAmount(s.principal)).toBe('400.00');
    expect(formatAmount(s.damages)).toBe('55.00');
    // 400 × 11.5% × 31/365 = 3.9068… (9 Jan – 8 Feb 2025)
    expect(formatAmount(s.interest)).toBe('3.91');
    expect(formatAmount(s.total)).toBe('458.91');
    expect(s.lines.map((l) => l.kind)).toEqual(['principal', 'interest', 'damages']);
    expect(s.complete).toBe(true);
  });

  it('allocates a partial payment to damages, then interest, then principal, and stops interest on what it paid', () => {
    const s = statement(beConsumerCase({ payments: [{ receivedOn: '2025-01-20', amount: eur('100.00') }] }), '2025-02-09');
    const a = s.allocations[0];
    expect([a.costs, a.interest, a.principal[0].amount].map(formatAmount)).toEqual(['55.00', '1.39', '43.61']);
    expect(formatAmount(s.principal)).toBe('356.39');
    // 356.39 × 11.5% × 20/365 = 2.2457…
    expect(formatAmount(s.interest)).toBe('2.25');
    expect(formatAmount(s.damages)).toBe('0.00');
  });

  it('charges nothing when paid within the term', () => {
    const s = statement(beConsumerCase({ payments: [{ receivedOn: '2025-01-05', amount: eur('400.00') }] }), '2025-03-01');
    expect(formatAmount(s.total)).toBe('0.00');
    expect(s.charged.damages.amountMinor + s.charged.interest.amountMinor).toBe(0n);
  });

  it('BE-C-6: a small-enterprise creditor counts interest from the day after the reminder, claimable after the term', () => {
    const c = beConsumerCase({ creditor: { smallEnterprise: true } });
    expect(formatAmount(statement(c, '2025-01-08').interest)).toBe('0.00');
    const s = statement(c, '2025-01-09');
    // 21–31 Dec 2024: 11 days at 12.5% = 1.5068…; 1–8 Jan 2025: 8 days at 11.5% = 1.0082…
    expect(s.interestLines.map((l) => formatAmount(l.amount))).toEqual(['1.51', '1.01']);
  });
});

describe('BE consumer: contacts by a collection agency', () => {
  const withNotice = (): CaseInput =>
    beConsumerCase({
      communications: [
        creditorReminder(),
        { kind: 'formal_notice', channel: 'letter', sentAt: brussels('2025-01-10'), sender: 'agency', complete: true },
      ],
    });

  it('refuses calls by an agency not registered with FPS Economy (BE-A-1)', () => {
    const c = beConsumerCase({ collector: { kind: 'agency' } });
    expect(assess(c, { now: brussels('2025-03-03'), step: 'phone_call' }).rule).toBe('BE-A-1');
  });

  it('allows the formal notice once the creditor sent the first reminder', () => {
    expect(assess(beConsumerCase(), { now: brussels('2025-01-10'), step: 'formal_notice' }).allowed).toBe(true);
  });

  it('refuses other collection techniques before the formal notice term, then opens at 08:00', () => {
    const a = assess(withNotice(), { now: brussels('2025-01-20'), step: 'phone_call' });
    expect(a).toMatchObject({ allowed: false, rule: 'BE-A-2' });
    // Notice sent Fri 10 Jan; 15 days run to Sat 25 Jan; Sun 26 Jan from 08:00 (BE-A-4 window).
    expect(a.earliestAt).toBe(brussels('2025-01-26', 8));
  });

  it('refuses a call at 22:30 and gives 08:00 the next day (BE-A-4)', () => {
    const a = assess(withNotice(), { now: brussels('2025-02-03', 22, 30), step: 'phone_call' });
    expect(a).toMatchObject({ allowed: false, rule: 'BE-A-4', earliestAt: brussels('2025-02-04', 8) });
    expect(assess(withNotice(), { now: brussels('2025-02-03', 21, 59), step: 'phone_call' }).allowed).toBe(true);
  });

  it('limits contacts per day (policy) and names the next window', () => {
    const calls = [9, 10, 11].map((h) => ({
      kind: 'contact' as const,
      channel: 'phone' as const,
      sentAt: brussels('2025-02-03', h),
      sender: 'agency' as const,
    }));
    const c = withNotice();
    c.communications!.push(...calls);
    const a = assess(c, { now: brussels('2025-02-03', 12), step: 'sms' });
    expect(a).toMatchObject({ allowed: false, rule: 'BE-A-4/frequency', earliestAt: brussels('2025-02-04', 8) });
  });

  it('keeps the first reminder free and refuses a second one', () => {
    const none = assess(beConsumerCase({ communications: [] }), { now: brussels('2024-12-20'), step: 'first_reminder' });
    expect(none.allowed).toBe(true);
    expect(none.maxCharge?.amountMinor).toBe(0n);
    expect(assess(beConsumerCase(), { now: brussels('2025-01-02'), step: 'first_reminder' }).allowed).toBe(false);
  });

  it('refuses a first reminder before the due date has passed', () => {
    const a = assess(beConsumerCase({ communications: [] }), { now: brussels('2024-12-15'), step: 'first_reminder' });
    expect(a).toMatchObject({ allowed: false, rule: 'BE-C-1', earliestAt: brussels('2024-12-16', 0) });
  });

  it('pauses collection on a disputed case', () => {
    const c = beConsumerCase({ disputes: [{ status: 'open' }] });
    expect(assess(c, { now: brussels('2025-02-03'), step: 'reminder' }).rule).toBe('BE-A-4');
    expect(assess(c, { now: brussels('2025-02-03'), step: 'charge_damages' }).allowed).toBe(false);
  });

  it('allows legal escalation after the terms, with a human decision', () => {
    const a = assess(withNotice(), { now: brussels('2025-02-03'), step: 'hand_to_legal' });
    expect(a.allowed).toBe(true);
    expect(a.needsHumanDecision).toBe(true);
  });

  it('BE-C-2: a reminder is free unless it is the 4th missed due date of a regular-supply contract', () => {
    const months = ['01', '02', '03', '04'].map((mo, i) =>
      beClaim({
        id: `m${i}`,
        number: `M-${mo}`,
        issueDate: `2025-${mo}-01`,
        dueDate: `2025-${mo}-15`,
        principal: eur('30'),
        terms: { regularSupply: true },
      }),
    );
    const c = beConsumerCase({
      claims: months,
      communications: [
        creditorReminder('2025-04-20', { channel: 'email' }),
        { kind: 'formal_notice', channel: 'letter', sentAt: brussels('2025-04-22'), sender: 'agency' },
      ],
    });
    const a = assess(c, { now: brussels('2025-05-20'), step: 'reminder' });
    expect(a.allowed).toBe(true);
    expect(formatAmount(a.maxCharge!)).toBe('7.50');
  });
});

describe('BE business', () => {
  const c = (): CaseInput => ({ debtor: { kind: 'business', country: 'BE' }, currency: 'EUR', claims: [beClaim({ terms: {} })] });
  it('owes €40 and reference-rate interest from the day after the due date, without notice', () => {
    expect(assess(c(), { now: brussels('2024-12-15'), step: 'charge_interest' }).allowed).toBe(false);
    expect(assess(c(), { now: brussels('2024-12-16', 0, 5), step: 'charge_interest' }).allowed).toBe(true);
    const s = statement(c(), '2025-01-16');
    expect(formatAmount(s.damages)).toBe('40.00');
    // 16–31 Dec 2024: 16 days × 12.5% on 400 = 2.19; 1–15 Jan 2025: 15 days × 11.5% = 1.89
    expect(s.interestLines.map((l) => formatAmount(l.amount))).toEqual(['2.19', '1.89']);
  });
  it('uses 30 days after the invoice when no payment date was agreed', () => {
    const s = statement({ ...c(), claims: [beClaim({ dueDate: undefined, terms: {} })] }, '2024-12-20');
    expect(s.interestLines[0].from).toBe('2024-12-16');
  });
  it('refuses damages in another currency, with the reason', () => {
    const a = assess(
      { ...c(), currency: 'USD', claims: [beClaim({ terms: {}, principal: { amountMinor: 40000n, currency: 'USD' } })] },
      { now: brussels('2025-01-16'), step: 'charge_damages' },
    );
    expect(a.allowed).toBe(false);
    expect(a.reason).toMatch(/euro/);
  });
});

describe('NL consumer', () => {
  const nl = (over: Partial<CaseInput> = {}): CaseInput => ({
    debtor: { kind: 'consumer', country: 'NL' },
    currency: 'EUR',
    claims: [{ id: 'n1', number: 'F-1', issueDate: '2025-01-01', dueDate: '2025-01-31', principal: eur('1000.00') }],
    communications: [{ kind: 'first_reminder', channel: 'email', sentAt: amsterdam('2025-02-03'), complete: true }],
    ...over,
  });
  it('charges costs only after the 14 days from the day after receipt', () => {
    expect(assess(nl(), { now: amsterdam('2025-02-17', 23), step: 'charge_damages' })).toMatchObject({
      allowed: false,
      earliestAt: amsterdam('2025-02-18', 0),
    });
    const a = assess(nl(), { now: amsterdam('2025-02-18', 9), step: 'charge_damages' });
    expect(a.allowed).toBe(true);
    expect(formatAmount(a.maxCharge!)).toBe('150.00');
  });
  it('counts statutory interest from the day of default', () => {
    const s = statement(nl(), '2025-03-03');
    // 1 Feb – 2 Mar 2025: 30 days × 6% on 1000 = 4.93
    expect(s.interestLines.map((l) => [l.from, formatAmount(l.amount)])).toEqual([['2025-02-01', '4.93']]);
    expect(formatAmount(s.damages)).toBe('150.00');
  });
  it('bases costs on the case total when several claims are collected together (BIK, per case)', () => {
    const two = nl({
      claims: [
        { id: 'n1', issueDate: '2025-01-01', dueDate: '2025-01-31', principal: eur('100.00') },
        { id: 'n2', issueDate: '2025-01-02', dueDate: '2025-01-31', principal: eur('200.00') },
      ],
    });
    expect(formatAmount(statement(two, '2025-03-03').damages)).toBe('45.00'); // 15% × 300, not 2 × €40
  });
  it('keeps contact inside 08:00–21:00 Monday to Saturday (NL-X-2)', () => {
    const a = assess(nl(), { now: amsterdam('2025-02-23', 12), step: 'phone_call' }); // a Sunday
    expect(a).toMatchObject({ allowed: false, rule: 'NL-X-2', earliestAt: amsterdam('2025-02-24', 8) });
  });
  it('lets a client configure its contact window (Choice)', () => {
    const a = assess(nl(), { now: amsterdam('2025-02-24', 20, 30), step: 'phone_call' }, { contact: { 'NL-consumer': { to: '20:00' } } });
    expect(a).toMatchObject({ allowed: false, earliestAt: amsterdam('2025-02-25', 8) });
  });
});

describe('NL business', () => {
  it('owes commercial interest from the day after the payment term and at least €40', () => {
    const c: CaseInput = {
      debtor: { kind: 'business', country: 'NL' },
      currency: 'EUR',
      claims: [{ id: 'b1', issueDate: '2025-05-01', dueDate: '2025-05-31', principal: eur('200.00') }],
    };
    const s = statement(c, '2025-07-11');
    // 1–30 Jun 2025: 30 days × 11.15% = 1.83; 1–10 Jul: 10 days × 10.15% = 0.56
    expect(s.interestLines.map((l) => formatAmount(l.amount))).toEqual(['1.83', '0.56']);
    expect(formatAmount(s.damages)).toBe('40.00');
  });
});

/**
 * Property-based tests (fast-check): whatever the amounts, currencies, dates (weekends, public
 * holidays, DST changes, month ends, 29 February), channels and histories, the engine never
 * allows damages above the cap, a charge before the term, contact outside the window, a charged
 * first reminder, and every allocation sums to the payment to the cent.
 */
import fc from 'fast-check';
import { formatAmount, money, type Money } from '@amicus/money';
import { allocatePayment, chargesAllowedFrom, maxDamages } from './api';
import { assess, assessStep, statement } from './assess';
import { assessJson, toJson } from './json/assess-json';
import { validateCaseJson } from './json/case-json';
import { addDays, daysBetween, isoWeekday } from '@amicus/calendar';
import { isPublicHoliday } from './core/holidays';
import { instantAt, localDate, wallTime } from '@amicus/calendar';
import { STEPS, type CaseInput, type Channel, type CommunicationRecord, type Country, type DebtorKind } from './types';

const RUNS = { numRuns: 150 };
const TZ: Record<Country, string> = { BE: 'Europe/Brussels', NL: 'Europe/Amsterdam' };
const TRICKY = [
  '2024-02-29',
  '2024-03-31',
  '2024-10-27',
  '2025-03-30',
  '2025-10-26',
  '2024-12-24',
  '2024-12-25',
  '2024-12-31',
  '2025-01-01',
  '2025-04-21',
  '2025-05-29',
  '2024-07-21',
  '2025-06-30',
  '2024-04-30',
];

const dateArb = fc.oneof(
  fc.integer({ min: 0, max: 800 }).map((n) => addDays('2023-10-01', n)),
  fc.constantFrom(...TRICKY),
);
const minuteArb = fc.oneof(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.constantFrom(0, 479, 480, 1259, 1260, 1319, 1320, 1439));
const countryArb = fc.constantFrom<Country>('BE', 'NL');
const kindArb = fc.constantFrom<DebtorKind>('consumer', 'business');
const currencyArb = fc.constantFrom('EUR', 'EUR', 'EUR', 'USD', 'JPY', 'GBP');
const amountArb = fc.bigInt({ min: 1n, max: 10_000_000_00n });
const reminderChannelArb = fc.constantFrom<Channel>('letter', 'email', 'sms');

const caseArb = fc
  .record({
    country: countryArb,
    kind: kindArb,
    currency: currencyArb,
    claims: fc.array(
      fc.record({
        amount: amountArb,
        issue: dateArb,
        termDays: fc.integer({ min: 0, max: 60 }),
        clause: fc.boolean(),
        interest: fc.boolean(),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    reminders: fc.array(
      fc.record({
        date: dateArb,
        minute: minuteArb,
        channel: reminderChannelArb,
        complete: fc.boolean(),
        sender: fc.constantFrom<'creditor' | 'agency'>('creditor', 'agency'),
      }),
      { maxLength: 3 },
    ),
    payments: fc.array(fc.record({ date: dateArb, amount: amountArb }), { maxLength: 3 }),
    sme: fc.boolean(),
  })
  .map(({ country, kind, currency, claims, reminders, payments, sme }): CaseInput => ({
    debtor: { kind, country },
    creditor: { smallEnterprise: sme },
    collector: { kind: 'agency', registrationNumber: 'FPS-1' },
    currency,
    claims: claims.map((c, i) => ({
      id: `c${i}`,
      issueDate: c.issue,
      dueDate: addDays(c.issue, c.termDays),
      principal: money(c.amount, currency),
      terms: { damagesClause: c.clause ? { reciprocal: true } : undefined, interestClause: c.interest ? {} : undefined },
    })),
    communications: reminders.map((r): CommunicationRecord => ({
      kind: 'first_reminder',
      channel: r.channel,
      sentAt: instantAt(r.date, r.minute, TZ[country]),
      complete: r.complete,
      sender: r.sender,
    })),
    payments: payments.map((p) => ({ receivedOn: p.date, amount: money(p.amount / 3n, currency) })),
  }));

describe('properties of the legal engine', () => {
  it('never allows damages above the cap, and never in another currency than euro', () => {
    fc.assert(
      fc.property(caseArb, dateArb, (c, asOf) => {
        const s = statement(c, asOf);
        const caps = c.claims.map(
          (cl) =>
            maxDamages({
              country: c.debtor.country,
              debtorKind: c.debtor.kind,
              outstanding: cl.principal,
              damagesClause: cl.terms?.damagesClause,
            }).max.amountMinor,
        );
        const total = c.claims.reduce((t, cl) => t + cl.principal.amountMinor, 0n);
        const perCase = maxDamages({ country: c.debtor.country, debtorKind: c.debtor.kind, outstanding: money(total, c.currency) }).max
          .amountMinor;
        const bound = c.debtor.country === 'NL' ? perCase : caps.reduce((a, b) => a + b, 0n);
        expect(s.charged.damages.amountMinor <= bound).toBe(true);
        if (c.currency !== 'EUR') expect(s.charged.damages.amountMinor).toBe(0n);
        if (c.debtor.kind === 'consumer' && c.debtor.country === 'BE')
          for (const l of s.lines.filter((x) => x.kind === 'damages')) expect(l.amount.amountMinor <= 200000n).toBe(true);
        if (c.debtor.kind === 'consumer' && c.debtor.country === 'NL') expect(s.charged.damages.amountMinor <= 677500n).toBe(true);
      }),
      RUNS,
    );
  });

  it('the damages cap never decreases with the amount and stays within the statutory maximum', () => {
    fc.assert(
      fc.property(countryArb, amountArb, amountArb, (country, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const cap = (x: bigint) => maxDamages({ country, debtorKind: 'consumer', outstanding: money(x, 'EUR') }).max.amountMinor;
        expect(cap(lo) <= cap(hi)).toBe(true);
        expect(cap(hi) <= (country === 'BE' ? 200000n : 677500n)).toBe(true);
      }),
      RUNS,
    );
  });

  it('the term always starts on a business day after the right number of business days', () => {
    fc.assert(
      fc.property(countryArb, dateArb, minuteArb, reminderChannelArb, (country, date, minute, channel) => {
        const t = chargesAllowedFrom({ country, sentAt: instantAt(date, minute, TZ[country]), channel });
        expect(t.sentOn).toBe(date);
        expect(daysBetween(t.termStart, t.termEnd)).toBe(13);
        expect(daysBetween(t.termEnd, t.chargesFrom)).toBe(1);
        if (country === 'BE') {
          const isBusiness = (d: string) => isoWeekday(d) <= 5 && !isPublicHoliday('BE', d);
          expect(isBusiness(t.termStart)).toBe(true);
          let count = 0;
          for (let d = addDays(date, 1); d <= t.termStart; d = addDays(d, 1)) if (isBusiness(d)) count++;
          expect(count).toBe(channel === 'letter' ? 3 : 1);
        }
        expect(daysBetween(date, t.chargesFrom) >= 15).toBe(true);
      }),
      RUNS,
    );
  });

  it('never allows a consumer charge before the term after the first reminder', () => {
    fc.assert(
      fc.property(
        caseArb.filter((c) => c.debtor.kind === 'consumer'),
        dateArb,
        fc.integer({ min: 0, max: 25 }),
        minuteArb,
        fc.constantFrom('charge_damages' as const, 'charge_interest' as const),
        (c, randomDay, offset, minute, step) => {
          const tz = TZ[c.debtor.country];
          // Mostly days just around the term of a reminder, where a wrong count would show.
          const sent = c.communications?.[0];
          const day = sent ? addDays(localDate(sent.sentAt, tz), offset) : randomDay;
          const now = instantAt(day, minute, tz);
          const a = assess(c, { now, step });
          const s = statement(c, day);
          const complete = (c.communications ?? []).filter(
            (r) => r.complete !== false && (c.debtor.country === 'BE' || r.channel !== 'sms'),
          );
          const earliestTermEnd = complete
            .map((r) => chargesAllowedFrom({ country: c.debtor.country, sentAt: r.sentAt, channel: r.channel }).chargesFrom)
            .sort()[0];
          const chargesBeforeTerm = (d: string) => !earliestTermEnd || d < earliestTermEnd;
          if (step === 'charge_damages' || c.debtor.country === 'BE') {
            if (chargesBeforeTerm(day)) expect(a.allowed).toBe(false);
          }
          // Independent lower bound: 14 days after at least 1 (electronic) or 3 (paper) days.
          if (a.allowed && c.debtor.country === 'BE') {
            expect(complete.some((r) => daysBetween(localDate(r.sentAt, tz), day) >= (r.channel === 'letter' ? 17 : 15))).toBe(true);
          }
          if (chargesBeforeTerm(day)) {
            expect(s.charged.damages.amountMinor).toBe(0n);
            if (c.debtor.country === 'BE') expect(s.charged.interest.amountMinor).toBe(0n);
          }
          if (!a.allowed && a.earliestAt) {
            expect(Date.parse(a.earliestAt) > Date.parse(now)).toBe(true);
            expect(assess(c, { now: a.earliestAt, step }).allowed).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });

  it('BE consumer: damages never before 14 days counted from the 3rd (paper) or 1st (electronic) business day', () => {
    fc.assert(
      fc.property(
        dateArb,
        minuteArb,
        reminderChannelArb,
        fc.integer({ min: 0, max: 30 }),
        amountArb,
        (sentDay, minute, channel, offset, amount) => {
          const tz = TZ.BE;
          const c: CaseInput = {
            debtor: { kind: 'consumer', country: 'BE' },
            collector: { kind: 'creditor' },
            currency: 'EUR',
            claims: [
              {
                id: 'c',
                issueDate: addDays(sentDay, -40),
                dueDate: addDays(sentDay, -10),
                principal: money(amount, 'EUR'),
                terms: { damagesClause: { reciprocal: true } },
              },
            ],
            communications: [{ kind: 'first_reminder', channel, sentAt: instantAt(sentDay, minute, tz), complete: true }],
          };
          const day = addDays(sentDay, offset);
          const a = assess(c, { now: instantAt(day, 12 * 60, tz), step: 'charge_damages' });
          // Independent oracle: walk the calendar with date-holidays' public holidays.
          const isBusiness = (d: string) => isoWeekday(d) <= 5 && !isPublicHoliday('BE', d);
          let start = sentDay;
          for (let n = 0; n < (channel === 'letter' ? 3 : 1);) {
            start = addDays(start, 1);
            if (isBusiness(start)) n++;
          }
          expect(a.allowed).toBe(day >= addDays(start, 14));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never allows contact outside the window, and the earliest instant given is allowed', () => {
    const chan = fc.constantFrom(['phone_call', 'phone'] as const, ['sms', 'sms'] as const, ['email', 'email'] as const);
    fc.assert(
      fc.property(caseArb, dateArb, minuteArb, chan, (c, day, minute, [step, channel]) => {
        const tz = TZ[c.debtor.country];
        const now = instantAt(day, minute, tz);
        const a = assess(c, { now, step, channel });
        const inWindow = (at: string) => {
          const w = wallTime(at, tz);
          const wd = isoWeekday(w.date);
          if (c.debtor.country === 'BE' && c.debtor.kind === 'consumer') return w.minutes >= 480 && w.minutes < 1320;
          if (c.debtor.country === 'BE') return wd <= 6 && w.minutes >= 480 && w.minutes < 1320;
          return wd <= 6 && w.minutes >= 480 && w.minutes < 1260;
        };
        if (a.allowed) expect(inWindow(now)).toBe(true);
        if (a.earliestAt) {
          expect(inWindow(a.earliestAt)).toBe(true);
          expect(assess(c, { now: a.earliestAt, step, channel }).allowed).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('never charges the free first reminder', () => {
    fc.assert(
      fc.property(caseArb, dateArb, minuteArb, (c, day, minute) => {
        const a = assess(c, { now: instantAt(day, minute, TZ[c.debtor.country]), step: 'first_reminder' });
        if (a.maxCharge) expect(a.maxCharge.amountMinor).toBe(0n);
        for (const ch of a.checks) if (ch.rule === 'BE-C-1' || ch.rule === 'NL-C-1') expect(ch.maxCharge?.amountMinor ?? 0n).toBe(0n);
      }),
      RUNS,
    );
  });

  it('allocates every payment exactly: costs, then interest, then principal, to the cent', () => {
    fc.assert(
      fc.property(
        amountArb,
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { maxLength: 4 }),
        countryArb,
        currencyArb,
        (pay, costs, interest, principals, country, cur) => {
          const a = allocatePayment(
            money(pay, cur),
            { currency: cur, costs, interest, principal: principals.map((p, i) => ({ claimId: `c${i}`, amountMinor: p })) },
            country,
          );
          const parts: Money[] = [a.costs, a.interest, ...a.principal.map((p) => p.amount), a.unallocated];
          expect(parts.reduce((t, m) => t + m.amountMinor, 0n)).toBe(pay);
          for (const m of parts) expect(m.amountMinor >= 0n).toBe(true);
          if (a.interest.amountMinor > 0n) expect(a.costs.amountMinor).toBe(costs);
          if (a.principal.some((p) => p.amount.amountMinor > 0n)) expect(a.interest.amountMinor).toBe(interest);
          if (a.unallocated.amountMinor > 0n) expect(a.principal.map((p) => p.amount.amountMinor)).toEqual(principals);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('statements reconcile: charged − paid = outstanding, and allocations sum to the payments', () => {
    fc.assert(
      fc.property(caseArb, dateArb, (c, asOf) => {
        const s = statement(c, asOf);
        const allocated = s.allocations.reduce(
          (t, a) => t + a.costs.amountMinor + a.interest.amountMinor + a.principal.reduce((x, p) => x + p.amount.amountMinor, 0n),
          0n,
        );
        const unallocated = s.allocations.reduce((t, a) => t + a.unallocated.amountMinor, 0n);
        expect(allocated + unallocated).toBe(s.paid.amountMinor);
        expect(s.charged.principal.amountMinor + s.charged.interest.amountMinor + s.charged.damages.amountMinor - allocated).toBe(
          s.total.amountMinor,
        );
        expect(s.principal.amountMinor >= 0n && s.interest.amountMinor >= 0n && s.damages.amountMinor >= 0n).toBe(true);
        expect(localDate(instantAt(asOf, 0, TZ[c.debtor.country]), TZ[c.debtor.country])).toBe(asOf);
      }),
      RUNS,
    );
  });

  it('the typed entry answers byte for byte what assessJson answers for the same step', () => {
    // Later history of any kind (formal notices, calls, SMS) besides the generated first reminders.
    const laterArb = fc.array(
      fc.record({
        kind: fc.constantFrom<CommunicationRecord['kind']>('reminder', 'formal_notice', 'final_notice', 'contact'),
        channel: fc.constantFrom<Channel>('letter', 'email', 'sms', 'phone'),
        date: dateArb,
        minute: minuteArb,
      }),
      { maxLength: 3 },
    );
    const requestArb = fc.record({
      c: caseArb,
      later: laterArb,
      day: dateArb,
      minute: minuteArb,
      step: fc.constantFrom(...STEPS),
      channel: fc.option(fc.constantFrom<Channel>('letter', 'email', 'sms', 'phone'), { nil: undefined }),
      timeZone: fc.option(fc.constantFrom('Europe/Brussels', 'Europe/Amsterdam', 'America/New_York'), { nil: undefined }),
      asOf: fc.option(dateArb, { nil: undefined }),
    });
    const amount = (m: Money) => formatAmount(m);
    let compared = 0;
    fc.assert(
      fc.property(requestArb, ({ c, later, day, minute, step, channel, timeZone, asOf }) => {
        const tz = TZ[c.debtor.country];
        const json = {
          now: instantAt(day, minute, tz),
          step,
          ...(channel ? { channel } : {}),
          ...(timeZone ? { timeZone } : {}),
          ...(asOf ? { asOf } : {}),
          ...c,
          claims: c.claims.map((cl) => ({ ...cl, principal: amount(cl.principal) })),
          communications: [
            ...(c.communications ?? []),
            ...later.map((l) => ({ kind: l.kind, channel: l.channel, sentAt: instantAt(l.date, l.minute, tz), sender: 'agency' })),
          ],
          payments: (c.payments ?? []).map((p) => ({ receivedOn: p.receivedOn, amount: amount(p.amount) })),
        };
        const viaJson = assessJson(JSON.parse(JSON.stringify(json)));
        const v = validateCaseJson(JSON.parse(JSON.stringify(json)));
        if (!v.ok || !viaJson.ok) return;
        const req = v.value;
        const typed = assessStep(req.case, { now: req.now, step: step, channel: req.channel, timeZone: req.timeZone, asOf: req.asOf });
        expect(JSON.stringify(toJson(typed))).toBe(JSON.stringify(viaJson.result));
        compared++;
      }),
      { numRuns: 300 },
    );
    expect(compared).toBeGreaterThan(250);
  });
});

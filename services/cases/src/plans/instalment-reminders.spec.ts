import fc from 'fast-check';
import { addDays, type CalendarDate } from '@amicus/calendar';
import { firstReminderOn, instalmentReminders, REMINDER_LEAD_DAYS, reminderDayOf, type StandingInstalment } from './instalment-reminders';
import { addMonths } from './payment-plan';

const monthly = (first: CalendarDate, amounts: bigint[], paid: bigint[] = []): StandingInstalment[] =>
  amounts.map((amountMinor, n) => ({
    seq: n + 1,
    dueOn: addMonths(first, n),
    amountMinor,
    paidMinor: paid[n] ?? 0n,
    status: 'upcoming',
  }));

describe('the reminder before an instalment', () => {
  it(`comes ${REMINDER_LEAD_DAYS} days before an instalment not yet covered, with what is still to pay`, () => {
    const plan = monthly('2026-02-10', [5000n, 5000n], [1200n]);
    expect(instalmentReminders(plan, 0, '2026-01-05', '2026-02-06')).toEqual({ remind: [], remindedSeq: 0, nextOn: '2026-02-07' });
    expect(instalmentReminders(plan, 0, '2026-01-05', '2026-02-07')).toEqual({
      remind: [{ seq: 1, dueOn: '2026-02-10', amountMinor: 5000n, openMinor: 3800n }],
      remindedSeq: 1,
      nextOn: '2026-03-07',
    });
  });

  it('passes over an instalment already covered, and one whose date has gone (a late tick)', () => {
    const plan = monthly('2026-02-10', [5000n, 5000n, 5000n], [5000n]);
    expect(instalmentReminders(plan, 0, '2026-01-05', '2026-02-08').remind).toEqual([]);
    expect(instalmentReminders(plan, 0, '2026-01-05', '2026-03-11')).toMatchObject({ remind: [], remindedSeq: 2, nextOn: '2026-04-07' });
  });

  it('gives none to an instalment whose reminder day is not after the day the plan was agreed: the confirmation lists it', () => {
    const plan = monthly('2026-01-07', [5000n, 5000n]);
    expect(firstReminderOn(plan, '2026-01-05')).toBe('2026-02-04');
    expect(firstReminderOn(plan, '2026-01-04')).toBe('2026-02-04');
    expect(firstReminderOn(plan, '2026-01-03')).toBe('2026-01-04');
    expect(firstReminderOn(monthly('2026-01-06', [1n]), '2026-01-05')).toBeNull();
  });

  it('reminds each instalment at most once, day by day, exactly those not covered on their reminder day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.array(fc.record({ amount: fc.bigInt({ min: 1n, max: 10_000n }), covered: fc.boolean() }), { minLength: 1, maxLength: 6 }),
        (offset, parts) => {
          const agreedOn = '2026-01-01';
          const plan = monthly(
            addDays(agreedOn, offset),
            parts.map((p) => p.amount),
            parts.map((p) => (p.covered ? p.amount : 0n)),
          );
          const reminded: number[] = [];
          let seq = 0;
          let next = firstReminderOn(plan, agreedOn);
          for (let day = agreedOn; day <= plan.at(-1)!.dueOn; day = addDays(day, 1)) {
            if (next === null || day < next) continue;
            const d = instalmentReminders(plan, seq, agreedOn, day);
            reminded.push(...d.remind.map((r) => r.seq));
            for (const r of d.remind) expect(day).toBe(reminderDayOf(r.dueOn));
            seq = d.remindedSeq;
            next = d.nextOn;
          }
          const expected = plan.filter((i, n) => !parts[n]!.covered && reminderDayOf(i.dueOn) > agreedOn).map((i) => i.seq);
          expect(reminded).toEqual(expected);
        },
      ),
    );
  });
});

import { chargesAllowedFrom } from '../../api';
import { instantAt } from '@amicus/calendar';

const at = (date: string, hhmm = 10 * 60) => instantAt(date, hhmm, 'Europe/Brussels');

// legal-rules.md, "Term (BE-C-4), worked".
describe('BE-C-4 term after the free first reminder (worked examples)', () => {
  it.each([
    ['paper', 'letter', '2024-12-20', '2024-12-26', '2025-01-08', '2025-01-09'],
    ['paper', 'letter', '2024-03-28', '2024-04-03', '2024-04-16', '2024-04-17'],
    ['e-mail', 'email', '2024-07-17', '2024-07-18', '2024-07-31', '2024-08-01'],
    ['e-mail', 'email', '2024-07-19', '2024-07-22', '2024-08-04', '2024-08-05'],
  ] as const)('%s reminder sent %s: term %s–%s, charges from %s', (_label, channel, sent, start, end, from) => {
    const t = chargesAllowedFrom({ country: 'BE', sentAt: at(sent), channel });
    expect(t).toMatchObject({ rule: 'BE-C-4', sentOn: sent, termStart: start, termEnd: end, chargesFrom: from });
  });

  it('counts Christmas as a holiday but not the 24th or 26th of December', () => {
    // Posted Fri 20 Dec: Mon 23 (1), Tue 24 (2), Wed 25 holiday, Thu 26 (3).
    expect(chargesAllowedFrom({ country: 'BE', sentAt: at('2024-12-20'), channel: 'letter' }).termStart).toBe('2024-12-26');
  });

  it('uses the sending date in Brussels, not in UTC', () => {
    // 23:30 UTC on Tue 16 Jul is already Wed 17 Jul in Brussels.
    const t = chargesAllowedFrom({ country: 'BE', sentAt: '2024-07-16T23:30:00Z', channel: 'email' });
    expect(t.sentOn).toBe('2024-07-17');
    expect(t.chargesFrom).toBe('2024-08-01');
  });

  it('lets the business-day rule be configured (Choice): Saturdays counted', () => {
    const t = chargesAllowedFrom(
      { country: 'BE', sentAt: at('2024-07-19'), channel: 'email' },
      { businessDays: { weekdays: [1, 2, 3, 4, 5, 6], excludePublicHolidays: true } },
    );
    expect(t.termStart).toBe('2024-07-20');
  });
});

describe('NL-C-1 / NL-C-2 term after the 14-day letter', () => {
  const nl = (date: string) => instantAt(date, 10 * 60, 'Europe/Amsterdam');
  it('e-mail: received the day it is sent, 14 days from the next day', () => {
    const t = chargesAllowedFrom({ country: 'NL', sentAt: nl('2025-03-03'), channel: 'email' });
    expect(t).toMatchObject({ termStart: '2025-03-04', termEnd: '2025-03-17', chargesFrom: '2025-03-18' });
  });
  it('letter: received two business days after posting (Easter Monday skipped)', () => {
    // Posted Thu 17 Apr 2025; Fri 18 Apr (Good Friday is not a public holiday in date-holidays NL) = 1, Mon 21 Easter Monday, Tue 22 = 2.
    const t = chargesAllowedFrom({ country: 'NL', sentAt: nl('2025-04-17'), channel: 'letter' });
    expect(t).toMatchObject({ termStart: '2025-04-23', termEnd: '2025-05-06', chargesFrom: '2025-05-07' });
  });
  it('lets the receipt delay be configured (Choice)', () => {
    const t = chargesAllowedFrom(
      { country: 'NL', sentAt: nl('2025-03-03'), channel: 'email' },
      { nlReceipt: { emailDays: 1, letterBusinessDays: 2 } },
    );
    expect(t.chargesFrom).toBe('2025-03-19');
  });
});

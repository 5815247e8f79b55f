import { businessDaysAfter, countryOfTimeZone, isBusinessDay, nthBusinessDayAfter, WORKING_WEEK } from './index';

describe('business days', () => {
  it('skips weekends and public holidays (Easter Monday 2024 in Belgium)', () => {
    expect(nthBusinessDayAfter('BE', '2024-03-28', 1, WORKING_WEEK)).toBe('2024-03-29');
    expect(nthBusinessDayAfter('BE', '2024-03-29', 1, WORKING_WEEK)).toBe('2024-04-02');
    expect(isBusinessDay('BE', '2024-04-01', WORKING_WEEK)).toBe(false);
    expect(isBusinessDay('BE', '2024-04-01', { ...WORKING_WEEK, excludePublicHolidays: false })).toBe(true);
  });

  it('counts ten business days in the agency calendar of a zone, across Christmas in Brussels', () => {
    // Mon 16 Dec 2024 + 10 business days: 17–20, 23, 24, (25 holiday), 26, 27, 30, 31 → Tue 31 Dec.
    expect(businessDaysAfter('Europe/Brussels', '2024-12-16', 10)).toBe('2024-12-31');
    // A zone of no one country here: weekdays only.
    expect(businessDaysAfter('UTC', '2024-12-16', 10)).toBe('2024-12-30');
  });

  it('knows the country of a zone it maps', () => {
    expect(countryOfTimeZone('Europe/Amsterdam')).toBe('NL');
    expect(countryOfTimeZone('America/New_York')).toBeUndefined();
  });
});

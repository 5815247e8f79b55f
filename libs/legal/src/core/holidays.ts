/**
 * Public holidays and business-day counting: `@amicus/calendar`'s (the one implementation the
 * engine's terms and the services' service levels share).
 */
export { isBusinessDay, isPublicHoliday, nthBusinessDayAfter, publicHolidays } from '@amicus/calendar';

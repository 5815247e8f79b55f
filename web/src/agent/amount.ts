/** Today (or `days` from now) as YYYY-MM-DD in a time zone. */
export function calendarDate(timeZone: string, days = 0, now = new Date()): string {
  const at = new Date(now.getTime() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

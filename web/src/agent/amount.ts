/**
 * An amount as an agent types it ("120", "120,50", "1.234,56", "1,234.56", "€ 99.9") into
 * minor units (a string of digits), exactly — no floating point. The last `.` or `,` followed by
 * one or two digits (the currency's minor digits) is the decimal separator; any other separator
 * groups thousands. Null when it is not an amount.
 */
export function minorOfTyped(text: string, currency: string): string | null {
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const cleaned = text.replace(/[\s\u00a0\u202f']/g, '').replace(/^[^\d.,-]+|[^\d.,]+$/g, '');
  if (!/^\d[\d.,]*$/.test(cleaned)) return null;
  const last = Math.max(cleaned.lastIndexOf('.'), cleaned.lastIndexOf(','));
  const tail = last >= 0 ? cleaned.slice(last + 1) : '';
  const decimal = last >= 0 && digits > 0 && tail.length >= 1 && tail.length <= digits;
  const whole = (decimal ? cleaned.slice(0, last) : cleaned).replace(/[.,]/g, '');
  const fraction = decimal ? tail.padEnd(digits, '0') : '0'.repeat(digits);
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) return null;
  return (BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction || '0')).toString();
}

/** Today (or `days` from now) as YYYY-MM-DD in a time zone. */
export function calendarDate(timeZone: string, days = 0, now = new Date()): string {
  const at = new Date(now.getTime() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

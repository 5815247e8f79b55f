/** How many minor digits a currency has (2 for the euro, 0 for the yen). */
export function minorDigitsOf(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * An amount as a person types it ("50", "50,00", "1.234,56", "1 234.5", "€ 99,90", "1,234.56")
 * in minor units (a string of digits), exactly — never through a float. The last `,` or `.`
 * followed by at most the currency's minor digits is the decimal mark; any other mark (or
 * space) groups thousands and must be followed by three digits; one mark is not both. Null when
 * the text is no amount.
 */
export function minorOfTyped(text: string, currency: string): string | null {
  const digits = minorDigitsOf(currency);
  // Spaces and apostrophes group thousands as people write them; a sign or code around the number is not part of it.
  const typed = text.replace(/[\s\u00a0\u202f']/g, '').replace(/^[^\d.,-]+|[^\d.,]+$/g, '');
  if (!/^\d[\d.,]*$/.test(typed)) return null;
  let whole = typed;
  let fraction = '';
  const mark = Math.max(typed.lastIndexOf(','), typed.lastIndexOf('.'));
  if (mark >= 0 && digits > 0) {
    const after = typed.slice(mark + 1);
    if (after.length >= 1 && after.length <= digits) {
      whole = typed.slice(0, mark);
      fraction = after;
      // The decimal mark cannot also group the thousands ("12,345,6" is a typo, not an amount).
      if (whole.includes(typed[mark]!)) return null;
    }
  }
  const groups = whole.split(/[.,]/);
  if (groups.some((g, i) => (i === 0 ? !/^\d+$/.test(g) : !/^\d{3}$/.test(g)))) return null;
  return BigInt(groups.join('') + fraction.padEnd(digits, '0')).toString();
}

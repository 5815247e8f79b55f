import { decimalOf } from '../format';

/** A case as the export writes it (what the list query reads). */
export interface ExportedCase {
  id: string;
  phase: string;
  outcome?: string | null;
  openedAt: string;
  oldestDueDate: string;
  holdUntil?: string | null;
  brand?: { name: string } | null;
  debtor?: { name: string; clientReference?: string | null } | null;
  balance: { currency: string; principalMinor: string; paidMinor: string; openMinor: string };
}

/**
 * The cases as CSV (RFC 4180, UTF-8 with a BOM so spreadsheet programs read the accents):
 * amounts as exact decimals with a point, dates ISO, so the file reads the same in any locale.
 */
export function casesCsv(cases: readonly ExportedCase[], header: readonly string[]): string {
  const lines = [header.map(cell).join(',')];
  for (const c of cases) {
    lines.push(
      [
        c.id,
        c.debtor?.clientReference ?? '',
        c.debtor?.name ?? '',
        c.brand?.name ?? '',
        c.phase,
        c.outcome ?? '',
        c.balance.currency,
        decimalOf(c.balance.principalMinor, c.balance.currency),
        decimalOf(c.balance.paidMinor, c.balance.currency),
        decimalOf(c.balance.openMinor, c.balance.currency),
        c.oldestDueDate,
        c.openedAt.slice(0, 10),
        c.holdUntil ?? '',
      ]
        .map(cell)
        .join(','),
    );
  }
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** The export's columns, in the order `casesCsv` writes them (names are machine-readable, not translated). */
export const CSV_HEADER = [
  'case_id',
  'debtor_reference',
  'debtor',
  'brand',
  'phase',
  'outcome',
  'currency',
  'principal',
  'paid',
  'open',
  'oldest_due_date',
  'placed_on',
  'on_hold_until',
] as const;

function cell(value: string): string {
  // A leading =, +, - or @ would be a formula in a spreadsheet: quote it and prefix an apostrophe.
  const safe = /^[=+\-@]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Hands a text to the browser as a file download. */
export function download(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

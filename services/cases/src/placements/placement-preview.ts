import type { BoundMapping } from './column-mapping';
import { withDetectedDecimalSeparator } from './column-mapping';
import type { SourceRecord } from './file-reading';
import { validateRow, type RowValidation, type RowValidationContext } from './row-validation';

export type PreviewRow = { line: number } & RowValidation;

/**
 * The first `n` records as the import will read them: typed values or the reasons they would
 * be rejected, and the contact details they would leave out. Reads only what it shows; writes nothing.
 */
export async function preview(
  records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
  bound: BoundMapping,
  n: number,
  context: RowValidationContext,
): Promise<PreviewRow[]> {
  const sample: SourceRecord[] = [];
  if (n > 0) {
    for await (const record of records) {
      sample.push(record);
      if (sample.length >= n) break;
    }
  }
  const withSeparator = withDetectedDecimalSeparator(bound, sample);
  return sample.map((record) => ({ line: record.line, ...validateRow(record, withSeparator, context) }));
}

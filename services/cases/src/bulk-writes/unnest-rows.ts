import type { EntityManager } from 'typeorm';

/** Set-based insert of many rows: one array parameter per column, unnested by Postgres. */
export async function insertRows(
  m: EntityManager,
  table: string,
  columns: readonly (readonly [string, string])[],
  rows: unknown[][],
): Promise<void> {
  if (!rows.length) return;
  await m.query(
    `INSERT INTO ${table} (${columns.map(([c]) => c).join(', ')}) SELECT * FROM unnest(${columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`,
    columnsOf(rows, columns.length),
  );
}

/** Rows turned into one array per column, the parameters of an `unnest(...)`. */
export function columnsOf(rows: unknown[][], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) (columns[c] as unknown[])[r] = row[c];
  });
  return columns;
}

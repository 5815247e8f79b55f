/**
 * Rate periods in the database (`cases.rate_periods`, append-only: each row says who added it
 * and when, and nothing is ever updated or deleted). Every function takes the caller's
 * EntityManager: a tenant's (row-level security lets every role read, only the agency admin
 * add) or the scheduler's own.
 */
import type { EntityManager } from 'typeorm';
import type { RatePeriod, RateTable } from '@amicus/legal';
import { readNewPeriod, SHIPPED_RATE_TABLES, type NewRatePeriod, type RateTableId } from './rate-periods';

export interface StoredRatePeriod extends NewRatePeriod {
  addedBy: string;
  addedAt: Date;
}

/** A stored table: the engine's table with the stored periods, and who added each. */
export interface StoredRateTable extends RateTable {
  periods: StoredRatePeriod[];
}

/** A `cases.rate_periods` row. */
interface RatePeriodRow {
  table_id: RateTableId;
  valid_from: string;
  valid_through: string;
  rate_percent: string;
  source: string;
  added_by: string;
  added_at: Date;
}

const periodOfRow = (r: RatePeriodRow): StoredRatePeriod => ({
  tableId: r.table_id,
  from: r.valid_from,
  to: r.valid_through,
  ratePercent: r.rate_percent,
  source: r.source,
  addedBy: r.added_by,
  addedAt: r.added_at,
});

/** Every table with its stored periods in date order (a table without any has none: the engine refuses its interest). */
export async function storedRateTables(m: EntityManager): Promise<StoredRateTable[]> {
  const rows: RatePeriodRow[] = await m.query(
    `SELECT table_id, valid_from, valid_through, rate_percent, source, added_by, added_at FROM cases.rate_periods ORDER BY table_id, valid_from`,
  );
  const periods = rows.map(periodOfRow);
  return SHIPPED_RATE_TABLES.map((t) => ({ ...t, periods: periods.filter((p) => p.tableId === t.id) }));
}

/** The tables as the engine takes them (LegalOptions.rateTables): what the assessment and the scheduler pass it. */
export async function currentRateTables(m: EntityManager): Promise<Record<RateTableId, RateTable>> {
  const tables = await storedRateTables(m);
  const table = (id: RateTableId): RateTable => tables.find((t) => t.id === id)!;
  return { 'be-late-payment': table('be-late-payment'), 'nl-statutory': table('nl-statutory'), 'nl-commercial': table('nl-commercial') };
}

/** One change of a table at a time: the next period is read against the table as it is after the lock. */
export async function lockRateTable(m: EntityManager, tableId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`rate-table:${tableId}`]);
}

/** Inserts a period; false when the table has one starting that day already. */
export async function insertRatePeriod(m: EntityManager, p: StoredRatePeriod): Promise<boolean> {
  const rows: unknown[] = await m.query(
    `INSERT INTO cases.rate_periods (table_id, valid_from, valid_through, rate_percent, source, added_by, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (table_id, valid_from) DO NOTHING RETURNING table_id`,
    [p.tableId, p.from, p.to, p.ratePercent, p.source, p.addedBy, p.addedAt],
  );
  return rows.length === 1;
}

/**
 * The shipped periods (libs/legal/src/rates/) as the seed: each one the stored table does not
 * have yet and that continues it is added; a period the admin entered first is left alone. Idempotent.
 */
export async function seedRatePeriods(m: EntityManager, at: Date): Promise<void> {
  for (const shipped of SHIPPED_RATE_TABLES) {
    await lockRateTable(m, shipped.id);
    const stored: RatePeriod[] = (await storedRateTables(m)).find((t) => t.id === shipped.id)!.periods;
    for (const p of shipped.periods) {
      const { period } = readNewPeriod(
        { tableId: shipped.id, from: p.from, through: p.to, ratePercent: p.ratePercent, source: p.source },
        () => stored,
      );
      if (!period || !(await insertRatePeriod(m, { ...period, addedBy: 'seed', addedAt: at }))) continue;
      stored.push(period);
    }
  }
}

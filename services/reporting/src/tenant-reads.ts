import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { asTenant } from '@amicus/service-runtime';

/** The non-owner role the requests' reads run as, so that row-level security applies (migration 1765520000000). */
export const REPORTING_APP_ROLE = 'amicus_reporting_app';

/** One read as the caller: its own filter in the SQL, and Postgres' policies behind it. */
export function readAsTenant<T>(db: DataSource, identity: Identity, sql: string, params: unknown[]): Promise<T> {
  return asTenant(db, identity, REPORTING_APP_ROLE, (m) => m.query(sql, params) as Promise<T>);
}

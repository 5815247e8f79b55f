import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { asTenant } from '@amicus/service-runtime';

/** The non-owner role the requests' reads of a client's money run as, so that row-level security applies (migration 1765330000000). */
export const BILLING_APP_ROLE = 'amicus_billing_app';

/** Reads as the caller: the service's own filter, and Postgres' policies behind it. */
export function readAsTenant<T>(db: DataSource, identity: Identity, work: (m: EntityManager) => Promise<T>): Promise<T> {
  return asTenant(db, identity, BILLING_APP_ROLE, work);
}

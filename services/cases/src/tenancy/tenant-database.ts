import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { tenantSettings } from './tenant';

/** The non-superuser role request transactions run as, so that row-level security applies. */
export const CASES_APP_ROLE = 'amicus_cases_app';

/**
 * Every request's work runs in one transaction that first states who is asking (transaction-
 * local settings) and then drops to the `amicus_cases_app` role: Postgres' row-level security
 * then walls off other tenants' rows even where a query forgot its filter. The service's own
 * database user is a superuser here, which RLS would not apply to.
 */
@Injectable()
export class TenantDatabase {
  constructor(@InjectDataSource() readonly db: DataSource) {}

  run<T>(identity: Identity, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(async (m) => {
      await enterTenant(m, identity);
      return work(m);
    });
  }
}

export async function enterTenant(m: EntityManager, identity: Identity): Promise<void> {
  const settings = Object.entries(tenantSettings(identity));
  await m.query(`SELECT ${settings.map((_, i) => `set_config($${i * 2 + 1}, $${i * 2 + 2}, true)`).join(', ')}`, settings.flat());
  await m.query(`SET LOCAL ROLE ${CASES_APP_ROLE}`);
}

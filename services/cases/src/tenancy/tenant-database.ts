import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { asTenant, enterTenant as enterTenantAs } from '@amicus/service-runtime';

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

  /** A read-only request's works share one transaction (libs/service-runtime `asTenant`). */
  run<T>(identity: Identity, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return asTenant(this.db, identity, CASES_APP_ROLE, work);
  }
}

/** States the caller and drops to `amicus_cases_app`, in one statement. */
export function enterTenant(m: EntityManager, identity: Identity): Promise<void> {
  return enterTenantAs(m, identity, CASES_APP_ROLE);
}

import type { DataSource, EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';

/**
 * Row-level security for a request, the cases service's approach for every service: the work
 * runs in one transaction that first states who is asking (transaction-local settings
 * `app.role`, `app.client_ids`, `app.brand_ids`, `app.subject`) and then drops to the service's
 * non-owner role (`SET LOCAL ROLE`), so that Postgres' policies wall off other tenants' rows
 * even where a query forgot its filter. The service's own database user owns the tables and
 * (in development) is a superuser, which RLS would not apply to.
 */
export function tenantSettings(identity: Identity): Record<'app.role' | 'app.client_ids' | 'app.brand_ids' | 'app.subject', string> {
  // A UUID list is comma-joined; values that are not UUIDs are dropped so a setting can never parse as something else.
  const uuids = (ids: (string | null)[]) => ids.filter((id): id is string => !!id && UUID.test(id)).join(',');
  return {
    'app.role': identity.role,
    'app.client_ids': identity.role === 'client_user' ? uuids([identity.clientId]) : '',
    'app.brand_ids': identity.role === 'agent' ? uuids(identity.brandIds) : '',
    'app.subject': identity.subject,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE = /^[a-z_][a-z0-9_]*$/;

/** States the caller in the transaction `m` and drops to `appRole` for the rest of it. */
export async function enterTenant(m: EntityManager, identity: Identity, appRole: string): Promise<void> {
  if (!ROLE.test(appRole)) throw new Error(`unusable role name ${appRole}`);
  const settings = Object.entries(tenantSettings(identity));
  await m.query(`SELECT ${settings.map((_, i) => `set_config($${i * 2 + 1}, $${i * 2 + 2}, true)`).join(', ')}`, settings.flat());
  await m.query(`SET LOCAL ROLE ${appRole}`);
}

/** `work` in one transaction as the caller, behind the schema's row-level security. */
export function asTenant<T>(db: DataSource, identity: Identity, appRole: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(async (m) => {
    await enterTenant(m, identity, appRole);
    return work(m);
  });
}

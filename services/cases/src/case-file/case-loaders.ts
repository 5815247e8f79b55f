import DataLoader from 'dataloader';
import type { Identity } from '@amicus/auth';
import { type GqlContext, perRequest, requireIdentity } from '@amicus/service-runtime';
import type { BrandModel } from '../clients/client.model';
import type { DebtorRow } from '../debtors/debtor-rows';
import { caseScope, isUuid } from '../tenancy/tenant';
import type { TenantDatabase } from '../tenancy/tenant-database';
import { scopeSql } from './case-listing';
import { debtorModelOfRow } from './case-rows';
import type { DebtorModel } from './case.model';

/**
 * The case's sub-fields of one request, batched: the debtors and brands of a page of cases are
 * read in one query each (DataLoader), in the request's one transaction, instead of one
 * transaction per case and field. The walls are those of `CaseReadsService.debtor` and `.brand`.
 */
export interface CaseLoaders {
  debtor: DataLoader<string, DebtorModel | null>;
  brand: DataLoader<string, BrandModel | null>;
}

const LOADERS = Symbol('case loaders');

export function caseLoaders(ctx: GqlContext, tenant: TenantDatabase): CaseLoaders {
  return perRequest(ctx, LOADERS, () => {
    const identity = requireIdentity(ctx);
    return {
      debtor: new DataLoader((ids: readonly string[]) => debtorsByIds(tenant, identity, ids), { maxBatchSize: 500 }),
      brand: new DataLoader((ids: readonly string[]) => brandsByIds(tenant, identity, ids), { maxBatchSize: 500 }),
    };
  });
}

/** A debtor is visible when one of its cases is (or, for the client's users and the agency, always). */
async function debtorsByIds(tenant: TenantDatabase, identity: Identity, ids: readonly string[]): Promise<(DebtorModel | null)[]> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (!wanted.length) return ids.map(() => null);
  const visible = await tenant.run(identity, async (m) => {
    const rows: DebtorRow[] = await m.query(`SELECT * FROM cases.debtors WHERE id = ANY($1::uuid[])`, [wanted]);
    const mayByClient = (row: DebtorRow) =>
      identity.role === 'agency_admin' || (identity.role === 'client_user' && identity.clientId === row.client_id);
    const throughCases = rows.filter((row) => !mayByClient(row)).map((row) => row.id);
    const seen = new Set<string>();
    if (throughCases.length) {
      const params: unknown[] = [throughCases];
      const found: { debtor_id: string }[] = await m.query(
        `SELECT DISTINCT c.debtor_id FROM cases.cases c WHERE c.debtor_id = ANY($1::uuid[]) AND ${scopeSql(caseScope(identity), params)}`,
        params,
      );
      for (const f of found) seen.add(f.debtor_id);
    }
    return new Map(rows.filter((row) => mayByClient(row) || seen.has(row.id)).map((row) => [row.id, debtorModelOfRow(row)]));
  });
  return ids.map((id) => visible.get(id) ?? null);
}

/** The brands of cases the caller sees: their public identity (the agent answers in their name). */
async function brandsByIds(tenant: TenantDatabase, identity: Identity, ids: readonly string[]): Promise<(BrandModel | null)[]> {
  const wanted = [...new Set(ids.filter(isUuid))];
  if (!wanted.length) return ids.map(() => null);
  const rows: { id: string; client_id: string; name: string; languages: string[]; email: string | null; phone: string | null }[] =
    await tenant.run(identity, (m) =>
      m.query(`SELECT id, client_id, name, languages, email, phone FROM cases.brands WHERE id = ANY($1::uuid[])`, [wanted]),
    );
  const byId = new Map(
    rows.map((r) => [r.id, { id: r.id, clientId: r.client_id, name: r.name, languages: r.languages, email: r.email, phone: r.phone }]),
  );
  return ids.map((id) => byId.get(id) ?? null);
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import type { BrandModel } from '../clients/client.model';
import type { DebtorRow } from '../debtors/debtor-rows';
import { caseScope, inScope, isUuid } from '../tenancy/tenant';
import { TenantDatabase } from '../tenancy/tenant-database';
import { caseListSql, encodeCursor, scopeSql, type CaseListQuery } from './case-listing';
import {
  auditEntryOfRow,
  caseOfRow,
  claimOfRow,
  debtorModelOfRow,
  noteOfRow,
  type AuditRow,
  type CaseRow,
  type ClaimRow,
  type NoteRow,
} from './case-rows';
import type { AuditEntryModel, CaseModel, ClaimModel, DebtorModel, NoteModel } from './case.model';

/** Reading the case file: every query walled by the caller's scope (and by row-level security). */
@Injectable()
export class CaseReadsService {
  constructor(
    private readonly tenant: TenantDatabase,
    /** The agency's clock: ages are counted in its calendar's days. */
    private readonly clock: Clock,
  ) {}

  async list(
    identity: Identity,
    q: Omit<CaseListQuery, 'today'>,
  ): Promise<{ nodes: CaseModel[]; endCursor: string | null; hasNextPage: boolean }> {
    const { sql, params } = caseListSql(caseScope(identity), { ...q, today: this.clock.today() });
    const rows: (CaseRow & { sort_key: string })[] = await this.tenant.run(identity, (m) => m.query(sql, params));
    const page = rows.slice(0, q.first);
    const last = page[page.length - 1];
    return {
      nodes: page.map(caseOfRow),
      endCursor: last ? encodeCursor(last.sort_key, last.id) : null,
      hasNextPage: rows.length > q.first,
    };
  }

  async one(identity: Identity, caseId: string): Promise<CaseModel | null> {
    if (!isUuid(caseId)) return null;
    return this.tenant.run(identity, async (m) => {
      const row = await visibleCaseRow(m, identity, caseId);
      return row ? caseOfRow(row) : null;
    });
  }

  claims(identity: Identity, caseId: string): Promise<ClaimModel[]> {
    return this.tenant.run(identity, async (m) => {
      if (!(await visibleCaseRow(m, identity, caseId))) return [];
      const rows: ClaimRow[] = await m.query(`SELECT * FROM cases.claims WHERE case_id = $1 ORDER BY due_date, invoice_number`, [caseId]);
      return rows.map(claimOfRow);
    });
  }

  notes(identity: Identity, caseId: string): Promise<NoteModel[]> {
    return this.tenant.run(identity, async (m) => {
      if (!(await visibleCaseRow(m, identity, caseId))) return [];
      const rows: NoteRow[] = await m.query(
        `SELECT id, author, body, created_at FROM cases.notes WHERE case_id = $1 ORDER BY created_at, id`,
        [caseId],
      );
      return rows.map(noteOfRow);
    });
  }

  history(identity: Identity, caseId: string): Promise<AuditEntryModel[]> {
    return this.tenant.run(identity, async (m) => {
      if (!(await visibleCaseRow(m, identity, caseId))) return [];
      const rows: AuditRow[] = await m.query(
        `SELECT seq::text, actor_kind, actor_id, at, action, reason, before, after FROM cases.audit_entries e WHERE e.case_id = $1 ORDER BY e.seq`,
        [caseId],
      );
      return rows.map(auditEntryOfRow);
    });
  }

  /** A debtor is visible when one of its cases is (or, for the client's users and the agency, always). */
  debtor(identity: Identity, debtorId: string): Promise<DebtorModel | null> {
    if (!isUuid(debtorId)) return Promise.resolve(null);
    return this.tenant.run(identity, async (m) => {
      const [row]: DebtorRow[] = await m.query(`SELECT * FROM cases.debtors WHERE id = $1`, [debtorId]);
      if (!row) return null;
      const params: unknown[] = [debtorId];
      const mayByClient = identity.role === 'agency_admin' || (identity.role === 'client_user' && identity.clientId === row.client_id);
      if (!mayByClient) {
        const [visible] = await m.query(
          `SELECT 1 FROM cases.cases c WHERE c.debtor_id = $1 AND ${scopeSql(caseScope(identity), params)} LIMIT 1`,
          params,
        );
        if (!visible) return null;
      }
      return debtorModelOfRow(row);
    });
  }

  async debtors(identity: Identity, clientId: string, first: number, after: string | null): Promise<DebtorModel[]> {
    if (!(identity.role === 'agency_admin' || (identity.role === 'client_user' && identity.clientId === clientId))) return [];
    return this.tenant.run(identity, async (m) => {
      const rows: DebtorRow[] = await m.query(
        `SELECT * FROM cases.debtors WHERE client_id = $1 AND ($2::text IS NULL OR (name, id::text) > ($2, $3)) ORDER BY name, id LIMIT $4`,
        [clientId, after ? after.split('|')[0] : null, after ? after.split('|')[1] : '', first],
      );
      return rows.map(debtorModelOfRow);
    });
  }

  /** The brand of a case the caller sees: its public identity (the agent answers in its name). */
  async brand(identity: Identity, brandId: string): Promise<BrandModel | null> {
    const [row] = await this.tenant.run(identity, (m) =>
      m.query(`SELECT id, client_id, name, languages, email, phone FROM cases.brands WHERE id = $1`, [brandId]),
    );
    return row
      ? { id: row.id, clientId: row.client_id, name: row.name, languages: row.languages, email: row.email, phone: row.phone }
      : null;
  }
}

/** The case row when the caller may see it (the explicit wall; RLS holds the same one). */
export async function visibleCaseRow(
  m: EntityManager,
  identity: Identity,
  caseId: string,
  forUpdate = false,
): Promise<CaseRow | undefined> {
  const [row]: CaseRow[] = await m.query(
    `SELECT c.*, c.open_minor::text AS open_text FROM cases.cases c WHERE c.id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
    [caseId],
  );
  if (!row) return undefined;
  return inScope(caseScope(identity), { clientId: row.client_id, brandId: row.brand_id, phase: row.phase }) ? row : undefined;
}

/**
 * The case list as SQL: the caller's wall, the filters, the order and a keyset cursor
 * (`(sort key, id)` after the last row seen), so that page 1000 costs what page 1 costs.
 */
import { DomainError } from '@amicus/errors';
import type { CaseScope } from '../tenancy/tenant';

export type SortField = 'opened_at' | 'open_minor' | 'oldest_due_date' | 'next_action_at' | 'priority_score';

export interface CaseListQuery {
  filter: {
    clientId?: string;
    brandId?: string;
    debtorId?: string;
    phases?: string[];
    assignedAgentId?: string;
    minOpenMinor?: string;
    maxOpenMinor?: string;
    minAgeDays?: number;
    maxAgeDays?: number;
    nextActionFrom?: string;
    nextActionTo?: string;
  };
  order: { field: SortField; direction: 'ASC' | 'DESC' };
  first: number;
  after?: string | null;
  /** Today's calendar date, for ages. */
  today: string;
}

// A next action never set sorts last (as if infinitely far), so the key is never null.
const SORT_SQL: Record<SortField, string> = {
  opened_at: 'c.opened_at',
  open_minor: 'c.open_minor',
  oldest_due_date: 'c.oldest_due_date',
  next_action_at: "coalesce(c.next_action_at, 'infinity'::timestamptz)",
  priority_score: 'c.priority_score',
};
const SORT_TYPE: Record<SortField, string> = {
  opened_at: 'timestamptz',
  open_minor: 'bigint',
  oldest_due_date: 'date',
  next_action_at: 'timestamptz',
  priority_score: 'bigint',
};

/** The scope as a WHERE fragment over alias `c`; pushes its parameters. */
export function scopeSql(scope: CaseScope, params: unknown[]): string {
  switch (scope.kind) {
    case 'all':
      return 'true';
    case 'clients':
      params.push(scope.clientIds);
      return `c.client_id = ANY($${params.length}::uuid[])`;
    case 'brands':
      params.push(scope.brandIds);
      return `c.brand_id = ANY($${params.length}::uuid[])`;
    case 'legal_phases':
      return `c.phase IN ('legal_review', 'legal')`;
  }
}

export function caseListSql(scope: CaseScope, q: CaseListQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where = [scopeSql(scope, params)];
  const add = (fragment: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(fragment(`$${params.length}`));
  };
  const f = q.filter;
  if (f.clientId) add((p) => `c.client_id = ${p}::uuid`, f.clientId);
  if (f.brandId) add((p) => `c.brand_id = ${p}::uuid`, f.brandId);
  if (f.debtorId) add((p) => `c.debtor_id = ${p}::uuid`, f.debtorId);
  if (f.phases?.length) add((p) => `c.phase = ANY(${p}::text[])`, f.phases);
  if (f.assignedAgentId) add((p) => `c.assigned_agent_id = ${p}::uuid`, f.assignedAgentId);
  if (f.minOpenMinor) add((p) => `c.open_minor >= ${p}::bigint`, f.minOpenMinor);
  if (f.maxOpenMinor) add((p) => `c.open_minor <= ${p}::bigint`, f.maxOpenMinor);
  if (f.minAgeDays !== undefined) add((p) => `c.oldest_due_date <= ${p}::date`, addDays(q.today, -f.minAgeDays));
  if (f.maxAgeDays !== undefined) add((p) => `c.oldest_due_date >= ${p}::date`, addDays(q.today, -f.maxAgeDays));
  if (f.nextActionFrom) add((p) => `c.next_action_at >= ${p}::timestamptz`, f.nextActionFrom);
  if (f.nextActionTo) add((p) => `c.next_action_at <= ${p}::timestamptz`, f.nextActionTo);

  const key = SORT_SQL[q.order.field];
  const dir = q.order.direction === 'DESC' ? 'DESC' : 'ASC';
  if (q.after) {
    const [value, id] = decodeCursor(q.after);
    params.push(value, id);
    where.push(`(${key}, c.id) ${dir === 'ASC' ? '>' : '<'} ($${params.length - 1}::${SORT_TYPE[q.order.field]}, $${params.length}::uuid)`);
  }
  params.push(q.first + 1);
  const sql = `SELECT c.*, c.open_minor::text AS open_text, (${key})::text AS sort_key FROM cases.cases c
    WHERE ${where.join(' AND ')} ORDER BY ${key} ${dir}, c.id ${dir} LIMIT $${params.length}`;
  return { sql, params };
}

export function encodeCursor(sortKey: string, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id])).toString('base64url');
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && /^[0-9a-f-]{36}$/i.test(value[1]))
      return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw DomainError.invalid([{ field: 'page.after', reason: 'is not a cursor this list gave out' }]);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

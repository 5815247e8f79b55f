import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { isCalendarDate } from '@amicus/calendar';
import { DomainError, type FieldProblem } from '@amicus/errors';
import { agreementScope } from '../agreements/agreement';
import { ACCOUNTS, type Account } from './ledger';
import { type AccountBalance, type LedgerEntryView, balances, listEntries } from './ledger-store';
import { readAsTenant } from '../tenant-reads';

export interface LedgerQuery {
  clientId: string | null;
  account: string | null;
  from: string | null;
  to: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ledger's reads behind the walls: the agency sees every entry, a client user its own client's, anyone else none. */
@Injectable()
export class LedgerService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async entries(
    identity: Identity,
    q: LedgerQuery,
    first: number,
    after: string | null,
  ): Promise<{ nodes: LedgerEntryView[]; endCursor: string | null }> {
    const filter = this.filterOf(identity, q);
    if (!filter) return { nodes: [], endCursor: null };
    let cursor: { seq: string; line: number } | null = null;
    if (after) {
      const m = /^(\d+):(\d+)$/.exec(after);
      if (!m) throw DomainError.invalid([{ field: 'after', reason: 'is not a cursor this query gave' }]);
      cursor = { seq: m[1] ?? '0', line: Number(m[2]) };
    }
    const nodes = await readAsTenant(this.db, identity, (m) => listEntries(m, filter, first, cursor));
    const last = nodes[nodes.length - 1];
    return { nodes, endCursor: last && nodes.length === first ? `${last.seq}:${last.line}` : null };
  }

  async balances(identity: Identity, q: Omit<LedgerQuery, 'account'>): Promise<AccountBalance[]> {
    const filter = this.filterOf(identity, { ...q, account: null });
    return filter ? readAsTenant(this.db, identity, (m) => balances(m, filter)) : [];
  }

  /** The query checked field by field, walled to what the caller may see; null when that is nothing. */
  private filterOf(identity: Identity, q: LedgerQuery) {
    const problems: FieldProblem[] = [];
    if (q.clientId && !UUID.test(q.clientId)) problems.push({ field: 'clientId', reason: 'is not a client id (uuid)' });
    if (q.account && !(ACCOUNTS as readonly string[]).includes(q.account))
      problems.push({ field: 'account', reason: `is not one of ${ACCOUNTS.join(', ')}` });
    if (q.from && !isCalendarDate(q.from)) problems.push({ field: 'from', reason: 'is not a date (YYYY-MM-DD)' });
    if (q.to && !isCalendarDate(q.to)) problems.push({ field: 'to', reason: 'is not a date (YYYY-MM-DD)' });
    if (q.from && q.to && isCalendarDate(q.from) && isCalendarDate(q.to) && q.to < q.from)
      problems.push({ field: 'to', reason: 'is before from' });
    if (problems.length) throw DomainError.invalid(problems);
    const scope = agreementScope(identity);
    if (scope.kind === 'none') return null;
    if (scope.kind === 'client' && q.clientId && q.clientId !== scope.clientId) return null;
    return {
      clientId: scope.kind === 'client' ? scope.clientId : q.clientId,
      account: (q.account as Account | null) ?? null,
      from: q.from,
      to: q.to,
    };
  }
}

import { Injectable } from '@nestjs/common';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { TenantDatabase } from '../tenancy/tenant-database';
import { knownUntil } from '@amicus/legal';
import { readNewPeriod, tableWarning, type NewRatePeriodWire } from './rate-periods';
import { insertRatePeriod, lockRateTable, storedRateTables, type StoredRateTable } from './rate-store';

/** A table as the admin sees it: its periods, its last known day, and a warning when it ends soon. */
export interface RateTableView extends StoredRateTable {
  knownUntil: string | null;
  warning: string | null;
}

/**
 * The rate tables' use cases, one tenant transaction each: every role reads them (the engine
 * uses them for every case); the agency admin adds the next period of a table, with its source.
 */
@Injectable()
export class RatesService {
  constructor(
    private readonly tenant: TenantDatabase,
    private readonly clock: Clock,
  ) {}

  tables(identity: Identity): Promise<RateTableView[]> {
    return this.tenant.run(identity, async (m) => (await storedRateTables(m)).map((t) => this.view(t)));
  }

  /** Adds the period that continues a table (agency admin); the addition itself is the audit entry (who, when, source). */
  async add(identity: Identity, wire: NewRatePeriodWire): Promise<RateTableView> {
    if (identity.role !== 'agency_admin') throw new DomainError('forbidden', 'only the agency admin adds rate periods');
    const now = this.clock.now();
    return this.tenant.run(identity, async (m) => {
      // The lock before the read: two admins adding at once cannot both continue the same end.
      await lockRateTable(m, wire.tableId.trim());
      const tables = await storedRateTables(m);
      const { period, problems } = readNewPeriod(wire, (id) => tables.find((t) => t.id === id)!.periods);
      if (!period) throw DomainError.invalid(problems.map((p) => ({ field: `input.${p.field}`, reason: p.reason })));
      if (!(await insertRatePeriod(m, { ...period, addedBy: identity.subject, addedAt: now })))
        throw DomainError.invalid([{ field: 'input.from', reason: `${period.tableId} has a period from ${period.from} already` }]);
      return this.view((await storedRateTables(m)).find((t) => t.id === period.tableId)!);
    });
  }

  private view(t: StoredRateTable): RateTableView {
    return { ...t, knownUntil: knownUntil(t) ?? null, warning: tableWarning(t, this.clock.today()) };
  }
}

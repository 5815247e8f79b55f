import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { escapeLiteral } from 'pg';
import type { Identity } from '@amicus/auth';

/**
 * Row-level security for a request, the cases service's approach for every service: the work
 * runs in a transaction that first states who is asking (transaction-local settings `app.role`,
 * `app.client_ids`, `app.brand_ids`, `app.subject`) and drops to the service's non-owner role
 * (the transaction-local `role` setting, what `SET LOCAL ROLE` sets), so that Postgres' policies
 * wall off other tenants' rows even where a query forgot its filter. The service's own database
 * user owns the tables and (in development) is a superuser, which RLS would not apply to.
 *
 * All of it is one statement (`SELECT set_config(..), ..`): one round trip. Being transaction-
 * local, the settings and the role end with the transaction, so a pooled connection never carries
 * one request's tenant into the next.
 *
 * A read-only request (a GraphQL query; see `beginRequestScope`) shares such a transaction per
 * data source and role among its reads — opened at its first read, committed when no read of it
 * is left running — instead of one transaction per resolved field.
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

/** The settings and the role, as name/value pairs for `set_config(name, value, true)`. */
function settingsOf(identity: Identity, appRole: string): [string, string][] {
  if (!ROLE.test(appRole)) throw new Error(`unusable role name ${appRole}`);
  return [...Object.entries(tenantSettings(identity)), ['role', appRole]];
}

/** States the caller in the transaction `m` and drops to `appRole` for the rest of it, in one round trip. */
export async function enterTenant(m: EntityManager, identity: Identity, appRole: string): Promise<void> {
  const settings = settingsOf(identity, appRole);
  await m.query(`SELECT ${settings.map((_, i) => `set_config($${i * 2 + 1}, $${i * 2 + 2}, true)`).join(', ')}`, settings.flat());
}

/**
 * `work` in a transaction as the caller, behind the schema's row-level security: the request's
 * shared one when the caller's request is read-only (`beginRequestScope`), else its own.
 */
export function asTenant<T>(db: DataSource, identity: Identity, appRole: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
  const scope = scopes.get(identity);
  return scope ? scope.run(db, appRole, work) : ownTransaction(db, identity, appRole, work);
}

function ownTransaction<T>(db: DataSource, identity: Identity, appRole: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(async (m) => {
    await enterTenant(m, identity, appRole);
    return work(m);
  });
}

/** The request scope of an identity object (the request's own copy: see `beginRequestScope`). */
const scopes = new WeakMap<Identity, RequestScope>();

/**
 * Opens the scope of one read-only request for `identity` (an object of this request alone):
 * every `asTenant` with that identity object then shares one transaction per data source and
 * role while its reads keep coming (see `closeWhenIdle`), and `end()` commits what is left. A request that may write
 * (a mutation) gets no scope: each of its works keeps its own transaction, which rolls back
 * when the work fails.
 */
export function beginRequestScope(identity: Identity): RequestScope {
  const scope = new RequestScope(identity);
  scopes.set(identity, scope);
  return scope;
}

/** A Postgres error that leaves the transaction aborted (every error a statement raises does). */
const pgCode = (e: unknown): string | undefined => {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = err?.driverError?.code ?? err?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};
const IN_FAILED_TRANSACTION = '25P02';

interface Shared {
  runner: QueryRunner;
  /** Bumped each time a failed statement made the transaction start over. */
  epoch: number;
  /** Resolves when the transaction can take statements (after a start-over). */
  ready: Promise<void>;
}

export class RequestScope {
  private readonly shared = new Map<DataSource, Map<string, Promise<Shared>>>();
  private pending = 0;
  private ended = false;
  private idle: (() => void) | null = null;
  private closing: NodeJS.Immediate | null = null;

  constructor(readonly identity: Identity) {}

  async run<T>(db: DataSource, appRole: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    if (this.ended) return ownTransaction(db, this.identity, appRole, work);
    this.pending++;
    try {
      const shared = await this.sharedFor(db, appRole);
      for (let attempt = 1; ; attempt++) {
        await shared.ready;
        const epoch = shared.epoch;
        try {
          return await work(shared.runner.manager);
        } catch (e) {
          const code = pgCode(e);
          if (code === undefined) throw e; // an error of the work itself: the transaction is fine
          // A failed statement aborted the transaction: start it over (once per failure), and
          // redo a read that failed only because another read of this request had failed before it.
          if (shared.epoch === epoch) this.startOver(shared, appRole);
          if (code !== IN_FAILED_TRANSACTION || attempt > 1) throw e;
        }
      }
    } finally {
      if (--this.pending === 0) {
        this.idle?.();
        this.closeWhenIdle();
      }
    }
  }

  /** Commits the request's transactions (once its works are done) and gives the connections back. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    scopes.delete(this.identity);
    if (this.closing) clearImmediate(this.closing);
    if (this.pending > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    await this.closeAll();
  }

  /**
   * No work of the request running, and none started in this turn of the event loop (the next
   * fields' reads, a DataLoader's batch, start in the same turn): the connection goes back to the
   * pool until the next read, so a request never holds one while it waits for anything else
   * (another connection, another service) — as when each work had its own transaction.
   */
  private closeWhenIdle(): void {
    if (this.closing || this.ended) return;
    this.closing = setImmediate(() => {
      this.closing = null;
      if (this.pending === 0) void this.closeAll();
    });
  }

  private async closeAll(): Promise<void> {
    const all = [...this.shared.values()].flatMap((byRole) => [...byRole.values()]);
    this.shared.clear();
    await Promise.all(
      all.map(async (opening) => {
        const shared = await opening.catch(() => null);
        if (!shared) return;
        try {
          await shared.ready;
          await shared.runner.commitTransaction();
          await shared.runner.release();
        } catch (e) {
          // A connection that cannot end its transaction is not given back to the pool.
          await releaseBroken(shared.runner, e);
        }
      }),
    );
  }

  private sharedFor(db: DataSource, appRole: string): Promise<Shared> {
    let byRole = this.shared.get(db);
    if (!byRole) this.shared.set(db, (byRole = new Map()));
    let opening = byRole.get(appRole);
    if (!opening) {
      const forRole = byRole;
      const opened = this.open(db, appRole);
      forRole.set(appRole, opened);
      // A failed opening is forgotten, so the next work tries again.
      opened.catch(() => forRole.get(appRole) === opened && forRole.delete(appRole));
      opening = opened;
    }
    return opening;
  }

  private async open(db: DataSource, appRole: string): Promise<Shared> {
    const runner = db.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      await enterTenant(runner.manager, this.identity, appRole);
      return { runner, epoch: 0, ready: Promise.resolve() };
    } catch (e) {
      await releaseBroken(runner, e);
      throw e;
    }
  }

  /**
   * Rolls the aborted transaction back and opens the next one, as the same caller, in one
   * simple-protocol statement: no statement of another work can run between the end of one
   * transaction and the settings of the next (outside any transaction, as the service's owner).
   */
  private startOver(shared: Shared, appRole: string): void {
    shared.epoch++;
    const settings = settingsOf(this.identity, appRole)
      .map(([name, value]) => `set_config(${escapeLiteral(name)}, ${escapeLiteral(value)}, true)`)
      .join(', ');
    // When this fails, every later work of the request on this connection fails with it, and closing drops the connection.
    shared.ready = shared.runner.query(`ROLLBACK; START TRANSACTION; SELECT ${settings}`).then(() => undefined);
    shared.ready.catch(() => undefined);
  }
}

async function releaseBroken(runner: QueryRunner, error: unknown): Promise<void> {
  const pg = runner as QueryRunner & { releasePostgresConnection?: (err?: unknown) => Promise<void> };
  try {
    if (pg.releasePostgresConnection) await pg.releasePostgresConnection(error instanceof Error ? error : new Error(String(error)));
    else await runner.release();
  } catch {
    // already released
  }
}

/**
 * `amicus messages parked` and `amicus messages replay` (issue 18 §4): the messages a service's
 * consumers parked — an event they could not read, or whose handler failed for good — listed
 * from each service's schema, and replayed once the cause is fixed. A replay is asked for in the
 * database; the running consumer of the message's group takes it within seconds, runs its handler
 * once (in the transaction that records the event processed) and drops the payload. The command
 * waits for the outcome and says it; a service that is not running replays when it starts.
 */
import { DataSource } from 'typeorm';
import { DomainError } from '@amicus/errors';
import { listParked, requestReplay, type ParkedMessage } from '@amicus/messaging';

/** The services whose schemas hold messaging tables (each schema is named after its service). */
export const MESSAGING_SERVICES = ['cases', 'communications', 'billing', 'reporting'] as const;

export interface Parked extends ParkedMessage {
  service: string;
}

function servicesOf(service: string | undefined): string[] {
  if (!service) return [...MESSAGING_SERVICES];
  if (!(MESSAGING_SERVICES as readonly string[]).includes(service))
    throw DomainError.invalid([{ field: '--service', reason: `must be one of ${MESSAGING_SERVICES.join(', ')}` }]);
  return [service];
}

/** `--id communications/12`, or `--id 12` with `--service communications`. */
function parseId(id: string, service: string | undefined): { service: string; id: string } {
  const m = /^(?:([a-z]+)\/)?(\d+)$/.exec(id);
  const named = m?.[1] ?? service;
  if (!m || !named)
    throw DomainError.invalid([{ field: '--id', reason: 'must be SERVICE/NUMBER (as listed), or a number with --service' }]);
  return { service: servicesOf(named)[0]!, id: m[2]! };
}

async function withDatabase<T>(env: NodeJS.ProcessEnv, work: (db: DataSource) => Promise<T>): Promise<T> {
  const db = new DataSource({ type: 'postgres', url: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amicus', poolSize: 2 });
  await db.initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** A service that never ran on this database has no schema yet: nothing parked there. */
async function hasMessagingTables(db: DataSource, service: string): Promise<boolean> {
  const [row]: { found: boolean }[] = await db.query(`SELECT to_regclass($1) IS NOT NULL AS found`, [`"${service}".parked_messages`]);
  return Boolean(row?.found);
}

export async function parkedMessages(opts: { service?: string; all?: boolean; env?: NodeJS.ProcessEnv }): Promise<Parked[]> {
  const services = servicesOf(opts.service);
  return withDatabase(opts.env ?? process.env, async (db) => {
    const found: Parked[] = [];
    for (const service of services) {
      if (!(await hasMessagingTables(db, service))) continue;
      found.push(...(await listParked(db, service, { all: opts.all })).map((p) => ({ ...p, service })));
    }
    return found;
  });
}

export interface ReplayOutcome {
  message: Parked;
  outcome: 'replayed' | 'parked again' | 'waiting';
}

/**
 * Asks for a replay of one parked message (`id`) or of every waiting one (`all`, within `service`
 * if given), then waits up to `waitMs` for the consumers to take them.
 */
export async function replayParked(opts: {
  service?: string;
  id?: string;
  all?: boolean;
  waitMs?: number;
  env?: NodeJS.ProcessEnv;
}): Promise<ReplayOutcome[]> {
  if (Boolean(opts.id) === Boolean(opts.all)) throw DomainError.invalid([{ field: '--id', reason: 'give either --id ID or --all' }]);
  const targets = opts.id ? [parseId(opts.id, opts.service)] : servicesOf(opts.service).map((service) => ({ service, id: undefined }));
  return withDatabase(opts.env ?? process.env, async (db) => {
    const asked: Parked[] = [];
    for (const t of targets) {
      if (!(await hasMessagingTables(db, t.service))) continue;
      asked.push(...(await requestReplay(db, t.service, { id: t.id }, new Date())).map((p) => ({ ...p, service: t.service })));
    }
    if (opts.id && asked.length === 0)
      throw new DomainError('not_found', `no parked message ${opts.id} waits for a replay (unknown, replayed, or its payload purged)`);
    const until = Date.now() + (opts.waitMs ?? 30_000);
    for (;;) {
      const outcomes = await Promise.all(
        asked.map(async (message): Promise<ReplayOutcome> => {
          const [now] = await listParked(db, message.service, { id: message.id, all: true });
          const outcome = now?.replayedAt ? 'replayed' : now && now.replays > message.replays ? 'parked again' : 'waiting';
          return { message: now ? { ...now, service: message.service } : message, outcome };
        }),
      );
      if (outcomes.every((o) => o.outcome !== 'waiting') || Date.now() > until) return outcomes;
      await new Promise((r) => setTimeout(r, 500));
    }
  });
}

/** One line per parked message: where it is, since when, why. */
export function parkedLines(parked: Parked[]): string[] {
  if (parked.length === 0) return ['no parked messages'];
  return parked.map((p) => {
    const state = p.replayedAt ? ' [replayed]' : p.purgedAt ? ' [payload purged]' : p.replayRequestedAt ? ' [replay asked]' : '';
    return `${p.service}/${p.id}  ${p.consumer}  ${p.topic}[${p.partition}]@${p.offset}  parked ${new Date(p.parkedAt).toISOString()}  ${p.failure}${state}: ${p.error}`;
  });
}

export function replayLines(outcomes: ReplayOutcome[]): string[] {
  if (outcomes.length === 0) return ['no parked messages wait for a replay'];
  return outcomes.map(({ message: m, outcome }) =>
    outcome === 'waiting'
      ? `${m.service}/${m.id}: asked for; the ${m.service} service replays it when its consumer ${m.consumer} runs`
      : outcome === 'replayed'
        ? `${m.service}/${m.id}: replayed`
        : `${m.service}/${m.id}: failed again, still parked: ${m.error}`,
  );
}

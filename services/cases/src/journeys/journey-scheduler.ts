import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@amicus/calendar';
import { Outbox } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { CASES_SCHEMA } from '../cases-schema';
import { CASES_CONFIG, type CasesConfig } from '../config';
import { stopJourney, takeDueJourneys, type DueCursor, type JourneyRow } from './journey-store';
import { journeyContext, perPass } from './journey-plan';
import { handleJourneys, type StepContext, type StepOutcome } from './journey-step';
import { sweepOverdueDisputes } from '../disputes/dispute-sweep';
import { sweepPlansAndPromises } from '../plans/plan-sweep';
import { sweepInstalmentReminders } from '../plans/reminder-sweep';

export type PassReport = Record<StepOutcome | 'failed', number>;

/**
 * One pass: batches of due journeys until none is due (a journey started in a batch may fall
 * due at once and runs in a later batch of the same pass). `loops` batch loops run at once, each
 * in its own transaction — as two schedulers would, taking disjoint batches (SKIP LOCKED) — so
 * that one loop's planning overlaps the other's statements. Framework-free, for the service's
 * timer, `amicus scheduler run` and the tests alike.
 */
export async function schedulerPass(
  db: DataSource,
  ctx: StepContext,
  batchSize = 200,
  log?: Pick<Logger, 'error'>,
  loops = 2,
): Promise<PassReport> {
  const report: PassReport = { started: 0, ran: 0, waited: 0, skipped: 0, review: 0, stopped: 0, failed: 0 };
  // Plans and promises due for a check first: a broken one wakes its journey for this very pass.
  await sweepPlansAndPromises((work) => db.transaction(work), ctx);
  // Then the reminders before instalments of the plans still kept (a plan broken just now gets none).
  await sweepInstalmentReminders((work) => db.transaction(work), ctx);
  // Disputes whose client's answer is overdue: the client reminded, later the account manager.
  await sweepOverdueDisputes((work) => db.transaction(work), ctx);
  const pass = perPass(ctx); // a pass reads each client's scenarios and segments, and the rates, once
  // A second loop starts only once a batch comes back full: a pass with little or nothing due is one transaction.
  const running: Promise<void>[] = [];
  const loop = async (): Promise<void> => {
    // Each loop walks the due index from where its last batch ended; when the walk finds nothing
    // more, one walk from the start takes what it passed (journeys due again at once, ones
    // another loop held), and the loop ends when that finds nothing either.
    let cursor: DueCursor | null = null;
    for (;;) {
      const after = cursor;
      const last = await db.transaction(async (m) => {
        const due = await takeDueJourneys(m, ctx.clock.now(), batchSize, after);
        if (due.length === batchSize && running.length < loops) running.push(loop());
        for (const outcome of await handleBatch(m, due, pass, log)) report[outcome]++;
        const end = due.at(-1);
        return end ? { at: end.next_step_at!, caseId: end.case_id } : null;
      });
      if (last) cursor = last;
      else if (after) cursor = null;
      else return;
    }
  };
  running.push(loop());
  // Every loop ends before the pass does, even when one fails (the next pass must not overlap a loop still running).
  for (let settled = 0; settled < running.length;) {
    const upTo = running.length;
    const ended = await Promise.allSettled(running.slice(settled, upTo));
    settled = upTo;
    const failed = ended.find((e): e is PromiseRejectedResult => e.status === 'rejected');
    if (failed) {
      await Promise.allSettled(running);
      throw failed.reason;
    }
  }
  return report;
}

/**
 * A batch set-based under a savepoint; when it fails, each journey again under its own, so that
 * one failing case is set aside for review (not retried for ever) and never stops the rest.
 */
async function handleBatch(
  m: EntityManager,
  due: JourneyRow[],
  ctx: StepContext,
  log?: Pick<Logger, 'error'>,
): Promise<(StepOutcome | 'failed')[]> {
  if (due.length === 0) return [];
  await m.query('SAVEPOINT batch');
  try {
    const outcomes = await handleJourneys(m, due, ctx);
    await m.query('RELEASE SAVEPOINT batch');
    return outcomes;
  } catch {
    await m.query('ROLLBACK TO SAVEPOINT batch');
  }
  const outcomes: (StepOutcome | 'failed')[] = [];
  for (const j of due) outcomes.push(await handleOne(m, j, ctx, log));
  return outcomes;
}

async function handleOne(m: EntityManager, j: JourneyRow, ctx: StepContext, log?: Pick<Logger, 'error'>): Promise<StepOutcome | 'failed'> {
  await m.query('SAVEPOINT journey');
  try {
    const [outcome] = await handleJourneys(m, [j], ctx);
    await m.query('RELEASE SAVEPOINT journey');
    return outcome!;
  } catch (e) {
    await m.query('ROLLBACK TO SAVEPOINT journey');
    const reason = `the scheduler failed on this case: ${(e as Error).message}`;
    log?.error(`${j.case_id}: ${reason}`);
    await stopJourney(m, j.case_id, 'review', reason, ctx.clock.now());
    return 'failed';
  }
}

/**
 * A pass's context outside the Nest app (`amicus scheduler run`, whole-system tests): the
 * agency's clock, and the cases outbox, which the running service's relay publishes.
 */
export function standaloneContext(opts: { timeZone: string; agencyRegistration: string | null; topicPrefix: string }): StepContext {
  const outbox = new Outbox(CASES_SCHEMA, { topicPrefix: opts.topicPrefix });
  return journeyContext({
    clock: new Clock(opts.timeZone),
    agencyRegistration: opts.agencyRegistration,
    publish: (m, events) => outbox.append(m, events),
  });
}

/**
 * Moves every case along its journey: a pass takes the due journeys in batches, each batch in
 * one transaction with its journeys locked (SKIP LOCKED: a second scheduler takes others), and
 * handles each under a savepoint, so one failing case is set aside for review, not retried for
 * ever, and never stops the rest. Runs every AMICUS_SCHEDULER_INTERVAL_MS (0: only when asked).
 */
@Injectable()
export class JourneyScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('JourneyScheduler');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly context: StepContext;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    messaging: Messaging,
    private readonly clock: Clock,
    @Inject(CASES_CONFIG) private readonly config: CasesConfig,
  ) {
    this.context = journeyContext({
      clock,
      agencyRegistration: config.AMICUS_AGENCY_REGISTRATION || null,
      publish: (m, events) => messaging.publish(m, events),
    });
  }

  onApplicationBootstrap(): void {
    const every = this.config.AMICUS_SCHEDULER_INTERVAL_MS;
    if (every > 0) this.timer = setInterval(() => void this.tick(), every);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass over everything due now. */
  runPass(batchSize = 200): Promise<PassReport> {
    return schedulerPass(this.db, this.context, batchSize, this.log);
  }

  /** A timer's pass; none while the previous one still runs. */
  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runPass()
      .then((r) => void (r.ran + r.started + r.failed > 0 && this.log.log(`pass: ${JSON.stringify(r)}`)))
      .catch((e: Error) => this.log.error(`pass failed: ${e.message}`))
      .finally(() => (this.running = null));
    await this.running;
  }
}

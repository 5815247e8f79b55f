/**
 * `amicus scheduler run --once`: one pass of the cases scheduler now, on the database, as the
 * service's timer runs it (for scripts and demos; the service may be stopped or running — two
 * passes at once never take the same step). The communications it requests land in the cases
 * outbox; the running cases service's relay publishes them.
 */
import { openCasesDataSource, readCasesConfig, schedulerPass, standaloneContext, type PassReport } from '@amicus/cases';

export async function runSchedulerOnce(opts: { databaseUrl?: string } = {}): Promise<PassReport> {
  const config = readCasesConfig();
  const ds = await openCasesDataSource(opts.databaseUrl ?? config.DATABASE_URL, 2);
  try {
    const context = standaloneContext({
      timeZone: config.AMICUS_AGENCY_TIME_ZONE,
      agencyRegistration: config.AMICUS_AGENCY_REGISTRATION || null,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
    });
    return await schedulerPass(ds, context);
  } finally {
    await ds.destroy();
  }
}

/** The report the command prints. */
export function passLines(r: PassReport, seconds: number): string[] {
  return [
    `scheduler pass in ${seconds.toFixed(1)} s`,
    `journeys started       ${r.started}`,
    `steps run              ${r.ran}`,
    `steps waiting          ${r.waited} (refused until a later date, on hold, or a promise)`,
    `steps passed over      ${r.skipped} (their conditions no longer hold, or the debtor reacted)`,
    `set aside for an agent ${r.review}`,
    `journeys stopped       ${r.stopped}`,
    `failed                 ${r.failed}${r.failed ? ' (each set aside for an agent; see the case history)' : ''}`,
  ];
}

/**
 * `amicus outgoing [--date D] [--client ID] [--brand ID]`: what the scheduler will send on a
 * date, read from the database without writing anything (the cases service's own
 * JourneysService.outgoing, as the agency admin, under row-level security).
 */
import { Clock } from '@amicus/calendar';
import { JourneysService, TenantDatabase, openCasesDataSource, readCasesConfig, type OutgoingReport } from '@amicus/cases';
import { formatAmount } from '@amicus/money';
import { OPERATOR } from './import';

export interface OutgoingOptions {
  date?: string;
  clientId?: string;
  brandId?: string;
  databaseUrl?: string;
}

export async function outgoingReport(opts: OutgoingOptions): Promise<OutgoingReport> {
  const config = readCasesConfig();
  const ds = await openCasesDataSource(opts.databaseUrl ?? config.DATABASE_URL, 2);
  try {
    const journeys = new JourneysService(new TenantDatabase(ds), new Clock(config.AMICUS_AGENCY_TIME_ZONE), config);
    return await journeys.outgoing(OPERATOR, { date: opts.date, clientId: opts.clientId, brandId: opts.brandId });
  } finally {
    await ds.destroy();
  }
}

const money = (minor: string, currency: string) => formatAmount({ amountMinor: BigInt(minor), currency });

/** The readable summary: counts per channel, the steps that go out, those that will not (with rule and date). */
export function outgoingLines(r: OutgoingReport, shown = 50): string[] {
  const counts = r.counts.map((c) => `${c.channel} ${c.count}`).join(', ');
  const lines = [`what goes out on ${r.date}: ${r.goingOut.length} step(s)${counts ? ` (${counts})` : ''}; ${r.heldBack.length} held back`];
  if (r.goingOut.length) lines.push('', `goes out${more(r.goingOut.length, shown)}:`);
  for (const g of r.goingOut.slice(0, shown)) {
    const a = g.amounts;
    const amounts = a
      ? `${a.currency} ${money(a.totalMinor, a.currency)} (principal ${money(a.principalMinor, a.currency)}, interest ${money(a.interestMinor, a.currency)}, damages ${money(a.damagesMinor, a.currency)}, paid ${money(a.paidMinor, a.currency)})`
      : 'no amounts';
    lines.push(
      `  ${g.caseId}  ${g.debtorName}: ${g.step.key} (${g.step.kind}) by ${g.channel}${g.template ? `, template ${g.template}` : ''}`,
      `      ${amounts}; ${g.decision.rule}: ${g.decision.reason}`,
    );
  }
  if (r.heldBack.length) lines.push('', `will not go out${more(r.heldBack.length, shown)}:`);
  for (const h of r.heldBack.slice(0, shown)) {
    const when = h.earliestAt ? `may from ${h.earliestAt}` : h.outcome === 'review' ? 'an agent decides' : 'not by itself';
    lines.push(
      `  ${h.caseId}  ${h.debtorName}: ${h.step ? `${h.step.key} (${h.step.kind})` : 'journey'} — ${h.outcome}, ${when}`,
      `      ${h.rule ? `${h.rule}: ` : ''}${h.reason}`,
    );
  }
  return lines;
}

const more = (n: number, shown: number) => (n > shown ? ` (first ${shown} of ${n})` : ` (${n})`);

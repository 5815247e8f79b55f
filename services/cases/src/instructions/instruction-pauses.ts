/**
 * What pauses a case's journey on behalf of its complaints and settlements (journeys/journey.ts
 * `mayGoOn` reads it as `paused`): an open complaint the agency admin paused collection for
 * (asked again each day; closing it, or lifting the pause, wakes the journey), and a settlement
 * accepted to be paid at once, until the day after its pay-by date (a settlement by plan: the
 * plan pauses the journey itself).
 */
import type { EntityManager } from 'typeorm';
import { addDays, instantAt, type Clock, type Instant } from '@amicus/calendar';
import { complaintPauses } from '../complaints/complaint-store';
import { settlementPauses } from '../settlements/settlement-store';

export interface CasePause {
  until: Instant;
  reason: string;
}

export async function casePausesOf(m: EntityManager, caseIds: readonly string[], clock: Clock, now: Date): Promise<Map<string, CasePause>> {
  const today = clock.today(now);
  const out = new Map<string, CasePause>();
  for (const [caseId, payBy] of await settlementPauses(m, caseIds))
    if (today <= payBy)
      out.set(caseId, {
        until: instantAt(addDays(payBy, 1), 0, clock.timeZone),
        reason: `a settlement was accepted: collection waits for its payment until the day after ${payBy}`,
      });
  const tomorrow = instantAt(addDays(today, 1), 0, clock.timeZone);
  for (const [caseId, reason] of await complaintPauses(m, caseIds)) out.set(caseId, { until: tomorrow, reason });
  return out;
}
